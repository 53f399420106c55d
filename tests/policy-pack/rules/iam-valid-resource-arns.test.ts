import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-valid-resource-arns";
import { goodAdmin, goodFlowLogPolicy, goodKeyPolicy, policy, run } from "../support";

describe("rule iam-valid-resource-arns", () => {
    it("accepts the program's admin, flow-log and key policies", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
        assert.deepStrictEqual(run(rule, goodFlowLogPolicy()), []);
        assert.deepStrictEqual(run(rule, goodKeyPolicy(), { kind: "resource" }), []);
    });

    it("reports an empty account where the resource type needs one (runbook defect 1)", () => {
        const doc = policy({
            Sid: "CreateServiceRole",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: ["arn:aws:iam:::role/*"],
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "CreateServiceRole",
                message:
                    "ARN arn:aws:iam:::role/* has an empty account ID, which the iam role ARN format needs " +
                    "(arn:${Partition}:iam::${Account}:role/${RoleNameWithPath})",
            },
        ]);
    });

    it("accepts the empty account of AWS-owned SSM documents and public parameters", () => {
        const doc = policy({
            Sid: "AwsOwned",
            Effect: "Allow",
            Action: ["ssm:StartSession", "ssm:GetParameter"],
            Resource: [
                "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession",
                "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
            ],
        });
        assert.deepStrictEqual(run(rule, doc), []);
        assert.strictEqual(run(rule, doc, { config: { awsOwnedTypes: [] } }).length, 2);
    });

    it("reports an empty region where the resource type needs one", () => {
        const doc = goodAdmin();
        doc.Statement[5].Resource = "arn:aws:backup::123456789012:backup-vault:TestEFS-Source-BackupVault";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ManageVaults",
                message:
                    "ARN arn:aws:backup::123456789012:backup-vault:TestEFS-Source-BackupVault has an empty region, " +
                    "which the backup backupVault ARN format needs " +
                    "(arn:${Partition}:backup:${Region}:${Account}:backup-vault:${BackupVaultName})",
            },
        ]);
    });

    it("reports recovery points of services that are not in use (runbook defect 6)", () => {
        const doc = policy({
            Sid: "ManagedRecoveryPolint",
            Effect: "Allow",
            Action: ["backup:DeleteRecoveryPoint"],
            Resource: [
                "arn:aws:ec2:*::snapshot/*",
                "arn:aws:backup:*:123456789012:recovery-point:*",
                "arn:aws:rds:*:123456789012:snapshot:awsbackup:*",
            ],
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ManagedRecoveryPolint",
                message:
                    'ARN arn:aws:ec2:*::snapshot/* names a backup recoveryPoint of service "ec2", which is not ' +
                    "among the services in use (setting vendorServices: backup)",
            },
            {
                statement: "ManagedRecoveryPolint",
                message:
                    'ARN arn:aws:rds:*:123456789012:snapshot:awsbackup:* names a backup recoveryPoint of service "rds", ' +
                    "which is not among the services in use (setting vendorServices: backup)",
            },
        ]);
        assert.deepStrictEqual(run(rule, doc, { config: { vendorServices: ["backup", "ec2", "rds"] } }), []);
    });

    it("reports an ARN that matches no resource type of the statement's actions", () => {
        const doc = goodAdmin();
        doc.Statement[2].Resource = `arn:aws:iam::123456789012:user/alice`;
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ReadServiceRole",
                message:
                    "ARN arn:aws:iam::123456789012:user/alice matches no resource type of the statement's actions " +
                    "(expected arn:${Partition}:iam::${Account}:role/${RoleNameWithPath})",
            },
        ]);
    });

    it("reports wildcard-only actions named next to ARNs: the statement never grants them", () => {
        const doc = policy({
            Sid: "ExecuteBackupJob",
            Effect: "Allow",
            Action: ["backup:StartBackupJob", "backup:StopBackupJob"],
            Resource: ["arn:aws:backup:*:123456789012:backup-vault:*"],
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ExecuteBackupJob",
                message:
                    'backup:StopBackupJob takes only Resource "*" (no resource-level permissions), so this statement never grants it',
            },
        ]);
    });

    it("reports malformed ARNs, unknown partitions and unknown services", () => {
        const doc = goodAdmin();
        doc.Statement[2].Resource = [
            "role/BackupTest",
            "arn:aws:iam",
            "arn:awz:iam::123456789012:role/x",
            "arn:aws:iamx::123456789012:role/x",
        ];
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ReadServiceRole",
                message:
                    '"role/BackupTest" is not an ARN (expected arn:partition:service:region:account:resource, or "*")',
            },
            {
                statement: "ReadServiceRole",
                message:
                    '"arn:aws:iam" is not a complete ARN (expected arn:partition:service:region:account:resource)',
            },
            {
                statement: "ReadServiceRole",
                message: 'ARN arn:awz:iam::123456789012:role/x has an unknown partition "awz"',
            },
            {
                statement: "ReadServiceRole",
                message: 'ARN arn:aws:iamx::123456789012:role/x names an unknown service "iamx"',
            },
        ]);
    });

    it("treats * and ? in ARNs and policy variables as wildcards", () => {
        const doc = goodAdmin();
        doc.Statement[2].Resource = [
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::123456789012:role/${aws:username}",
            "arn:aws:iam::12345678901?:role/x",
        ];
        assert.deepStrictEqual(run(rule, doc), []);
    });
});
