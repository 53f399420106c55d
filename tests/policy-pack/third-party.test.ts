/**
 * Held-out style documents written after AWS managed policies and common real-world patterns: the good ones pass
 * with no mandatory finding, the bad ones are caught by the expected rule.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { inferKind } from "../../policy-pack/cli/lint-policy";
import { checkDocument } from "../../policy-pack/lib/evaluate";

const dir = path.join(__dirname, "../fixtures/third-party");
const load = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
const lint = (f: string): ReturnType<typeof checkDocument> => {
    const doc = load(f);
    return checkDocument(doc, inferKind(doc));
};

const EXPECTED: Record<string, string[]> = {
    "administrator-access.json": ["iam-no-admin-wildcards"],
    "iam-full-access.json": ["iam-no-admin-wildcards", "iam-no-privilege-escalation", "iam-passrole-scoped"],
    "kms-default-key-policy.json": ["iam-resource-policy-scoped"],
    "public-bucket-policy.json": ["iam-resource-policy-scoped"],
    "policy-version-escalation.json": ["iam-no-privilege-escalation"],
    "passrole-with-run-instances.json": ["iam-no-privilege-escalation", "iam-passrole-scoped"],
    "cross-account-root-trust.json": ["iam-trust-scoped"],
    "secrets-everywhere.json": ["iam-sensitive-access-scoped"],
    "not-action-allow.json": ["iam-no-not-elements-with-allow"],
    "no-version-bad-condition.json": ["iam-policy-grammar"],
    "ec2-write-on-star.json": ["iam-no-star-resource-when-scopable"],
};

describe("third-party documents", () => {
    for (const f of fs.readdirSync(path.join(dir, "good"))) {
        it(`good/${f}: no finding`, () => {
            assert.deepStrictEqual(lint(`good/${f}`), []);
        });
    }
    it("every bad document has an expectation", () => {
        assert.deepStrictEqual(fs.readdirSync(path.join(dir, "bad")).sort(), Object.keys(EXPECTED).sort());
    });
    for (const [f, rules] of Object.entries(EXPECTED)) {
        it(`bad/${f}: ${rules.join(", ")}`, () => {
            const verdicts = lint(`bad/${f}`);
            for (const r of rules) {
                assert.ok(
                    verdicts.some((v) => v.rule === r && v.enforcementLevel === "mandatory"),
                    `${r} missing: ${JSON.stringify(verdicts)}`,
                );
            }
        });
    }
});
