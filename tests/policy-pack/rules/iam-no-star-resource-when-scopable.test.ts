import * as assert from "assert";
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
        doc.Statement[11].Resource = "arn:aws:backup:ap-northeast-1:123456789012:*";
        doc.Statement[11].Action = "backup:Untag*";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "TagBackupResources",
                message:
                    'Resource "arn:aws:backup:ap-northeast-1:123456789012:*" for actions that accept resource ARNs: ' +
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
});
