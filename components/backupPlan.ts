import * as pulumi from "@pulumi/pulumi";
import * as backup from "@pulumi/aws/backup";
import { cronProblem, earliestDeleteDay, Lifecycle, MIN_COLD_STORAGE_DAYS, SelectionTag } from "../config";

export interface EfsBackupPlanArgs {
    /** Backup plan name. Default: `TestEFS-testplan`. */
    readonly planName?: string;
    /** Rule name; also the value of the recovery points' `Rule` tag. Default: `HalfDayBackups`. */
    readonly ruleName?: string;
    /** AWS six-field cron expression. Default: `cron(0 5/12 ? * * *)` (05:00 and 17:00 UTC). */
    readonly schedule?: string;
    /** Minutes a job may wait to start. Default: 480. */
    readonly startWindowMinutes?: number;
    /** Minutes a job may run before AWS Backup cancels it. Default: 10080 (7 days). */
    readonly completionWindowMinutes?: number;
    /** Lifecycle of recovery points in the source vault. Default: cold after 8 days, deleted after 100. */
    readonly lifecycle?: Lifecycle;
    /** Lifecycle of the copies in the dest vault. Default: cold after 8 days, deleted after 100. */
    readonly copyLifecycle?: Lifecycle;
    /** Name of the source vault the rule backs up into. Required. */
    readonly targetVaultName: pulumi.Input<string>;
    /** ARN of the dest vault each recovery point is copied to. Required. */
    readonly destinationVaultArn: pulumi.Input<string>;
    /** ARN of the EFS file system to back up. Required. */
    readonly fileSystemArn: pulumi.Input<string>;
    /** ARN of the role AWS Backup assumes for the selection. Required. */
    readonly serviceRoleArn: pulumi.Input<string>;
    /** Selection name. Default: `TestEFS-selection`. */
    readonly selectionName?: string;
    /** Extra tag conditions a resource must also match (AND). Default: none. */
    readonly selectionTags?: readonly SelectionTag[];
}

export const PLAN_DEFAULTS = {
    planName: "TestEFS-testplan",
    ruleName: "HalfDayBackups",
    schedule: "cron(0 5/12 ? * * *)",
    startWindowMinutes: 480,
    completionWindowMinutes: 10080,
    lifecycle: { coldStorageAfterDays: 8, deleteAfterDays: 100 } as Lifecycle,
    selectionName: "TestEFS-selection",
} as const;

/** Returns why AWS would reject a lifecycle, or undefined. AWS keeps cold storage at least 90 days. */
export function lifecycleProblem(l: Lifecycle): string | undefined {
    for (const [k, v] of Object.entries(l)) {
        if (v !== undefined && (!Number.isInteger(v) || v < 1))
            return `${k} ${v} must be a whole number of days, 1 or more`;
    }
    if (l.coldStorageAfterDays !== undefined && l.deleteAfterDays !== undefined) {
        if (l.deleteAfterDays < earliestDeleteDay(l.coldStorageAfterDays)) {
            return (
                `deleteAfterDays ${l.deleteAfterDays} must be at least ${MIN_COLD_STORAGE_DAYS} days after ` +
                `coldStorageAfterDays ${l.coldStorageAfterDays} (${earliestDeleteDay(l.coldStorageAfterDays)} or more)`
            );
        }
    }
    return undefined;
}

function toAwsLifecycle(l: Lifecycle) {
    return { coldStorageAfter: l.coldStorageAfterDays, deleteAfter: l.deleteAfterDays };
}

/** A backup plan with one twice-daily rule, a cross-region copy, and a selection of one EFS file system. */
export class EfsBackupPlan extends pulumi.ComponentResource {
    public readonly plan: backup.Plan;
    public readonly selection: backup.Selection;
    public readonly planArn: pulumi.Output<string>;
    public readonly planId: pulumi.Output<string>;
    public readonly selectionId: pulumi.Output<string>;

    constructor(name: string, args: EfsBackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:index:EfsBackupPlan", name, {}, opts);
        const where = `EfsBackupPlan "${name}"`;
        const schedule = args.schedule ?? PLAN_DEFAULTS.schedule;
        const cron = cronProblem(schedule);
        if (cron) throw new Error(`${where}: schedule "${schedule}" ${cron}`);
        const start = args.startWindowMinutes ?? PLAN_DEFAULTS.startWindowMinutes;
        const completion = args.completionWindowMinutes ?? PLAN_DEFAULTS.completionWindowMinutes;
        if (!Number.isInteger(start) || start < 60) {
            throw new Error(`${where}: startWindowMinutes ${start} must be a whole number, 60 or more`);
        }
        if (!Number.isInteger(completion) || completion <= start) {
            throw new Error(
                `${where}: completionWindowMinutes ${completion} must be longer than startWindowMinutes ${start}`,
            );
        }
        const lifecycle = args.lifecycle ?? PLAN_DEFAULTS.lifecycle;
        const copyLifecycle = args.copyLifecycle ?? PLAN_DEFAULTS.lifecycle;
        for (const [label, l] of [
            ["lifecycle", lifecycle],
            ["copyLifecycle", copyLifecycle],
        ] as const) {
            const problem = lifecycleProblem(l);
            if (problem) throw new Error(`${where}: ${label}: ${problem}`);
        }
        const ruleName = args.ruleName ?? PLAN_DEFAULTS.ruleName;

        this.plan = new backup.Plan(
            `${name}-plan`,
            {
                name: args.planName ?? PLAN_DEFAULTS.planName,
                rules: [
                    {
                        ruleName,
                        targetVaultName: args.targetVaultName,
                        schedule,
                        startWindow: start,
                        completionWindow: completion,
                        lifecycle: toAwsLifecycle(lifecycle),
                        recoveryPointTags: { Rule: ruleName },
                        copyActions: [
                            {
                                destinationVaultArn: args.destinationVaultArn,
                                lifecycle: toAwsLifecycle(copyLifecycle),
                            },
                        ],
                    },
                ],
            },
            { parent: this },
        );
        const tags = args.selectionTags ?? [];
        this.selection = new backup.Selection(
            `${name}-selection`,
            {
                name: args.selectionName ?? PLAN_DEFAULTS.selectionName,
                planId: this.plan.id,
                iamRoleArn: args.serviceRoleArn,
                resources: [args.fileSystemArn],
                ...(tags.length > 0
                    ? { conditions: [{ stringEquals: tags.map((t) => ({ key: t.key, value: t.value })) }] }
                    : {}),
            },
            { parent: this },
        );

        this.planArn = this.plan.arn;
        this.planId = this.plan.id;
        this.selectionId = this.selection.id;
        this.registerOutputs({ planArn: this.planArn, planId: this.planId, selectionId: this.selectionId });
    }
}
