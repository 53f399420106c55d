import * as assert from "assert";
import { rules, validatePackConfig } from "../../../policy-pack/lib/evaluate";

const KNOWN = [...rules.map((r) => r.id), "iam-exemptions"].join(", ");

describe("validatePackConfig", () => {
    it("accepts an empty config and every documented shape", () => {
        assert.deepStrictEqual(validatePackConfig({}), []);
        assert.deepStrictEqual(
            validatePackConfig({
                "iam-passrole-scoped": { enforcementLevel: "advisory" },
                "iam-no-admin-wildcards": {
                    enforcementLevel: "remediate",
                    exemptions: [
                        { resource: "admin-policy", reason: "break-glass role, reviewed quarterly" },
                    ],
                },
                "iam-valid-resource-arns": { vendorServices: ["backup", "ec2", "rds"] },
                "iam-managed-policy-allowlist": { allowCustomerManaged: false, enforcementLevel: "disabled" },
                "iam-policy-size": { limits: { "trust-policy": 4096 } },
                "iam-exemptions": { enforcementLevel: "mandatory" },
                "iam-trust-scoped": undefined,
            }),
            [],
        );
    });

    it("reports a config that is not an object", () => {
        assert.deepStrictEqual(validatePackConfig([]), ["pack config must be a JSON object (got an array)"]);
        assert.deepStrictEqual(validatePackConfig(null), ["pack config must be a JSON object (got null)"]);
    });

    it("reports unknown rule ids, listing the known ones (with the iam-exemptions stack policy)", () => {
        assert.deepStrictEqual(validatePackConfig({ "iam-trust-scope": { enforcementLevel: "advisory" } }), [
            `unknown rule "iam-trust-scope" (known: ${KNOWN})`,
        ]);
        assert.ok(KNOWN.endsWith("iam-policy-size, iam-exemptions"));
        assert.deepStrictEqual(validatePackConfig({ all: "mandatory" }), [
            `"all" is not read by the offline checks; set enforcementLevel per rule (known: ${KNOWN})`,
        ]);
    });

    it("reports sections that are not objects, and bare levels the offline checks would not read", () => {
        assert.deepStrictEqual(
            validatePackConfig({ "iam-no-redundancy": "advisory", "iam-policy-size": 3 }),
            [
                'iam-no-redundancy: write {"enforcementLevel": "advisory"}; a bare level is not read by the offline checks',
                'iam-policy-size: must be an object such as {"enforcementLevel": "advisory"} (got a number 3)',
            ],
        );
    });

    it("reports unknown settings, listing the rule's known keys", () => {
        assert.deepStrictEqual(
            validatePackConfig({
                "iam-trust-scoped": { sourceContextKey: ["aws:SourceArn"] },
                "iam-exemptions": { exemptions: [] },
            }),
            [
                'iam-trust-scoped: unknown setting "sourceContextKey" (known: enforcementLevel, exemptions, ' +
                    "sourceContextKeys, servicesWithoutSourceContext)",
                'iam-exemptions: unknown setting "exemptions" (known: enforcementLevel)',
            ],
        );
    });

    it("reports enforcement levels @pulumi/policy does not accept", () => {
        assert.deepStrictEqual(
            validatePackConfig({
                "iam-passrole-scoped": { enforcementLevel: "warn" },
                "iam-exemptions": { enforcementLevel: true },
            }),
            [
                'iam-passrole-scoped: enforcementLevel must be one of advisory, mandatory, remediate, disabled (got a string "warn")',
                "iam-exemptions: enforcementLevel must be one of advisory, mandatory, remediate, disabled (got a boolean true)",
            ],
        );
    });

    it("reports settings of the wrong JSON type for the rule's configSchema", () => {
        assert.deepStrictEqual(
            validatePackConfig({
                "iam-trust-scoped": { sourceContextKeys: "aws:SourceArn" },
                "iam-managed-policy-allowlist": { allowCustomerManaged: "yes", allowed: ["a", 3] },
                "iam-policy-size": { limits: { "trust-policy": 0, "trust-polcy": 4096 } },
            }),
            [
                'iam-trust-scoped: sourceContextKeys must be an array of strings (got a string "aws:SourceArn")',
                'iam-managed-policy-allowlist: allowCustomerManaged must be a boolean (true or false) (got a string "yes")',
                "iam-managed-policy-allowlist: allowed must be an array of strings (got an array holding a number)",
                "iam-policy-size: limits.trust-policy must be an integer >= 1 (got a number 0)",
                'iam-policy-size: limits has an unknown entry "trust-polcy" (known: managed-policy, role-inline-policy, ' +
                    "user-inline-policy, group-inline-policy, trust-policy, kms-key-policy, s3-bucket-policy, " +
                    "sns-topic-policy, sqs-queue-policy, efs-file-system-policy, secretsmanager-secret-policy, " +
                    "ecr-repository-policy, backup-vault-policy, resource-policy)",
            ],
        );
        assert.deepStrictEqual(validatePackConfig({ "iam-policy-size": { limits: [] } }), [
            "iam-policy-size: limits must be an object whose values are an integer >= 1 (got an array)",
        ]);
    });

    it("reports exemptions without resource or reason strings", () => {
        assert.deepStrictEqual(
            validatePackConfig({
                "iam-no-admin-wildcards": {
                    exemptions: [
                        { resource: "admin-policy" },
                        { reason: "why" },
                        { resource: "x", reason: " " },
                        "admin-policy",
                        { resource: "x", reason: "y", until: "2027" },
                    ],
                },
                "iam-passrole-scoped": { exemptions: { resource: "x", reason: "y" } },
            }),
            [
                'iam-no-admin-wildcards: exemptions[0] needs a "reason" string saying why the rule does not apply',
                'iam-no-admin-wildcards: exemptions[1] needs a "resource" string (a resource name, URN, or URN suffix)',
                'iam-no-admin-wildcards: exemptions[2] needs a "reason" string saying why the rule does not apply',
                'iam-no-admin-wildcards: exemptions[3] must be an object with "resource" and "reason" strings (got a string "admin-policy")',
                'iam-no-admin-wildcards: exemptions[4] has an unknown key "until" (known: resource, reason)',
                'iam-passrole-scoped: exemptions must be an array of {"resource", "reason"} objects (got an object)',
            ],
        );
    });
});
