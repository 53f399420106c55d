import { strict as assert } from "assert";
import { OfflineRun } from "../../tools/offline";
import { ACCOUNT, find, planBoth } from "../helpers";
import { EfsBackupPlan, EfsBackupPlanArgs, lifecycleProblem } from "../../components/backupPlan";

describe("EfsBackupPlan", () => {
    let dest: OfflineRun;
    let source: OfflineRun;
    before(async () => {
        ({ dest, source } = await planBoth());
    });

    it("backs up twice a day into the source vault with the SPEC's windows, lifecycle and tag", () => {
        const plan = find(source, "aws:backup/plan:Plan", "efs-backup-plan");
        assert.equal(plan.inputs.name, "TestEFS-testplan");
        assert.deepEqual(plan.inputs.rules, [
            {
                ruleName: "HalfDayBackups",
                targetVaultName: "TestEFS-Source-BackupVault",
                schedule: "cron(0 5/12 ? * * *)",
                startWindow: 480,
                completionWindow: 10080,
                lifecycle: { coldStorageAfter: 8, deleteAfter: 100 },
                recoveryPointTags: { Rule: "HalfDayBackups" },
                copyActions: [
                    {
                        destinationVaultArn: `arn:aws:backup:ap-southeast-2:${ACCOUNT}:backup-vault:TestEFS-Dest-BackupVault`,
                        lifecycle: { coldStorageAfter: 8, deleteAfter: 100 },
                    },
                ],
            },
        ]);
    });

    it("copies to the dest vault ARN read from the stack reference", () => {
        const plan = find(source, "aws:backup/plan:Plan", "efs-backup-plan");
        const rules = plan.inputs.rules as Array<{ copyActions: Array<{ destinationVaultArn: string }> }>;
        assert.equal(rules[0].copyActions[0].destinationVaultArn, dest.outputs.vaultArn);
    });

    it("selects the EFS file system by ARN and passes the service role", () => {
        const selection = find(source, "aws:backup/selection:Selection", "efs-backup-selection");
        const plan = find(source, "aws:backup/plan:Plan", "efs-backup-plan");
        assert.equal(selection.inputs.name, "TestEFS-selection");
        assert.equal(selection.inputs.planId, plan.id);
        assert.equal(
            selection.inputs.iamRoleArn,
            `arn:aws:iam::${ACCOUNT}:role/BackupTest-ServiceBackupPolicy`,
        );
        assert.deepEqual(selection.inputs.resources, [source.outputs.fileSystemArn]);
        assert.equal(selection.inputs.conditions, undefined);
    });

    it("adds configured tag conditions with the correct key form", async () => {
        const { source: s } = await planBoth({
            source: { selectionTags: '[{"key":"aws:ResourceTag/custom-backup","value":"enabled"}]' },
        });
        const selection = find(s, "aws:backup/selection:Selection", "efs-backup-selection");
        assert.deepEqual(selection.inputs.conditions, [
            { stringEquals: [{ key: "aws:ResourceTag/custom-backup", value: "enabled" }] },
        ]);
    });

    it("honours configured lifecycle values", async () => {
        const { source: s } = await planBoth({
            source: { coldStorageAfterDays: "30", deleteAfterDays: "365", copyColdStorageAfterDays: "never" },
        });
        const rules = find(s, "aws:backup/plan:Plan", "efs-backup-plan").inputs.rules as Array<
            Record<string, unknown>
        >;
        assert.deepEqual(rules[0].lifecycle, { coldStorageAfter: 30, deleteAfter: 365 });
        assert.deepEqual((rules[0].copyActions as Array<Record<string, unknown>>)[0].lifecycle, {
            deleteAfter: 100,
        });
    });

    describe("argument validation", () => {
        const good: EfsBackupPlanArgs = {
            targetVaultName: "v",
            destinationVaultArn: "arn",
            fileSystemArn: "fs",
            serviceRoleArn: "role",
        };
        const cases: Array<[Partial<EfsBackupPlanArgs>, string]> = [
            [
                { schedule: "cron(0 5 * * * *)" },
                'EfsBackupPlan "p": schedule "cron(0 5 * * * *)" must have ? in exactly one of day-of-month and day-of-week',
            ],
            [
                { startWindowMinutes: 30 },
                'EfsBackupPlan "p": startWindowMinutes 30 must be a whole number, 60 or more',
            ],
            [
                { completionWindowMinutes: 100 },
                'EfsBackupPlan "p": completionWindowMinutes 100 must be longer than startWindowMinutes 480',
            ],
            [
                { lifecycle: { coldStorageAfterDays: 8, deleteAfterDays: 30 } },
                'EfsBackupPlan "p": lifecycle: deleteAfterDays 30 must be at least 90 days after coldStorageAfterDays 8 (98 or more)',
            ],
            [
                { copyLifecycle: { deleteAfterDays: 0 } },
                'EfsBackupPlan "p": copyLifecycle: deleteAfterDays 0 must be a whole number of days, 1 or more',
            ],
        ];
        for (const [bad, message] of cases) {
            it(message, () => {
                assert.throws(() => new EfsBackupPlan("p", { ...good, ...bad }), { message });
            });
        }
        it("accepts a lifecycle without cold storage", () => {
            assert.equal(lifecycleProblem({ deleteAfterDays: 7 }), undefined);
        });
    });
});
