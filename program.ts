// Builds one site (source or dest) from validated config. The dest site stands alone; the source site
// reads the dest vault and key through a StackReference, so dest is deployed first.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ConfigError, CONFIG_NAMESPACE, SiteConfig, SourceSettings } from "./config";
import { AccountScope, partitionOf, roleArn } from "./personas/arns";
import { RegionalVault } from "./components/regionalVault";
import { BackupRoleSet } from "./components/roleSet";
import { EfsNetwork } from "./components/efsNetwork";
import { EfsBackupPlan } from "./components/backupPlan";

/** What the dest stack exports and the source stack reads. */
export interface DestOutputs {
    site: "dest";
    region: string;
    accountId: string;
    vaultName: string;
    vaultArn: string;
    keyArn: string;
}

const DEST_OUTPUT_NAMES: ReadonlyArray<keyof DestOutputs> = [
    "site",
    "region",
    "accountId",
    "vaultName",
    "vaultArn",
    "keyArn",
];

async function callerScope(
    cfg: SiteConfig,
    provider: aws.Provider,
): Promise<{ scope: AccountScope; callerArn: string }> {
    const identity = await aws.getCallerIdentity({}, { provider });
    if (cfg.accountId !== undefined && identity.accountId !== cfg.accountId) {
        throw new ConfigError(
            `${CONFIG_NAMESPACE}:accountId is ${cfg.accountId}, but the AWS credentials are for account ` +
                `${identity.accountId}. Use credentials for ${cfg.accountId}, or fix accountId`,
        );
    }
    return {
        scope: { accountId: identity.accountId, partition: partitionOf(identity.arn) },
        callerArn: identity.arn,
    };
}

/**
 * The aws:PrincipalArn values of whoever deploys. An assumed-role session ARN carries the role's name but
 * not its path, so a role is matched with and without a path.
 */
export function deployerPrincipalArns(arn: string): string[] {
    const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[^/]+$/.exec(arn);
    if (session) {
        const [, partition, account, role] = session;
        return [
            `arn:${partition}:iam::${account}:role/${role}`,
            `arn:${partition}:iam::${account}:role/*/${role}`,
        ];
    }
    return [arn];
}

async function readDestStack(
    source: SourceSettings,
    cfg: SiteConfig,
    scope: AccountScope,
): Promise<DestOutputs> {
    const ref = new pulumi.StackReference(`dest-stack`, { name: source.destStack });
    const values: Partial<Record<keyof DestOutputs, unknown>> = {};
    for (const key of DEST_OUTPUT_NAMES) {
        values[key] = (await ref.getOutputDetails(key)).value;
    }
    const missing = DEST_OUTPUT_NAMES.filter((k) => typeof values[k] !== "string" || values[k] === "");
    if (missing.length > 0) {
        throw new ConfigError(
            `${CONFIG_NAMESPACE}:destStack "${source.destStack}" has no output ${missing.join(", ")}. ` +
                "Deploy the dest stack first (pulumi up --stack dest), or point destStack at it",
        );
    }
    const dest = values as DestOutputs;
    if (dest.site !== "dest") {
        throw new ConfigError(
            `${CONFIG_NAMESPACE}:destStack "${source.destStack}" is a ${dest.site} site, not a dest site. ` +
                "Point destStack at the stack whose site is dest",
        );
    }
    if (dest.region === cfg.region) {
        throw new ConfigError(
            `${CONFIG_NAMESPACE}:region is ${cfg.region}, the same region as the dest stack "${source.destStack}". ` +
                "A cross-region copy needs two regions: change region here or in the dest stack",
        );
    }
    if (dest.accountId !== scope.accountId) {
        throw new ConfigError(
            `${CONFIG_NAMESPACE}:destStack "${source.destStack}" is in account ${dest.accountId}, but this stack ` +
                `deploys into ${scope.accountId}. Both sites must be in one account`,
        );
    }
    return dest;
}

/** Builds the site described by `cfg` and returns its stack outputs. */
export async function createSite(cfg: SiteConfig): Promise<Record<string, unknown>> {
    // Default providers are disabled in Pulumi.yaml, so a resource without this provider fails to register.
    const provider = new aws.Provider(`${cfg.site}-${cfg.region}`, {
        region: cfg.region as aws.Region,
        ...(cfg.accountId ? { allowedAccountIds: [cfg.accountId] } : {}),
        defaultTags: { tags: { Project: CONFIG_NAMESPACE, Site: cfg.site } },
    });
    const { scope, callerArn } = await callerScope(cfg, provider);
    // The source site reads the dest stack first: the source vault may copy to the dest vault only.
    const dest = cfg.source ? await readDestStack(cfg.source, cfg, scope) : undefined;
    const roleArns = [cfg.roles.serviceRoleName, cfg.roles.adminRoleName, cfg.roles.operatorRoleName].map(
        (n) => roleArn(scope, n),
    );
    const vault = new RegionalVault(
        cfg.site,
        {
            account: scope,
            region: cfg.region,
            vaultName: cfg.vaultName,
            keyAlias: cfg.keyAlias,
            keyDeletionWindowDays: cfg.keyDeletionWindowDays,
            keyUserArns: [...roleArns, ...deployerPrincipalArns(cfg.deployerArn ?? callerArn)],
            recoveryPointAdminArn: cfg.vaultLockdown ? roleArn(scope, cfg.roles.adminRoleName) : undefined,
            copyTargetVaultArns: cfg.vaultLockdown && dest ? [dest.vaultArn] : undefined,
        },
        { provider },
    );
    const common = {
        site: cfg.site,
        region: cfg.region,
        accountId: scope.accountId,
        vaultName: vault.vaultName,
        vaultArn: vault.vaultArn,
        keyArn: vault.keyArn,
        keyAliasArn: vault.aliasArn,
    };
    if (!cfg.source || !dest) return common;

    const source = cfg.source;
    const roles = new BackupRoleSet(
        "backup",
        {
            scope: {
                ...scope,
                sourceRegion: cfg.region,
                destRegion: dest.region,
                sourceVaultName: cfg.vaultName,
                destVaultName: dest.vaultName,
                sourceKeyArn: vault.keyArn,
                destKeyArn: dest.keyArn,
                serviceRoleName: cfg.roles.serviceRoleName,
            },
            adminRoleName: cfg.roles.adminRoleName,
            operatorRoleName: cfg.roles.operatorRoleName,
            trustedPrincipalArn: source.trustedPrincipalArn,
            maxSessionHours: source.maxSessionHours,
        },
        { provider },
    );
    const network = new EfsNetwork(
        "network",
        { account: scope, region: cfg.region, ...source.network },
        { provider },
    );
    const plan = new EfsBackupPlan(
        "efs-backup",
        {
            ...source.plan,
            targetVaultName: vault.vaultName,
            destinationVaultArn: dest.vaultArn,
            fileSystemArn: network.fileSystemArn,
            serviceRoleArn: roles.serviceRoleArn,
        },
        { provider },
    );

    return {
        ...common,
        destRegion: dest.region,
        destVaultArn: dest.vaultArn,
        destKeyArn: dest.keyArn,
        planArn: plan.planArn,
        planId: plan.planId,
        selectionId: plan.selectionId,
        serviceRoleArn: roles.serviceRoleArn,
        adminRoleArn: roles.adminRoleArn,
        operatorRoleArn: roles.operatorRoleArn,
        vpcId: network.vpcId,
        fileSystemId: network.fileSystemId,
        fileSystemArn: network.fileSystemArn,
        bastionInstanceId: network.bastionInstanceId,
        awsConfigSnippet: pulumi
            .all([roles.adminRoleArn, roles.operatorRoleArn])
            .apply(([admin, operator]) => awsConfigSnippet(cfg.region, admin, operator)),
    };
}

/** Runbook step 5 as a ready-to-paste `~/.aws/config` fragment. */
export function awsConfigSnippet(region: string, adminRoleArn: string, operatorRoleArn: string): string {
    return [
        "[profile backupadmin]",
        `role_arn = ${adminRoleArn}`,
        "source_profile = default",
        `region = ${region}`,
        "output = json",
        "",
        "[profile backupoper]",
        `role_arn = ${operatorRoleArn}`,
        "source_profile = default",
        `region = ${region}`,
        "output = json",
        "",
    ].join("\n");
}
