import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-no-not-elements-with-allow";
import { goodAdmin, goodVaultPolicy, run } from "../support";

describe("rule iam-no-not-elements-with-allow", () => {
    it("accepts policies without Not elements", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
        assert.deepStrictEqual(run(rule, goodVaultPolicy(), { kind: "resource" }), []);
    });

    it("reports NotAction with Allow", () => {
        const doc = goodAdmin();
        doc.Statement[0] = { Sid: "Everything", Effect: "Allow", NotAction: "iam:*", Resource: "*" };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Everything",
                message: "NotAction with Allow grants every action except the listed ones",
            },
        ]);
    });

    it("reports NotResource and NotPrincipal with Allow, and accepts them with Deny", () => {
        const doc = goodVaultPolicy();
        doc.Statement[0] = {
            Sid: "X",
            Effect: "Allow",
            NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "backup:DescribeBackupVault",
            NotResource: "arn:aws:backup:*:*:backup-vault:x",
        };
        assert.deepStrictEqual(run(rule, doc, { kind: "resource" }), [
            {
                statement: "X",
                message: "NotResource with Allow grants every resource except the listed ones",
            },
            {
                statement: "X",
                message: "NotPrincipal with Allow grants every principal except the listed ones",
            },
        ]);
        doc.Statement[0].Effect = "Deny";
        assert.deepStrictEqual(run(rule, doc, { kind: "resource" }), []);
    });
});
