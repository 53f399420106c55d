/**
 * The wrappers, driven the way the engine drives them. Fails loudly if @pulumi/policy's internals move.
 */
import * as assert from "assert";
import { policies } from "../../policy-pack/policies";
import { policy as adminWildcards } from "../../policy-pack/rules/iam-no-admin-wildcards";
import { policy as allowlist } from "../../policy-pack/rules/iam-managed-policy-allowlist";
import { exemptionsPolicy } from "../../policy-pack/lib/wrap";
import { rules } from "../../policy-pack/rules";
import { analyze, internalsAvailable, UNKNOWN_STRING, validate, validateStack } from "./harness";
import { goodAdmin, goodHumanTrust, goodKeyPolicy, goodServiceTrust, policy } from "./support";

const bad = policy({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" });

describe("@pulumi/policy internals the harness relies on", () => {
    it("are all still there (if this fails, @pulumi/policy changed: update tests/policy-pack/harness.ts)", () => {
        assert.deepStrictEqual(internalsAvailable(), []);
    });
});

describe("policies (CrossGuard wrappers)", () => {
    it("are one ResourceValidationPolicy per rule, named by rule id, plus the exemptions stack policy", () => {
        assert.deepStrictEqual(
            policies.map((p) => p.name),
            [...rules.map((r) => r.id), "iam-exemptions"],
        );
        for (const p of policies) {
            assert.ok(p.description.length > 20, p.name);
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
        }
    });

    it("declare a config schema with defaults and exemptions that require a reason", () => {
        for (const r of rules) {
            const p = policies.find((x) => x.name === r.id);
            const props = p?.configSchema?.properties ?? {};
            assert.ok(props.exemptions, `${r.id} lacks exemptions`);
            assert.deepStrictEqual((props.exemptions as { items: { required: string[] } }).items.required, [
                "resource",
                "reason",
            ]);
            for (const [k, v] of Object.entries(r.defaults)) {
                assert.deepStrictEqual((props[k] as { default: unknown }).default, v, `${r.id}.${k} default`);
            }
        }
    });

    it("report through validateResource with hand-made args, and honour their config", async () => {
        const resource = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "admin-policy",
            props: { policy: JSON.stringify(bad) },
        };
        assert.deepStrictEqual(await validate(adminWildcards, resource), [
            'statement "Admin": policy: Action "*" grants every action of every service',
        ]);
        assert.deepStrictEqual(await validate(adminWildcards, resource, { allowed: ["*"] }), []);
        assert.deepStrictEqual(
            await validate(adminWildcards, resource, {
                exemptions: [{ resource: "admin-policy", reason: "break-glass" }],
            }),
            [],
        );
        const good = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "admin-policy",
            props: { policy: goodAdmin() },
        };
        assert.deepStrictEqual(await validate(adminWildcards, good), []);
    });

    it("ignore resources that hold no policy", async () => {
        assert.deepStrictEqual(
            await validate(allowlist, {
                type: "aws:ec2/vpc:Vpc",
                name: "vpc",
                props: { cidrBlock: "10.1.0.0/16" },
            }),
            [],
        );
    });

    it("leave unknown values to the engine: the proxy's UnknownValueError propagates", async () => {
        const resource = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "p",
            props: { policy: UNKNOWN_STRING },
        };
        await assert.rejects(validate(adminWildcards, resource), /can't be known during preview/);
    });
});

describe("policies through @pulumi/policy's analyze RPC handler", () => {
    it("pass the program's shapes", async () => {
        const resources = [
            {
                type: "aws:iam/role:Role",
                name: "admin",
                props: { assumeRolePolicy: JSON.stringify(goodHumanTrust()) },
            },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "admin-policy",
                props: { policy: JSON.stringify(goodAdmin()) },
            },
            {
                type: "aws:iam/role:Role",
                name: "service",
                props: { assumeRolePolicy: JSON.stringify(goodServiceTrust()) },
            },
            { type: "aws:kms/key:Key", name: "key", props: { policy: JSON.stringify(goodKeyPolicy()) } },
        ];
        for (const r of resources) assert.deepStrictEqual(await analyze(policies, r), [], r.name);
    });

    it("report mandatory violations with the policy name and the resource URN", async () => {
        const r = { type: "aws:iam/policy:Policy", name: "p", props: { policy: JSON.stringify(bad) } };
        const diagnostics = await analyze(policies, r);
        assert.deepStrictEqual(
            diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.message]),
            [
                [
                    "iam-no-admin-wildcards",
                    "mandatory",
                    // The engine puts the policy's description first.
                    'No "*" or "service:*" actions in an Allow statement of an identity policy.\n' +
                        'statement "Admin": policy: Action "*" grants every action of every service',
                ],
            ],
        );
        assert.strictEqual(diagnostics[0].urn, "urn:pulumi:test::efs-backup::aws:iam/policy:Policy::p");
    });

    it("become advisories, not crashes, when a policy is unknown during preview", async () => {
        const r = { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: UNKNOWN_STRING } };
        const diagnostics = await analyze(policies, r);
        const names = new Set(diagnostics.map((d) => d.policyName));
        assert.ok(names.has("iam-trust-scoped"));
        for (const d of diagnostics) {
            assert.strictEqual(d.enforcementLevel, "advisory");
            assert.match(d.message, /can't run policy .* during preview/);
        }
        // Rules that do not read the trust policy still run.
        assert.ok(!names.has("iam-managed-policy-allowlist"));
    });

    it("report a document that is not JSON as a mandatory grammar violation", async () => {
        const r = { type: "aws:kms/keyPolicy:KeyPolicy", name: "kp", props: { keyId: "k", policy: "{" } };
        const diagnostics = await analyze(policies, r);
        assert.deepStrictEqual(
            diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
            [["iam-policy-grammar", "mandatory"]],
        );
    });
});

describe("iam-exemptions stack policy", () => {
    it("reports exemptions the resource rules saw that match no resource", async () => {
        const resource = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "admin-policy",
            props: { policy: JSON.stringify(bad) },
        };
        await validate(adminWildcards, resource, {
            exemptions: [
                { resource: "admin-policy", reason: "break-glass" },
                { resource: "gone", reason: "old" },
            ],
        });
        assert.deepStrictEqual(await validateStack(exemptionsPolicy(), [resource]), [
            'exemption of "gone" from iam-no-admin-wildcards is stale: no resource in the stack matches it',
        ]);
    });
});
