import * as assert from "assert";
import { isBroadResource, isStarResource } from "../../../policy-pack/lib/document";
import { checkDocument } from "../../../policy-pack/lib/evaluate";
import { rule } from "../../../policy-pack/rules/iam-no-star-resource-when-scopable";
import { goodAdmin, goodKeyPolicy, policy, run } from "../support";

describe("rule iam-no-star-resource-when-scopable", () => {
    it('accepts "*" for wildcard-only actions and for Read/List actions', () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
    });

    it('reports "*" for write actions that take resource ARNs (runbook defect 5)', () => {
        const doc = policy({
            Sid: "ExecuteCopyAndRestoreJob",
            Effect: "Allow",
            Action: ["backup:StartCopyJob", "backup:StartRestoreJob"],
            Resource: ["*"],
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ExecuteCopyAndRestoreJob",
                message:
                    'Resource "*" for actions that accept resource ARNs: backup:StartCopyJob (recoveryPoint), ' +
                    "backup:StartRestoreJob (recoveryPoint); name the resources instead",
            },
        ]);
    });

    it("reports tagging actions on arn:...:* and expands wildcards against the reference", () => {
        const doc = goodAdmin();
        // Was arn:aws:backup:ap-northeast-1:123456789012:*, which names one account and region and is no longer
        // "*" (review finding 3); a wildcard region and account still is.
        doc.Statement[11].Resource = "arn:aws:backup:*:*:*";
        doc.Statement[11].Action = "backup:Untag*";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "TagBackupResources",
                message:
                    'Resource "arn:aws:backup:*:*:*" for actions that accept resource ARNs: ' +
                    "backup:UntagResource (backupAccessPoint|backupPlan|backupVault|framework|legalHold|recoveryPoint|" +
                    "reportPlan|restoreTestingPlan|tieringConfiguration); name the resources instead",
            },
        ]);
    });

    it("reads access levels from the reference, not from action names", () => {
        // ListTags is Read although it takes resource ARNs: not reported by default, reported when Read is listed.
        const doc = policy({ Sid: "Tags", Effect: "Allow", Action: "backup:ListTags", Resource: "*" });
        assert.deepStrictEqual(run(rule, doc), []);
        assert.strictEqual(run(rule, doc, { config: { accessLevels: ["Read"] } }).length, 1);
    });

    it("accepts ABAC statements scoped by resource tags, and ignored actions", () => {
        const doc = policy({
            Effect: "Allow",
            Action: "backup:StartCopyJob",
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/team": "backup" } },
        });
        assert.deepStrictEqual(run(rule, doc), []);
        delete doc.Statement[0].Condition;
        assert.deepStrictEqual(run(rule, doc, { config: { ignoreActions: ["backup:Start*"] } }), []);
    });

    it('does not apply to key policies, where "*" means the key', () => {
        assert.deepStrictEqual(rule.kinds, ["identity"]);
        assert.deepStrictEqual(
            checkDocument(goodKeyPolicy(), "resource").filter((v) => v.rule === rule.id),
            [],
        );
    });

    it("accepts an ARN pinned to one account and region, such as Lambda's basic-execution logs:CreateLogGroup", () => {
        const doc = policy({
            Sid: "CreateLogGroup",
            Effect: "Allow",
            Action: "logs:CreateLogGroup",
            Resource: "arn:aws:logs:us-east-1:123456789012:*",
        });
        assert.deepStrictEqual(run(rule, doc), []);
        doc.Statement[0].Resource = "arn:aws:logs:us-east-1:*:*";
        assert.deepStrictEqual(run(rule, doc), []);
        doc.Statement[0].Resource = "arn:aws:logs:*:*:*";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "CreateLogGroup",
                message:
                    'Resource "arn:aws:logs:*:*:*" for actions that accept resource ARNs: logs:CreateLogGroup (log-group); ' +
                    "name the resources instead",
            },
        ]);
    });

    it("isStarResource needs * (or empty) region and account; isBroadResource still counts one account's *", () => {
        for (const r of ["*", "arn:aws:s3:::*", "arn:aws:logs:*:*:*", "arn:aws:iam::*:*"])
            assert.strictEqual(isStarResource(r), true, r);
        for (const r of [
            "arn:aws:logs:us-east-1:123456789012:*",
            "arn:aws:logs:*:123456789012:*",
            "arn:aws:logs:us-east-1:*:*",
            "arn:aws:iam::123456789012:*",
            "arn:aws:s3:::bucket/*",
        ])
            assert.strictEqual(isStarResource(r), false, r);
        assert.strictEqual(isBroadResource("arn:aws:logs:us-east-1:123456789012:*"), true);
        assert.strictEqual(isBroadResource("arn:aws:iam::123456789012:*"), true);
    });

    it("accepts an action with only optional resource types when the statement narrows it with its own service key", () => {
        const doc = policy({
            Sid: "Metrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "MyApp" } },
        });
        assert.deepStrictEqual(run(rule, doc), []);
        // Without the condition, or with a global key only, "*" is still reported.
        doc.Statement[0].Condition = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };
        assert.strictEqual(run(rule, doc).length, 1);
        const tagging = policy({
            Sid: "Tags",
            Effect: "Allow",
            Action: "backup:TagResource",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestTag/team": "ops" } },
        });
        assert.strictEqual(run(rule, tagging).length, 1);
    });
});
