import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-passrole-scoped";
import { goodAdmin, run } from "../support";

describe("rule iam-passrole-scoped", () => {
    it("accepts PassRole of a named role to AWS Backup", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
    });

    it("reports PassRole without iam:PassedToService (runbook defect 4)", () => {
        const doc = goodAdmin();
        delete doc.Statement[3].Condition;
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "PassServiceRoleToBackup",
                message:
                    "iam:PassRole without an iam:PassedToService condition can pass the role to any service",
            },
        ]);
    });

    it('reports PassRole on "*" and on role/*', () => {
        const doc = goodAdmin();
        doc.Statement[3].Resource = ["*", "arn:aws:iam::123456789012:role/*"];
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "PassServiceRoleToBackup",
                message: 'iam:PassRole on "*" can pass any role; name the roles to pass',
            },
            {
                statement: "PassServiceRoleToBackup",
                message:
                    'iam:PassRole on "arn:aws:iam::123456789012:role/*" can pass any role; name the roles to pass',
            },
        ]);
    });

    it("finds PassRole behind a wildcard", () => {
        const doc = goodAdmin();
        doc.Statement[3].Action = "iam:Pass*";
        delete doc.Statement[3].Condition;
        assert.strictEqual(run(rule, doc).length, 1);
    });
});
