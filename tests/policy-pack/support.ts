/**
 * Shared helpers for the rule tests: run one rule's pure function with its defaults, and build documents.
 */
import * as assert from "assert";
import { parseDocument, DocumentKind } from "../../policy-pack/lib/document";
import { Container, DocumentRule, resolveConfig } from "../../policy-pack/lib/findings";

export const ACCOUNT = "123456789012";
export const SOURCE_REGION = "ap-northeast-1";
export const DEST_REGION = "ap-southeast-2";
export const SOURCE_KEY = `arn:aws:kms:${SOURCE_REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const DEST_KEY = `arn:aws:kms:${DEST_REGION}:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const SERVICE_ROLE = `arn:aws:iam::${ACCOUNT}:role/BackupTest-ServiceBackupPolicy`;
export const SOURCE_VAULT = `arn:aws:backup:${SOURCE_REGION}:${ACCOUNT}:backup-vault:TestEFS-Source-BackupVault`;
export const DEST_VAULT = `arn:aws:backup:${DEST_REGION}:${ACCOUNT}:backup-vault:TestEFS-Dest-BackupVault`;
export const SOURCE_RECOVERY_POINTS = `arn:aws:backup:${SOURCE_REGION}:${ACCOUNT}:recovery-point:*`;

export type Doc = { Version?: unknown; Statement: Record<string, unknown>[] } & Record<string, unknown>;

export function policy(...statements: Record<string, unknown>[]): Doc {
    return { Version: "2012-10-17", Statement: statements };
}

export function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
}

export interface Options<C> {
    readonly kind?: DocumentKind;
    readonly container?: Container;
    readonly service?: string;
    readonly config?: Partial<C>;
}

export interface Short {
    readonly statement: number | string;
    readonly message: string;
}

/** Runs `rule` on `doc` (string or value) and returns its findings, checking they carry the rule's id. */
export function run<C extends object>(rule: DocumentRule<C>, doc: unknown, opts: Options<C> = {}): Short[] {
    const kind = opts.kind ?? rule.kinds[0];
    const container: Container =
        opts.container ??
        (kind === "identity" ? "managed-policy" : kind === "trust" ? "trust-policy" : "kms-key-policy");
    const config = resolveConfig(rule.defaults, opts.config as Record<string, unknown> | undefined);
    const findings = rule.check(parseDocument(doc), { kind, container, service: opts.service, config });
    for (const f of findings) assert.strictEqual(f.rule, rule.id);
    return findings.map((f) => ({ statement: f.statement, message: f.message }));
}

/**
 * A compliant baseline shaped like the program's admin policy (runbook 4-c with SPEC section 6 fixed), kept
 * here so rule tests can break one property at a time by index. The documents the program really registers are
 * judged by the pack in tests/tools/plan.test.ts (0 violations on both stacks).
 */
export function goodAdmin(): Doc {
    return policy(
        {
            Sid: "ReadBackupConfiguration",
            Effect: "Allow",
            Action: [
                "backup:DescribeBackupJob",
                "backup:ListBackupVaults",
                "backup:GetBackupPlan",
                "backup:ListTags",
            ],
            Resource: "*",
        },
        {
            Sid: "FindFileSystems",
            Effect: "Allow",
            Action: "elasticfilesystem:DescribeFileSystems",
            Resource: `arn:aws:elasticfilesystem:${SOURCE_REGION}:${ACCOUNT}:file-system/*`,
        },
        { Sid: "ReadServiceRole", Effect: "Allow", Action: "iam:GetRole", Resource: SERVICE_ROLE },
        {
            Sid: "PassServiceRoleToBackup",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: SERVICE_ROLE,
            Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
        },
        {
            Sid: "CreateBackupServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
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
            Resource: [SOURCE_VAULT, DEST_VAULT],
        },
        { Sid: "MountVaultStorage", Effect: "Allow", Action: "backup-storage:MountCapsule", Resource: "*" },
        {
            Sid: "UseVaultKeysThroughBackup",
            Effect: "Allow",
            Action: [
                "kms:CreateGrant",
                "kms:DescribeKey",
                "kms:GenerateDataKey",
                "kms:Decrypt",
                "kms:RetireGrant",
            ],
            Resource: [SOURCE_KEY, DEST_KEY],
            Condition: {
                StringEquals: {
                    "kms:ViaService": [
                        `backup.${SOURCE_REGION}.amazonaws.com`,
                        `backup.${DEST_REGION}.amazonaws.com`,
                    ],
                },
            },
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
            Resource: `arn:aws:backup:${SOURCE_REGION}:${ACCOUNT}:backup-plan:*`,
        },
        {
            Sid: "DeleteRecoveryPoints",
            Effect: "Allow",
            Action: "backup:DeleteRecoveryPoint",
            Resource: [SOURCE_RECOVERY_POINTS, `arn:aws:backup:${DEST_REGION}:${ACCOUNT}:recovery-point:*`],
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
            Resource: [SOURCE_VAULT, DEST_VAULT, SOURCE_RECOVERY_POINTS],
        },
    );
}

/** A compliant key-policy baseline: administration for the account, use by the service role (not the program's exact policy). */
export function goodKeyPolicy(): Doc {
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    return policy(
        {
            Sid: "KeyAdministration",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: [
                "kms:Create*",
                "kms:Describe*",
                "kms:Enable*",
                "kms:List*",
                "kms:Put*",
                "kms:Update*",
                "kms:Revoke*",
                "kms:Disable*",
                "kms:Get*",
                "kms:Delete*",
                "kms:TagResource",
                "kms:UntagResource",
                "kms:ScheduleKeyDeletion",
                "kms:CancelKeyDeletion",
            ],
            Resource: "*",
        },
        {
            Sid: "ServiceRoleUsesKey",
            Effect: "Allow",
            Principal: { AWS: SERVICE_ROLE },
            Action: [
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
            ],
            Resource: "*",
        },
        {
            Sid: "ServiceRoleGrantsForAwsResources",
            Effect: "Allow",
            Principal: { AWS: SERVICE_ROLE },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        {
            Sid: "RolesUseKeyThroughAwsBackup",
            Effect: "Allow",
            Principal: {
                AWS: [
                    `arn:aws:iam::${ACCOUNT}:role/BackupTest-AdminRole`,
                    `arn:aws:iam::${ACCOUNT}:role/BackupTest-OperatorRole`,
                ],
            },
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"],
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": `backup.${SOURCE_REGION}.amazonaws.com` } },
        },
    );
}

export function goodServiceTrust(): Doc {
    return policy({
        Sid: "AssumedByAwsBackup",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
}

export function goodHumanTrust(): Doc {
    return policy({
        Sid: "AssumedByTrustedPrincipal",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
        Action: "sts:AssumeRole",
    });
}

export function goodVaultPolicy(): Doc {
    return policy({
        Sid: "OnlyAdminDeletesRecoveryPoints",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
        Resource: "*",
        Condition: {
            ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/BackupTest-AdminRole` },
        },
    });
}

export function goodFlowLogPolicy(): Doc {
    const group = `arn:aws:logs:${SOURCE_REGION}:${ACCOUNT}:log-group:BackupPoCVPC-flow-logs`;
    return policy(
        {
            Sid: "WriteFlowLogStreams",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${group}:log-stream:*`,
        },
        {
            Sid: "DescribeFlowLogStreams",
            Effect: "Allow",
            Action: "logs:DescribeLogStreams",
            Resource: `${group}:*`,
        },
    );
}
