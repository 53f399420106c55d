import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-no-admin-wildcards";
import { goodAdmin, run } from "../support";

describe("rule iam-no-admin-wildcards", () => {
    it("accepts the program's admin policy", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
    });

    it('reports Action "*"', () => {
        const doc = goodAdmin();
        doc.Statement[0].Action = "*";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ReadBackupConfiguration",
                message: 'Action "*" grants every action of every service',
            },
        ]);
    });

    it('reports "service:*"', () => {
        const doc = goodAdmin();
        doc.Statement[5].Action = "backup:*";
        assert.deepStrictEqual(run(rule, doc), [
            { statement: "ManageVaults", message: 'Action "backup:*" grants every action of AWS Backup' },
        ]);
    });

    it("ignores Deny statements and partial wildcards", () => {
        const doc = goodAdmin();
        doc.Statement[0].Effect = "Deny";
        doc.Statement[0].Action = "*";
        doc.Statement[5].Action = "backup:Describe*";
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("accepts configured exceptions", () => {
        const doc = goodAdmin();
        doc.Statement[5].Action = "backup:*";
        assert.deepStrictEqual(run(rule, doc, { config: { allowed: ["backup:*"] } }), []);
    });
});
