import * as pulumi from "@pulumi/pulumi";
import * as backup from "@pulumi/aws/backup";
import * as kms from "@pulumi/aws/kms";
import type * as iam from "@pulumi/aws/iam";
import { AccountScope, accountRootArn, backupEndpoint } from "../personas/arns";

export interface RegionalVaultArgs {
    /** Account and partition the key policy grants in. */
    readonly account: AccountScope;
    /** Region of the vault; the key may be used only through AWS Backup in this region. */
    readonly region: string;
    /** Name of the backup vault. Required: it is part of every ARN the personas are scoped to. */
    readonly vaultName: string;
    /** Alias of the vault's KMS key. Default: `alias/Key_For_EFSBackup`. */
    readonly keyAlias?: string;
    /** Days KMS waits before deleting the key once deletion is scheduled, 7-30. Default: 30. */
    readonly keyDeletionWindowDays?: number;
    /**
     * Principals that may use the key through AWS Backup and EFS in this region: the service, admin and
     * operator roles, and whoever deploys (creating a vault with a CMK grants AWS Backup use of it on the
     * caller's behalf). IAM user or role ARNs; a role may be `role/*\/Name` to allow any path. Named in an
     * `aws:PrincipalArn` condition, not as principals, so the key can exist before the roles do.
     * Required, at least one.
     */
    readonly keyUserArns: readonly string[];
    /**
     * When set, the vault access policy denies deleting recovery points or shortening their lifecycle to
     * every principal except this one. Default: unset.
     */
    readonly recoveryPointAdminArn?: string;
    /**
     * When set, the vault access policy denies copying recovery points out of this vault to any vault
     * but these (`backup:CopyTargets`). Default: unset. With neither setting there is no access policy.
     */
    readonly copyTargetVaultArns?: readonly string[];
    /** Protect the key and vault from `pulumi destroy`; a lost key or vault loses every backup. Default: true. */
    readonly protect?: boolean;
}

/** Actions the account may use to administer (never to use) the key, so no deployer is locked out. */
export const KEY_ADMIN_ACTIONS = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:PutKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:EnableKeyRotation",
    "kms:ListResourceTags",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateKeyDescription",
    "kms:EnableKey",
    "kms:DisableKey",
    "kms:CreateAlias",
    "kms:UpdateAlias",
    "kms:DeleteAlias",
    "kms:ListGrants",
    "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
] as const;

/** Actions AWS Backup performs with the vault key on behalf of the roles. */
export const KEY_USE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
    "kms:CreateGrant",
    "kms:RetireGrant",
] as const;

const ROLE_ARN_RE = /^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const KEY_USER_RE = /^arn:[\w-]+:(iam|sts)::\d{12}:[\w+=,.@/*-]+$/;
const VAULT_ARN_RE = /^arn:[\w-]+:backup:[a-z0-9-]+:\d{12}:backup-vault:[a-zA-Z0-9\-_]{2,50}$/;

/** Builds the vault key's policy: administration by the account, use only by the named roles through AWS Backup. */
export function vaultKeyPolicy(args: RegionalVaultArgs): iam.PolicyDocument {
    const root = accountRootArn(args.account);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKeyButCannotUseIt",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: [...KEY_ADMIN_ACTIONS],
                Resource: "*",
            },
            {
                // EFS is named too: a restore into a new file system encrypted with this key (runbook step 8)
                // uses it through EFS on behalf of the service role.
                Sid: "BackupPrincipalsUseKeyThroughBackupAndEfs",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: [...KEY_USE_ACTIONS],
                Resource: "*",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": [...args.keyUserArns] },
                    StringEquals: {
                        "kms:ViaService": [
                            backupEndpoint(args.region),
                            `elasticfilesystem.${args.region}.amazonaws.com`,
                        ],
                        "kms:CallerAccount": args.account.accountId,
                    },
                },
            },
        ],
    };
}

/**
 * Builds the vault access policy: recovery-point deletion reserved to one principal, and copies out of the
 * vault allowed to the named vaults only. Undefined when neither applies.
 */
export function vaultAccessPolicy(
    recoveryPointAdminArn: string | undefined,
    copyTargetVaultArns: readonly string[] | undefined,
): iam.PolicyDocument | undefined {
    const statements: iam.PolicyStatement[] = [];
    if (recoveryPointAdminArn) {
        statements.push({
            Sid: "OnlyAdminDeletesRecoveryPoints",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": recoveryPointAdminArn } },
        });
    }
    if (copyTargetVaultArns && copyTargetVaultArns.length > 0) {
        statements.push({
            Sid: "CopyOnlyToTheDestVault",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "backup:CopyFromBackupVault",
            Resource: "*",
            Condition: { "ForAnyValue:ArnNotEquals": { "backup:CopyTargets": [...copyTargetVaultArns] } },
        });
    }
    return statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined;
}

function validate(name: string, args: RegionalVaultArgs): void {
    const where = `RegionalVault "${name}"`;
    if (!/^[a-zA-Z0-9\-_]{2,50}$/.test(args.vaultName)) {
        throw new Error(`${where}: vaultName "${args.vaultName}" must be 2-50 letters, digits, - or _`);
    }
    const alias = args.keyAlias ?? "alias/Key_For_EFSBackup";
    if (!/^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/.test(alias)) {
        throw new Error(`${where}: keyAlias "${alias}" must be alias/<name> and not under alias/aws/`);
    }
    const window = args.keyDeletionWindowDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
        throw new Error(`${where}: keyDeletionWindowDays ${window} must be a whole number from 7 to 30`);
    }
    if (args.keyUserArns.length === 0) {
        throw new Error(`${where}: keyUserArns is empty, so nobody could use the vault key`);
    }
    for (const arn of args.keyUserArns) {
        if (!KEY_USER_RE.test(arn))
            throw new Error(`${where}: key user "${arn}" is not an IAM principal ARN`);
    }
    if (args.recoveryPointAdminArn !== undefined && !ROLE_ARN_RE.test(args.recoveryPointAdminArn)) {
        throw new Error(
            `${where}: recoveryPointAdminArn "${args.recoveryPointAdminArn}" is not an IAM role ARN`,
        );
    }
    for (const arn of args.copyTargetVaultArns ?? []) {
        if (!VAULT_ARN_RE.test(arn))
            throw new Error(`${where}: copy target "${arn}" is not a backup vault ARN`);
    }
}

/** A customer-managed KMS key, its alias and a backup vault encrypted with it, in one region. */
export class RegionalVault extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly alias: kms.Alias;
    public readonly vault: backup.Vault;
    public readonly vaultPolicy?: backup.VaultPolicy;
    public readonly keyArn: pulumi.Output<string>;
    public readonly aliasArn: pulumi.Output<string>;
    public readonly vaultArn: pulumi.Output<string>;
    public readonly vaultName: pulumi.Output<string>;

    constructor(name: string, args: RegionalVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:index:RegionalVault", name, {}, opts);
        validate(name, args);
        const protect = args.protect ?? true;

        this.key = new kms.Key(
            `${name}-key`,
            {
                description: `CMK for AWS Backup vault ${args.vaultName} (EFS)`,
                enableKeyRotation: true,
                deletionWindowInDays: args.keyDeletionWindowDays ?? 30,
                policy: pulumi.jsonStringify(vaultKeyPolicy(args)),
            },
            { parent: this, protect },
        );
        this.alias = new kms.Alias(
            `${name}-alias`,
            { name: args.keyAlias ?? "alias/Key_For_EFSBackup", targetKeyId: this.key.keyId },
            { parent: this },
        );
        this.vault = new backup.Vault(
            `${name}-vault`,
            { name: args.vaultName, kmsKeyArn: this.key.arn },
            { parent: this, protect },
        );
        const accessPolicy = vaultAccessPolicy(args.recoveryPointAdminArn, args.copyTargetVaultArns);
        if (accessPolicy) {
            this.vaultPolicy = new backup.VaultPolicy(
                `${name}-vault-policy`,
                { backupVaultName: this.vault.name, policy: pulumi.jsonStringify(accessPolicy) },
                { parent: this },
            );
        }

        this.keyArn = this.key.arn;
        this.aliasArn = this.alias.arn;
        this.vaultArn = this.vault.arn;
        this.vaultName = this.vault.name;
        this.registerOutputs({
            keyArn: this.keyArn,
            aliasArn: this.aliasArn,
            vaultArn: this.vaultArn,
            vaultName: this.vaultName,
        });
    }
}
