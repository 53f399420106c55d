import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-resource-policy-scoped";
import { goodKeyPolicy, goodVaultPolicy, policy, run } from "../support";

describe("rule iam-resource-policy-scoped", () => {
    it("accepts the program's key policy (explicit admin actions for the account) and vault policy", () => {
        assert.deepStrictEqual(run(rule, goodKeyPolicy()), []);
        assert.deepStrictEqual(run(rule, goodVaultPolicy(), { container: "backup-vault-policy" }), []);
    });

    it("reports kms:* for the account root: AWS's default key policy, which SPEC 3.2 forbids", () => {
        const doc = goodKeyPolicy();
        doc.Statement[0].Action = "kms:*";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "KeyAdministration",
                message:
                    "key policy grants kms:* to arn:aws:iam::123456789012:root, which is not a configured key administrator " +
                    "(setting administrators); grant explicit actions instead",
            },
        ]);
        assert.deepStrictEqual(
            run(rule, doc, { config: { administrators: ["arn:aws:iam::123456789012:root"] } }),
            [],
        );
    });

    it("reports a * principal without a condition", () => {
        const doc = goodVaultPolicy();
        doc.Statement[0].Effect = "Allow";
        doc.Statement[0].Action = "backup:DescribeBackupVault";
        delete doc.Statement[0].Condition;
        assert.deepStrictEqual(run(rule, doc, { container: "backup-vault-policy" }), [
            {
                statement: "OnlyAdminDeletesRecoveryPoints",
                message:
                    'resource policy allows backup:DescribeBackupVault to every principal ("*") without a condition',
            },
        ]);
    });

    it("reports * actions in a bucket policy", () => {
        const doc = policy({
            Sid: "All",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:role/app" },
            Action: "*",
            Resource: "arn:aws:s3:::bucket/*",
        });
        assert.deepStrictEqual(run(rule, doc, { container: "s3-bucket-policy" }), [
            {
                statement: "All",
                message:
                    "resource policy grants * to arn:aws:iam::123456789012:role/app, which is not a configured administrator " +
                    "(setting administrators); grant explicit actions instead",
            },
        ]);
    });
});
