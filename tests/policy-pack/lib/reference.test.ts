/**
 * Facts from the Service Authorization Reference that the rules depend on, as iam-data ships them.
 */
import * as assert from "assert";
import { expandAction, matchArnToType, parseArn } from "../../../policy-pack/lib/catalog";
import { actionById, isGlobalConditionKey, resourceTypesOfService } from "../../../policy-pack/lib/reference";

describe("IAM reference (iam-data)", () => {
    it("knows the actions the runbook names, and not the misspelled one", () => {
        assert.ok(actionById("backup:DeleteBackupVaultNotifications"));
        assert.strictEqual(actionById("backup:DeleteBackupVaultNotification"), undefined);
        assert.ok(actionById("BACKUP:startcopyjob"), "case-insensitive like IAM");
    });

    it("marks wildcard-only actions from their resource types", () => {
        assert.strictEqual(actionById("backup-storage:MountCapsule")?.wildcardOnly, true);
        assert.strictEqual(actionById("backup:DescribeBackupJob")?.wildcardOnly, true);
        assert.deepStrictEqual(
            actionById("backup:StartCopyJob")?.resourceTypes.map((r) => r.name),
            ["recoveryPoint"],
        );
        assert.deepStrictEqual(
            actionById("backup:StartBackupJob")?.resourceTypes.map((r) => r.name),
            ["backupVault"],
        );
    });

    it("splits combined access levels", () => {
        assert.deepStrictEqual(actionById("backup:TagResource")?.accessLevels, ["Tagging", "Write"]);
        assert.deepStrictEqual(actionById("kms:CreateGrant")?.accessLevels, [
            "Permissions management",
            "Write",
        ]);
        assert.deepStrictEqual(actionById("backup:ListIndexedRecoveryPointsForSearch")?.accessLevels, [
            "Permissions management",
            "Write",
        ]);
    });

    it("expands action wildcards against the catalog", () => {
        assert.strictEqual(expandAction("backup:Get*").actions.length, 17);
        assert.ok(expandAction("s3:*Object").actions.some((a) => a.id === "s3:GetObject"));
        assert.ok(expandAction("*").all);
        assert.strictEqual(expandAction("nope:X").unknownService, true);
    });

    it("finds the one resource type whose ARN format leaves the service open: backup recoveryPoint", () => {
        const types = resourceTypesOfService("backup").filter((t) => t.format?.variableService);
        assert.deepStrictEqual(
            types.map((t) => t.key),
            ["recoveryPoint"],
        );
        const rp = types[0];
        const arn = (s: string) => parseArn(s) ?? assert.fail(s);
        assert.strictEqual(matchArnToType(arn("arn:aws:ec2:*::snapshot/*"), rp), "match");
        assert.strictEqual(
            matchArnToType(arn("arn:aws:backup:ap-northeast-1:123456789012:recovery-point:*"), rp),
            "match",
        );
        const role = resourceTypesOfService("iam").find((t) => t.key === "role") ?? assert.fail("role");
        assert.strictEqual(matchArnToType(arn("arn:aws:iam:::role/*"), role), "empty-account");
        assert.strictEqual(matchArnToType(arn("arn:aws:iam::123456789012:user/x"), role), "no");
    });

    it("knows global condition keys, including tag-key families", () => {
        assert.ok(isGlobalConditionKey("aws:SourceAccount"));
        assert.ok(isGlobalConditionKey("aws:PrincipalTag/team"));
        assert.ok(!isGlobalConditionKey("aws:SourceAcount"));
        assert.ok(!isGlobalConditionKey("aws:PrincipalTag/"));
    });
});
