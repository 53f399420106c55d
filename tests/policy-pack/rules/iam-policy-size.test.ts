import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-policy-size";
import { goodAdmin, goodKeyPolicy, policy, run } from "../support";

function bigPolicy(statements: number): ReturnType<typeof policy> {
    const list = [];
    for (let i = 0; i < statements; i++) {
        list.push({
            Sid: `S${i}`,
            Effect: "Allow",
            Action: "iam:GetRole",
            Resource: `arn:aws:iam::123456789012:role/role-number-${i}`,
        });
    }
    return policy(...list);
}

describe("rule iam-policy-size", () => {
    it("accepts the program's documents", () => {
        assert.deepStrictEqual(run(rule, goodAdmin(), { container: "role-inline-policy" }), []);
        assert.deepStrictEqual(
            run(rule, goodKeyPolicy(), { kind: "resource", container: "kms-key-policy" }),
            [],
        );
    });

    it("reports a managed policy over 6,144 characters, not counting whitespace", () => {
        const doc = bigPolicy(70);
        const compact = JSON.stringify(doc).length;
        assert.deepStrictEqual(run(rule, JSON.stringify(doc, null, 8), { container: "managed-policy" }), [
            {
                statement: "document",
                message: `document is ${compact.toLocaleString("en-US")} characters (whitespace excluded); the quota for a managed-policy is 6,144`,
            },
        ]);
        assert.deepStrictEqual(run(rule, doc, { container: "role-inline-policy" }), []);
    });

    it("reports a trust policy over 2,048 characters, and honours a raised quota", () => {
        const doc = bigPolicy(25);
        assert.strictEqual(run(rule, doc, { kind: "trust", container: "trust-policy" }).length, 1);
        assert.deepStrictEqual(
            run(rule, doc, {
                kind: "trust",
                container: "trust-policy",
                config: { limits: { "trust-policy": 4096 } },
            }),
            [],
        );
    });
});
