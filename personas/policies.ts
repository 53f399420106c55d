// The least-privilege contract of the three roles, as IAM documents. One statement per duty, each with
// the reason it exists; the persona proof (tests/personas) checks that these documents, as the stack
// registers them, allow every runbook call and nothing else.
import * as pulumi from "@pulumi/pulumi";
import type * as iam from "@pulumi/aws/iam";
import {
    AccountScope,
    backupEndpoint,
    backupPlansArn,
    backupServiceLinkedRoleArn,
    fileSystemsArn,
    recoveryPointsArn,
    roleArn,
    vaultArn,
} from "./arns";

/** Everything the persona documents are built from. */
export interface PersonaScope extends AccountScope {
    readonly sourceRegion: string;
    readonly destRegion: string;
    readonly sourceVaultName: string;
    readonly destVaultName: string;
    /** Key ARNs carry an AWS-generated ID, so they may be unknown until the key exists. */
    readonly sourceKeyArn: pulumi.Input<string>;
    readonly destKeyArn: pulumi.Input<string>;
    readonly serviceRoleName: string;
}

export const BACKUP_SERVICE_PRINCIPAL = "backup.amazonaws.com";

/** AWS managed policies of the service role (runbook step 4-b). */
export const SERVICE_ROLE_MANAGED_POLICIES = [
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
] as const;

/**
 * Every Describe/Get/List action of AWS Backup whose access level is Read or List, spelled out: the
 * runbook's `backup:List*` also matched `ListIndexedRecoveryPointsForSearch`, which is a write.
 * tests/personas/policies.test.ts recomputes this list from the Service Authorization Reference.
 */
export const BACKUP_READ_ACTIONS: readonly string[] = [
    "backup:DescribeBackupAccessPoint",
    "backup:DescribeBackupJob",
    "backup:DescribeBackupVault",
    "backup:DescribeCopyJob",
    "backup:DescribeFramework",
    "backup:DescribeGlobalSettings",
    "backup:DescribeProtectedResource",
    "backup:DescribeRecoveryPoint",
    "backup:DescribeRegionSettings",
    "backup:DescribeReportJob",
    "backup:DescribeReportPlan",
    "backup:DescribeRestoreJob",
    "backup:DescribeScanJob",
    "backup:GetBackupPlan",
    "backup:GetBackupPlanFromJSON",
    "backup:GetBackupPlanFromTemplate",
    "backup:GetBackupSelection",
    "backup:GetBackupVaultAccessPolicy",
    "backup:GetBackupVaultNotifications",
    "backup:GetBackupVaultSharingPolicy",
    "backup:GetLegalHold",
    "backup:GetPITRMalwareScanResults",
    "backup:GetRecoveryPointIndexDetails",
    "backup:GetRecoveryPointRestoreMetadata",
    "backup:GetRestoreJobMetadata",
    "backup:GetRestoreTestingInferredMetadata",
    "backup:GetRestoreTestingPlan",
    "backup:GetRestoreTestingSelection",
    "backup:GetSupportedResourceTypes",
    "backup:GetTieringConfiguration",
    "backup:ListBackupAccessPoints",
    "backup:ListBackupAccessPointsByRecoveryPoint",
    "backup:ListBackupAccessPointsByResource",
    "backup:ListBackupJobSummaries",
    "backup:ListBackupJobs",
    "backup:ListBackupPlanTemplates",
    "backup:ListBackupPlanVersions",
    "backup:ListBackupPlans",
    "backup:ListBackupSelections",
    "backup:ListBackupVaults",
    "backup:ListCopyJobSummaries",
    "backup:ListCopyJobs",
    "backup:ListFrameworks",
    "backup:ListIndexedRecoveryPoints",
    "backup:ListLegalHolds",
    "backup:ListProtectedResources",
    "backup:ListProtectedResourcesByBackupVault",
    "backup:ListRecoveryPointsByBackupVault",
    "backup:ListRecoveryPointsByLegalHold",
    "backup:ListRecoveryPointsByResource",
    "backup:ListReportJobs",
    "backup:ListReportPlans",
    "backup:ListRestoreAccessBackupVaults",
    "backup:ListRestoreJobSummaries",
    "backup:ListRestoreJobs",
    "backup:ListRestoreJobsByProtectedResource",
    "backup:ListRestoreTestingPlans",
    "backup:ListRestoreTestingSelections",
    "backup:ListScanJobSummaries",
    "backup:ListScanJobs",
    "backup:ListTags",
    "backup:ListTieringConfigurations",
];

export interface AnnotatedStatement extends iam.PolicyStatement {
    readonly Sid: string;
}

/** Why a statement exists, keyed by Sid; printed by the permission report. */
export type StatementReasons = Readonly<Record<string, string>>;

function doc(statements: AnnotatedStatement[]): iam.PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

function passServiceRole(s: PersonaScope): AnnotatedStatement {
    return {
        Sid: "PassServiceRoleToBackup",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: roleArn(s, s.serviceRoleName),
        Condition: { StringEquals: { "iam:PassedToService": BACKUP_SERVICE_PRINCIPAL } },
    };
}

function readServiceRole(s: PersonaScope): AnnotatedStatement {
    return {
        Sid: "ReadServiceRole",
        Effect: "Allow",
        Action: "iam:GetRole",
        Resource: roleArn(s, s.serviceRoleName),
    };
}

function findFileSystems(s: PersonaScope): AnnotatedStatement {
    return {
        Sid: "FindFileSystems",
        Effect: "Allow",
        Action: "elasticfilesystem:DescribeFileSystems",
        Resource: fileSystemsArn(s, s.sourceRegion),
    };
}

// One statement per key: a single statement listing both keys and both endpoints would also let each
// key be used through the other region's AWS Backup, which no call needs.
function useKeyThroughBackup(sid: string, keyArn: pulumi.Input<string>, region: string): AnnotatedStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [
            "kms:CreateGrant",
            "kms:DescribeKey",
            "kms:GenerateDataKey",
            "kms:Decrypt",
            "kms:RetireGrant",
        ],
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": backupEndpoint(region) } },
    };
}

function vaults(s: PersonaScope): string[] {
    return [vaultArn(s, s.sourceRegion, s.sourceVaultName), vaultArn(s, s.destRegion, s.destVaultName)];
}

function recoveryPoints(s: PersonaScope): string[] {
    return [recoveryPointsArn(s, s.sourceRegion), recoveryPointsArn(s, s.destRegion)];
}

export const ADMIN_REASONS: StatementReasons = {
    ReadBackupConfiguration: "read-only view of every AWS Backup resource (runbook 6, policy intent)",
    FindFileSystems: "look up the EFS ARN for the selection (runbook 6-c)",
    ReadServiceRole: "look up the service role ARN for the selection (runbook 6-c)",
    PassServiceRoleToBackup:
        "create-backup-selection passes the service role, to AWS Backup only (runbook 6-c)",
    CreateBackupServiceLinkedRole:
        "AWS Backup creates its service-linked role on first use, and no other role",
    ManageVaults: "create/delete the two vaults, their access policies and notifications (runbook 6-a)",
    MountVaultStorage: "create-backup-vault mounts vault storage; the action takes only *",
    UseSourceVaultKeyThroughBackup:
        "create-backup-vault in the source region uses its CMK, through AWS Backup there only",
    UseDestVaultKeyThroughBackup:
        "create-backup-vault in the dest region uses its CMK, through AWS Backup there only",
    ManagePlansAndSelections:
        "create/update/delete the plan and its selection in the source region (runbook 6-b, 6-c)",
    DeleteRecoveryPoints: "delete recovery points of the two vaults' regions",
    UpdateBackupSettings: "update global and region settings; the actions take only *",
    TagBackupResources: "tag and untag the vaults, plans and recovery points",
};

/** The backup admin's inline policy (runbook 4-c, fixed). */
export function adminPolicy(s: PersonaScope): iam.PolicyDocument {
    return doc([
        { Sid: "ReadBackupConfiguration", Effect: "Allow", Action: [...BACKUP_READ_ACTIONS], Resource: "*" },
        findFileSystems(s),
        readServiceRole(s),
        passServiceRole(s),
        {
            Sid: "CreateBackupServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: backupServiceLinkedRoleArn(s),
            Condition: { StringEquals: { "iam:AWSServiceName": BACKUP_SERVICE_PRINCIPAL } },
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
            Resource: vaults(s),
        },
        { Sid: "MountVaultStorage", Effect: "Allow", Action: "backup-storage:MountCapsule", Resource: "*" },
        useKeyThroughBackup("UseSourceVaultKeyThroughBackup", s.sourceKeyArn, s.sourceRegion),
        useKeyThroughBackup("UseDestVaultKeyThroughBackup", s.destKeyArn, s.destRegion),
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
            Resource: backupPlansArn(s, s.sourceRegion),
        },
        {
            Sid: "DeleteRecoveryPoints",
            Effect: "Allow",
            Action: "backup:DeleteRecoveryPoint",
            Resource: recoveryPoints(s),
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
            Resource: [...vaults(s), backupPlansArn(s, s.sourceRegion), ...recoveryPoints(s)],
        },
    ]);
}

export const OPERATOR_REASONS: StatementReasons = {
    FindFileSystems: "look up the EFS ARN to back up (runbook 7-a)",
    ReadServiceRole: "look up the service role ARN (runbook 7-a, 7-b, 8)",
    PassServiceRoleToBackup:
        "start-backup/copy/restore-job pass the service role, to AWS Backup only (runbook 7, 8)",
    StartBackupToSourceVault: "on-demand backup into the source vault only (runbook 7-a)",
    TrackAndStopJobs:
        "poll backup, copy and restore jobs and stop a backup job; the actions take only * (runbook 7, 8)",
    DescribeDestVault: "look up the dest vault ARN for the copy (runbook 7-b)",
    FindRecoveryPoints: "list recovery points of the two vaults to pick one to restore (runbook 8)",
    CopySourceRecoveryPoints: "copy recovery points of the source region to the dest vault (runbook 7-b)",
    RestoreRecoveryPoints: "restore a recovery point of either region into a new file system (runbook 8)",
};

/** The backup operator's inline policy (runbook 4-d, fixed). */
export function operatorPolicy(s: PersonaScope): iam.PolicyDocument {
    return doc([
        findFileSystems(s),
        readServiceRole(s),
        passServiceRole(s),
        {
            Sid: "StartBackupToSourceVault",
            Effect: "Allow",
            Action: "backup:StartBackupJob",
            Resource: vaultArn(s, s.sourceRegion, s.sourceVaultName),
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
            Resource: vaultArn(s, s.destRegion, s.destVaultName),
        },
        {
            Sid: "FindRecoveryPoints",
            Effect: "Allow",
            Action: "backup:ListRecoveryPointsByBackupVault",
            Resource: vaults(s),
        },
        {
            Sid: "CopySourceRecoveryPoints",
            Effect: "Allow",
            Action: "backup:StartCopyJob",
            Resource: recoveryPointsArn(s, s.sourceRegion),
        },
        {
            Sid: "RestoreRecoveryPoints",
            Effect: "Allow",
            Action: ["backup:GetRecoveryPointRestoreMetadata", "backup:StartRestoreJob"],
            Resource: recoveryPoints(s),
        },
    ]);
}

/** Trust policy of the service role: AWS Backup, on behalf of this account only (confused-deputy guard). */
export function serviceTrustPolicy(a: AccountScope): iam.PolicyDocument {
    return doc([
        {
            Sid: "AssumedByAwsBackupForThisAccount",
            Effect: "Allow",
            Principal: { Service: BACKUP_SERVICE_PRINCIPAL },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": a.accountId } },
        },
    ]);
}

/** Trust policy of the admin and operator roles: the one configured principal. */
export function humanTrustPolicy(trustedPrincipalArn: string): iam.PolicyDocument {
    return doc([
        {
            Sid: "AssumedByTrustedPrincipal",
            Effect: "Allow",
            Principal: { AWS: trustedPrincipalArn },
            Action: "sts:AssumeRole",
        },
    ]);
}
