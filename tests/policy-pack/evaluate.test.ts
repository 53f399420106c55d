/**
 * checkResource / checkStack / checkDocument: the entry points of the offline plan and the linter.
 */
import * as assert from "assert";
import {
    checkDocument,
    checkResource,
    checkStack,
    inferService,
    PackConfig,
} from "../../policy-pack/lib/evaluate";
import { POLICY_RESOURCE_TYPES } from "../../policy-pack/lib/resources";
import {
    goodAdmin,
    goodFlowLogPolicy,
    goodHumanTrust,
    goodKeyPolicy,
    goodServiceTrust,
    goodVaultPolicy,
    policy,
} from "./support";

const badIdentity = policy({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" });

describe("checkResource", () => {
    it("passes the program's resource shapes with no verdict", () => {
        const resources = [
            {
                type: "aws:iam/role:Role",
                name: "admin",
                props: { assumeRolePolicy: JSON.stringify(goodHumanTrust()), maxSessionDuration: 43200 },
            },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "admin-policy",
                props: { role: "BackupTest-AdminRole", policy: JSON.stringify(goodAdmin()) },
            },
            {
                type: "aws:iam/role:Role",
                name: "service",
                props: {
                    assumeRolePolicy: goodServiceTrust(),
                    managedPolicyArns: [
                        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                    ],
                },
            },
            {
                type: "aws:iam/role:Role",
                name: "flow",
                props: {
                    assumeRolePolicy: goodServiceTrust(),
                    inlinePolicies: [{ name: "logs", policy: JSON.stringify(goodFlowLogPolicy()) }],
                },
            },
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "ssm",
                props: { role: "bastion", policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
            },
            {
                type: "aws:kms/key:Key",
                name: "key",
                props: { policy: JSON.stringify(goodKeyPolicy()), enableKeyRotation: true },
            },
            {
                type: "aws:backup/vaultPolicy:VaultPolicy",
                name: "vault-policy",
                props: { backupVaultName: "v", policy: JSON.stringify(goodVaultPolicy()) },
            },
            { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.1.0.0/16" } },
        ];
        for (const r of resources) assert.deepStrictEqual(checkResource(r), [], r.name);
    });

    it("reads every policy property of every supported resource type", () => {
        const docProp: Record<string, Record<string, unknown>> = {
            "aws:iam/role:Role": {
                assumeRolePolicy: JSON.stringify(goodHumanTrust()),
                inlinePolicies: [{ name: "p", policy: JSON.stringify(badIdentity) }],
                managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
        };
        for (const type of POLICY_RESOURCE_TYPES) {
            let props: Record<string, unknown> = docProp[type] ?? {};
            if (type.startsWith("aws:iam/") && type.includes("Attachment")) {
                props = type.includes("Exclusive")
                    ? { policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }
                    : { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" };
            } else if (type.startsWith("aws:iam/") && type !== "aws:iam/role:Role") {
                props = { policy: badIdentity };
            } else if (!type.startsWith("aws:iam/")) {
                props = {
                    policy: JSON.stringify(
                        policy({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }),
                    ),
                };
            }
            const rules = new Set(checkResource({ type, name: "r", props }).map((v) => v.rule));
            const expected = type.includes("Attachment")
                ? "iam-managed-policy-allowlist"
                : type.startsWith("aws:iam/")
                  ? "iam-no-admin-wildcards"
                  : "iam-resource-policy-scoped";
            assert.ok(rules.has(expected), `${type}: expected ${expected}, got ${[...rules].join(", ")}`);
        }
    });

    it("places verdicts on the resource and the property path, with the rule's enforcement level", () => {
        const verdicts = checkResource({
            type: "aws:iam/role:Role",
            name: "admin",
            props: {
                assumeRolePolicy: JSON.stringify(goodHumanTrust()),
                inlinePolicies: [{}, { name: "p", policy: badIdentity }],
            },
        });
        assert.deepStrictEqual(verdicts, [
            {
                rule: "iam-no-admin-wildcards",
                enforcementLevel: "mandatory",
                resource: "admin",
                statement: "Admin",
                message: 'inlinePolicies[1].policy: Action "*" grants every action of every service',
            },
        ]);
    });

    it("reports an unparseable document as a violation instead of throwing", () => {
        const verdicts = checkResource({
            type: "aws:iam/policy:Policy",
            name: "p",
            props: { policy: "{not json" },
        });
        assert.strictEqual(verdicts.length, 1);
        assert.strictEqual(verdicts[0].rule, "iam-policy-grammar");
        assert.strictEqual(verdicts[0].enforcementLevel, "mandatory");
        assert.match(verdicts[0].message, /^policy: policy document is not valid JSON: /);
    });

    it("treats a key without a policy as AWS's default key policy (kms:* for the account)", () => {
        const verdicts = checkResource({
            type: "aws:kms/key:Key",
            name: "key",
            props: { enableKeyRotation: true },
        });
        assert.deepStrictEqual(
            verdicts.map((v) => `${v.rule}: ${v.message}`),
            [
                "iam-resource-policy-scoped: policy (absent: AWS applies its default key policy): key policy grants kms:* to " +
                    "arn:aws:iam::<this-account>:root, which is not a configured key administrator (setting administrators); " +
                    "grant explicit actions instead",
            ],
        );
    });

    it("applies enforcement levels and rule settings from the pack config", () => {
        const resource = { type: "aws:iam/policy:Policy", name: "p", props: { policy: badIdentity } };
        const config: PackConfig = {
            "iam-no-admin-wildcards": { enforcementLevel: "advisory" },
            "iam-sensitive-access-scoped": { enforcementLevel: "disabled" },
        };
        const verdicts = checkResource(resource, config);
        assert.deepStrictEqual(
            verdicts.map((v) => `${v.rule}:${v.enforcementLevel}`),
            ["iam-no-admin-wildcards:advisory"],
        );
        const allowed = checkResource(resource, { "iam-no-admin-wildcards": { allowed: ["*"] } });
        assert.deepStrictEqual(allowed, []);
    });

    it("honours exemptions with a reason, and reports exemptions without one", () => {
        const resource = {
            type: "aws:iam/policy:Policy",
            name: "break-glass",
            urn: "urn:pulumi:s::p::aws:iam/policy:Policy::break-glass",
            props: { policy: badIdentity },
        };
        const exempt = (e: Record<string, unknown>): PackConfig => ({
            "iam-no-admin-wildcards": { exemptions: [e] },
        });
        assert.deepStrictEqual(
            checkResource(resource, exempt({ resource: "break-glass", reason: "audited emergency role" })),
            [],
        );
        assert.deepStrictEqual(
            checkResource(resource, exempt({ resource: "aws:iam/policy:Policy::break-glass", reason: "x" })),
            [],
        );
        assert.strictEqual(
            checkResource(resource, exempt({ resource: "glass", reason: "x" })).length,
            1,
            "suffixes match at :: only",
        );
        const noReason = checkResource(resource, exempt({ resource: "break-glass" }));
        assert.deepStrictEqual(
            noReason.map((v) => v.message),
            [
                'exemption for "break-glass" has no reason, so it does not apply; add a reason',
                'policy: Action "*" grants every action of every service',
            ],
        );
    });
});

describe("checkStack", () => {
    const resources = [
        { name: "admin-policy", urn: "urn:pulumi:s::p::aws:iam/rolePolicy:RolePolicy::admin-policy" },
    ];

    it("reports stale exemptions and exemptions without a reason", () => {
        const config: PackConfig = {
            "iam-passrole-scoped": {
                exemptions: [
                    { resource: "admin-policy", reason: "reviewed" },
                    { resource: "renamed-policy", reason: "reviewed" },
                    { resource: "admin-policy" },
                ],
            },
        };
        assert.deepStrictEqual(
            checkStack(resources, config).map((v) => `${v.rule} ${v.enforcementLevel}: ${v.message}`),
            [
                'iam-exemptions advisory: exemption of "renamed-policy" from iam-passrole-scoped is stale: no resource in the stack matches it',
                'iam-exemptions advisory: exemption of "admin-policy" from iam-passrole-scoped has no reason',
            ],
        );
        assert.strictEqual(
            checkStack(resources, { ...config, "iam-exemptions": { enforcementLevel: "mandatory" } })[0]
                .enforcementLevel,
            "mandatory",
        );
    });

    it("is quiet without exemptions", () => {
        assert.deepStrictEqual(checkStack(resources), []);
    });
});

describe("checkDocument", () => {
    it("takes a JSON string or a value, and infers a resource policy's service from its actions", () => {
        assert.deepStrictEqual(checkDocument(JSON.stringify(goodAdmin()), "identity"), []);
        assert.deepStrictEqual(checkDocument(goodAdmin(), "identity"), []);
        assert.strictEqual(inferService(goodKeyPolicy()), "kms");
        const root = goodKeyPolicy();
        root.Statement[0].Action = "kms:*";
        const verdicts = checkDocument(root, "resource");
        assert.deepStrictEqual(
            verdicts.map((v) => v.rule),
            ["iam-resource-policy-scoped"],
        );
        assert.match(verdicts[0].message, /^key policy grants kms:\*/);
    });
});
