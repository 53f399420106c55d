import { strict as assert } from "assert";
import { OfflineRun } from "../../tools/offline";
import { ACCOUNT, find, planBoth, policyOf } from "../helpers";
import { BACKUP_READ_ACTIONS, PersonaScope } from "../../personas/policies";

const A = ACCOUNT;
const SRC = "ap-northeast-1";
const DST = "ap-southeast-2";
const SERVICE_ROLE = `arn:aws:iam::${A}:role/BackupTest-ServiceBackupPolicy`;
const SRC_VAULT = `arn:aws:backup:${SRC}:${A}:backup-vault:TestEFS-Source-BackupVault`;
const DST_VAULT = `arn:aws:backup:${DST}:${A}:backup-vault:TestEFS-Dest-BackupVault`;
const SRC_RPS = `arn:aws:backup:${SRC}:${A}:recovery-point:*`;
const DST_RPS = `arn:aws:backup:${DST}:${A}:recovery-point:*`;
const PASS_ROLE = {
    Sid: "PassServiceRoleToBackup",
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: SERVICE_ROLE,
    Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
};
const FIND_FS = {
    Sid: "FindFileSystems",
    Effect: "Allow",
    Action: "elasticfilesystem:DescribeFileSystems",
    Resource: `arn:aws:elasticfilesystem:${SRC}:${A}:file-system/*`,
};
const SCOPE: PersonaScope = {
    partition: "aws",
    accountId: A,
    sourceRegion: SRC,
    destRegion: DST,
    sourceVaultName: "s",
    destVaultName: "d",
    sourceKeyArn: "k1",
    destKeyArn: "k2",
    serviceRoleName: "svc",
};
const GET_ROLE = { Sid: "ReadServiceRole", Effect: "Allow", Action: "iam:GetRole", Resource: SERVICE_ROLE };

describe("BackupRoleSet", () => {
    let source: OfflineRun;
    before(async () => {
        ({ source } = await planBoth());
    });

    it("trusts AWS Backup for the service role, guarded by aws:SourceAccount", () => {
        const role = find(source, "aws:iam/role:Role", "backup-service");
        assert.equal(role.inputs.name, "BackupTest-ServiceBackupPolicy");
        assert.equal(role.inputs.maxSessionDuration, 43200);
        assert.deepEqual(policyOf(role, "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AssumedByAwsBackupForThisAccount",
                    Effect: "Allow",
                    Principal: { Service: "backup.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": A } },
                },
            ],
        });
    });

    it("attaches exactly the two AWS Backup managed policies to the service role", () => {
        const attachments = source.resources
            .filter(
                (r) =>
                    r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
                    r.name.startsWith("backup-"),
            )
            .map((r) => [r.inputs.role, r.inputs.policyArn]);
        assert.deepEqual(attachments, [
            [
                "BackupTest-ServiceBackupPolicy",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
            ],
            [
                "BackupTest-ServiceBackupPolicy",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
            ],
        ]);
    });

    for (const persona of ["admin", "operator"]) {
        it(`trusts only the configured principal for the ${persona} role, 12 h sessions`, () => {
            const role = find(source, "aws:iam/role:Role", `backup-${persona}`);
            assert.equal(
                role.inputs.name,
                persona === "admin" ? "BackupTest-AdminRole" : "BackupTest-OperatorRole",
            );
            assert.equal(role.inputs.maxSessionDuration, 43200);
            assert.deepEqual(policyOf(role, "assumeRolePolicy"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AssumedByTrustedPrincipal",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${A}:user/backup-engineer` },
                        Action: "sts:AssumeRole",
                    },
                ],
            });
        });
    }

    it("gives the admin exactly its least-privilege statements", () => {
        const policy = find(source, "aws:iam/rolePolicy:RolePolicy", "backup-admin");
        assert.equal(policy.inputs.name, "AWSBackupAdminPolicy");
        assert.equal(policy.inputs.role, "BackupTest-AdminRole");
        const keys = [String(source.outputs.keyArn), String(source.outputs.destKeyArn)];
        assert.deepEqual(policyOf(policy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadBackupConfiguration",
                    Effect: "Allow",
                    Action: [...BACKUP_READ_ACTIONS],
                    Resource: "*",
                },
                FIND_FS,
                GET_ROLE,
                PASS_ROLE,
                {
                    Sid: "CreateBackupServiceLinkedRole",
                    Effect: "Allow",
                    Action: "iam:CreateServiceLinkedRole",
                    Resource: `arn:aws:iam::${A}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
                    Condition: { StringEquals: { "iam:AWSServiceName": "backup.amazonaws.com" } },
                },
                {
                    Sid: "ManageVaults",
                    Effect: "Allow",
                    Action: [
                        "backup:CreateBackupVault",
                        "backup:DeleteBackupVault",
                        "backup:PutBackupVaultAccessPolicy",
                        "backup:DeleteBackupVaultAccessPolicy",
                        "backup:PutBackupVaultNotifications",
                        "backup:DeleteBackupVaultNotifications",
                    ],
                    Resource: [SRC_VAULT, DST_VAULT],
                },
                {
                    Sid: "MountVaultStorage",
                    Effect: "Allow",
                    Action: "backup-storage:MountCapsule",
                    Resource: "*",
                },
                {
                    Sid: "UseSourceVaultKeyThroughBackup",
                    Effect: "Allow",
                    Action: [
                        "kms:CreateGrant",
                        "kms:DescribeKey",
                        "kms:GenerateDataKey",
                        "kms:Decrypt",
                        "kms:RetireGrant",
                    ],
                    Resource: keys[0],
                    Condition: { StringEquals: { "kms:ViaService": `backup.${SRC}.amazonaws.com` } },
                },
                {
                    Sid: "UseDestVaultKeyThroughBackup",
                    Effect: "Allow",
                    Action: [
                        "kms:CreateGrant",
                        "kms:DescribeKey",
                        "kms:GenerateDataKey",
                        "kms:Decrypt",
                        "kms:RetireGrant",
                    ],
                    Resource: keys[1],
                    Condition: { StringEquals: { "kms:ViaService": `backup.${DST}.amazonaws.com` } },
                },
                {
                    Sid: "ManagePlansAndSelections",
                    Effect: "Allow",
                    Action: [
                        "backup:CreateBackupPlan",
                        "backup:UpdateBackupPlan",
                        "backup:DeleteBackupPlan",
                        "backup:CreateBackupSelection",
                        "backup:DeleteBackupSelection",
                    ],
                    Resource: `arn:aws:backup:${SRC}:${A}:backup-plan:*`,
                },
                {
                    Sid: "DeleteRecoveryPoints",
                    Effect: "Allow",
                    Action: "backup:DeleteRecoveryPoint",
                    Resource: [SRC_RPS, DST_RPS],
                },
                {
                    Sid: "UpdateBackupSettings",
                    Effect: "Allow",
                    Action: ["backup:UpdateGlobalSettings", "backup:UpdateRegionSettings"],
                    Resource: "*",
                },
                {
                    Sid: "TagBackupResources",
                    Effect: "Allow",
                    Action: ["backup:TagResource", "backup:UntagResource"],
                    Resource: [
                        SRC_VAULT,
                        DST_VAULT,
                        `arn:aws:backup:${SRC}:${A}:backup-plan:*`,
                        SRC_RPS,
                        DST_RPS,
                    ],
                },
            ],
        });
        assert.match(keys[0], new RegExp(`^arn:aws:kms:${SRC}:${A}:key/`));
        assert.match(keys[1], new RegExp(`^arn:aws:kms:${DST}:${A}:key/`));
    });

    it("gives the operator exactly its least-privilege statements", () => {
        const policy = find(source, "aws:iam/rolePolicy:RolePolicy", "backup-operator");
        assert.equal(policy.inputs.name, "AWSBackupOperatorPolicy");
        assert.equal(policy.inputs.role, "BackupTest-OperatorRole");
        assert.deepEqual(policyOf(policy), {
            Version: "2012-10-17",
            Statement: [
                FIND_FS,
                GET_ROLE,
                PASS_ROLE,
                {
                    Sid: "StartBackupToSourceVault",
                    Effect: "Allow",
                    Action: "backup:StartBackupJob",
                    Resource: SRC_VAULT,
                },
                {
                    Sid: "TrackAndStopJobs",
                    Effect: "Allow",
                    Action: [
                        "backup:DescribeBackupJob",
                        "backup:StopBackupJob",
                        "backup:DescribeCopyJob",
                        "backup:DescribeRestoreJob",
                    ],
                    Resource: "*",
                },
                {
                    Sid: "DescribeDestVault",
                    Effect: "Allow",
                    Action: "backup:DescribeBackupVault",
                    Resource: DST_VAULT,
                },
                {
                    Sid: "FindRecoveryPoints",
                    Effect: "Allow",
                    Action: "backup:ListRecoveryPointsByBackupVault",
                    Resource: [SRC_VAULT, DST_VAULT],
                },
                {
                    Sid: "CopySourceRecoveryPoints",
                    Effect: "Allow",
                    Action: "backup:StartCopyJob",
                    Resource: SRC_RPS,
                },
                {
                    Sid: "RestoreRecoveryPoints",
                    Effect: "Allow",
                    Action: ["backup:GetRecoveryPointRestoreMetadata", "backup:StartRestoreJob"],
                    Resource: [SRC_RPS, DST_RPS],
                },
            ],
        });
    });

    it("rejects a whole account as the trusted principal", async () => {
        const { BackupRoleSet } = await import("../../components/roleSet");
        assert.throws(
            () =>
                new BackupRoleSet("bad", {
                    scope: SCOPE,
                    trustedPrincipalArn: `arn:aws:iam::${A}:root`,
                }),
            {
                message: `BackupRoleSet "bad": trustedPrincipalArn "arn:aws:iam::${A}:root" must be an IAM user or role ARN; a whole account or a wildcard would let anyone in it assume the roles`,
            },
        );
    });

    it("rejects a session longer than 12 hours", async () => {
        const { BackupRoleSet } = await import("../../components/roleSet");
        assert.throws(
            () =>
                new BackupRoleSet("bad", {
                    scope: SCOPE,
                    trustedPrincipalArn: `arn:aws:iam::${A}:user/alice`,
                    maxSessionHours: 24,
                }),
            { message: 'BackupRoleSet "bad": maxSessionHours 24 must be a whole number from 1 to 12' },
        );
    });
});
