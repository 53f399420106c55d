import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import {
    PersonaScope,
    SERVICE_ROLE_MANAGED_POLICIES,
    adminPolicy,
    humanTrustPolicy,
    operatorPolicy,
    serviceTrustPolicy,
} from "../personas/policies";

export interface BackupRoleSetArgs {
    /** Account, regions, vaults and keys the persona policies are scoped to; also names the service role. */
    readonly scope: PersonaScope;
    /** Name of the backup admin role. Default: `BackupTest-AdminRole`. */
    readonly adminRoleName?: string;
    /** Name of the backup operator role. Default: `BackupTest-OperatorRole`. */
    readonly operatorRoleName?: string;
    /** The one IAM user or role ARN that may assume the admin and operator roles. Required. */
    readonly trustedPrincipalArn: string;
    /** Maximum session of the admin and operator roles, in hours, 1-12. Default: 12. */
    readonly maxSessionHours?: number;
}

const PRINCIPAL_RE = /^arn:[\w-]+:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;
const NAME_RE = /^[\w+=,.@-]{1,64}$/;

/**
 * The three roles of the runbook: the AWS Backup service role, and the admin and operator personas,
 * each with one inline least-privilege policy. IAM is global, so the set is created once.
 */
export class BackupRoleSet extends pulumi.ComponentResource {
    public readonly serviceRole: iam.Role;
    public readonly adminRole: iam.Role;
    public readonly operatorRole: iam.Role;
    public readonly adminPolicy: iam.RolePolicy;
    public readonly operatorPolicy: iam.RolePolicy;
    public readonly serviceRoleArn: pulumi.Output<string>;
    public readonly adminRoleArn: pulumi.Output<string>;
    public readonly operatorRoleArn: pulumi.Output<string>;

    constructor(name: string, args: BackupRoleSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:index:BackupRoleSet", name, {}, opts);
        const adminRoleName = args.adminRoleName ?? "BackupTest-AdminRole";
        const operatorRoleName = args.operatorRoleName ?? "BackupTest-OperatorRole";
        const hours = args.maxSessionHours ?? 12;
        const where = `BackupRoleSet "${name}"`;
        for (const n of [args.scope.serviceRoleName, adminRoleName, operatorRoleName]) {
            if (!NAME_RE.test(n))
                throw new Error(`${where}: role name "${n}" must be 1-64 of letters, digits, +=,.@_-`);
        }
        if (new Set([args.scope.serviceRoleName, adminRoleName, operatorRoleName]).size !== 3) {
            throw new Error(`${where}: the service, admin and operator roles need three distinct names`);
        }
        if (!PRINCIPAL_RE.test(args.trustedPrincipalArn)) {
            throw new Error(
                `${where}: trustedPrincipalArn "${args.trustedPrincipalArn}" must be an IAM user or role ARN; ` +
                    "a whole account or a wildcard would let anyone in it assume the roles",
            );
        }
        if (!Number.isInteger(hours) || hours < 1 || hours > 12) {
            throw new Error(`${where}: maxSessionHours ${hours} must be a whole number from 1 to 12`);
        }

        this.serviceRole = new iam.Role(
            `${name}-service`,
            {
                name: args.scope.serviceRoleName,
                description: "Assumed by AWS Backup to back up and restore EFS for this account",
                assumeRolePolicy: pulumi.jsonStringify(serviceTrustPolicy(args.scope)),
                maxSessionDuration: hours * 3600,
            },
            { parent: this },
        );
        SERVICE_ROLE_MANAGED_POLICIES.forEach((policy, i) => {
            new iam.RolePolicyAttachment(
                `${name}-service-${i === 0 ? "backup" : "restores"}`,
                {
                    role: this.serviceRole.name,
                    policyArn: `arn:${args.scope.partition}:iam::aws:policy/${policy}`,
                },
                { parent: this.serviceRole },
            );
        });

        const trust = pulumi.jsonStringify(humanTrustPolicy(args.trustedPrincipalArn));
        this.adminRole = new iam.Role(
            `${name}-admin`,
            {
                name: adminRoleName,
                description: "Backup admin: manages vaults, plans, selections and settings",
                assumeRolePolicy: trust,
                maxSessionDuration: hours * 3600,
            },
            { parent: this },
        );
        this.adminPolicy = new iam.RolePolicy(
            `${name}-admin`,
            {
                name: "AWSBackupAdminPolicy",
                role: this.adminRole.name,
                policy: pulumi.jsonStringify(adminPolicy(args.scope)),
            },
            { parent: this.adminRole },
        );
        this.operatorRole = new iam.Role(
            `${name}-operator`,
            {
                name: operatorRoleName,
                description: "Backup operator: runs on-demand backups, copies and restores, nothing else",
                assumeRolePolicy: trust,
                maxSessionDuration: hours * 3600,
            },
            { parent: this },
        );
        this.operatorPolicy = new iam.RolePolicy(
            `${name}-operator`,
            {
                name: "AWSBackupOperatorPolicy",
                role: this.operatorRole.name,
                policy: pulumi.jsonStringify(operatorPolicy(args.scope)),
            },
            { parent: this.operatorRole },
        );

        this.serviceRoleArn = this.serviceRole.arn;
        this.adminRoleArn = this.adminRole.arn;
        this.operatorRoleArn = this.operatorRole.arn;
        this.registerOutputs({
            serviceRoleArn: this.serviceRoleArn,
            adminRoleArn: this.adminRoleArn,
            operatorRoleArn: this.operatorRoleArn,
        });
    }
}
