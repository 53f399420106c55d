import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-known-actions";
import { clone, goodAdmin, goodKeyPolicy, goodServiceTrust, run } from "../support";

describe("rule iam-known-actions", () => {
    it("accepts the program's admin policy, key policy and trust policy", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
        assert.deepStrictEqual(run(rule, goodKeyPolicy(), { kind: "resource" }), []);
        assert.deepStrictEqual(run(rule, goodServiceTrust(), { kind: "trust" }), []);
    });

    it("accepts actions in any letter case, as IAM does", () => {
        const doc = goodAdmin();
        doc.Statement[2].Action = "IAM:getrole";
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("reports an action that does not exist, with the nearest real one", () => {
        const doc = goodAdmin();
        (doc.Statement[5].Action as string[])[5] = "backup:DeleteBackupVaultNotification";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ManageVaults",
                message:
                    "backup:DeleteBackupVaultNotification is not an action of AWS Backup (did you mean backup:DeleteBackupVaultNotifications?)",
            },
        ]);
    });

    it("reports an unknown service prefix", () => {
        const doc = goodAdmin();
        doc.Statement[2].Action = "iamx:GetRole";
        assert.deepStrictEqual(run(rule, doc), [
            { statement: "ReadServiceRole", message: '"iamx:GetRole": unknown service prefix "iamx"' },
        ]);
    });

    it("reports a wildcard that matches no action", () => {
        const doc = goodAdmin();
        doc.Statement[2].Action = "iam:GetRoleZ*";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ReadServiceRole",
                message: '"iam:GetRoleZ*" matches no action of AWS Identity and Access Management (IAM)',
            },
        ]);
    });

    it("reports malformed action names and wildcard service prefixes", () => {
        const doc = clone(goodAdmin());
        doc.Statement[2].Action = ["GetRole", "i*:GetRole"];
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ReadServiceRole",
                message: '"GetRole" is not an action name (expected service:Action)',
            },
            {
                statement: "ReadServiceRole",
                message: '"i*:GetRole" has a wildcard in its service prefix; name the service',
            },
        ]);
    });

    it("checks NotAction entries too", () => {
        const doc = goodAdmin();
        doc.Statement[2] = { Effect: "Deny", NotAction: "iam:GetRol", Resource: "*" };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: 2,
                message:
                    "iam:GetRol is not an action of AWS Identity and Access Management (IAM) (did you mean iam:GetRole?)",
            },
        ]);
    });
});
