/**
 * No rule throws, whatever it is given: 10,000 generated documents, valid-looking and malformed, through every
 * rule (via checkDocument for each kind, checkResource for each resource type, and the attachment rule).
 */
import * as assert from "assert";
import fc from "fast-check";
import { checkDocument, checkResource } from "../../policy-pack/lib/evaluate";
import {
    check as checkAttachments,
    rule as allowlist,
} from "../../policy-pack/rules/iam-managed-policy-allowlist";
import { POLICY_RESOURCE_TYPES } from "../../policy-pack/lib/resources";

const RUNS = 10_000;

const actions = fc.oneof(
    fc.constantFrom(
        "*",
        "backup:*",
        "backup:Get*",
        "s3:*Object",
        "iam:PassRole",
        "iam:Pass?ole",
        "kms:Decrypt",
        "kms:Create*",
        "sts:AssumeRole",
        "backup:DeleteBackupVaultNotification",
        "backup-storage:MountCapsule",
        "ec2:RunInstances",
        "iam:PutRolePolicy",
        "nope:Nothing",
        "*:*",
        "backup:",
        ":",
        "",
        "BACKUP:startcopyjob",
    ),
    fc.string({ maxLength: 20 }),
);
const resources = fc.oneof(
    fc.constantFrom(
        "*",
        "arn:aws:iam:::role/*",
        "arn:aws:iam::123456789012:role/x",
        "arn:aws:backup:*:123456789012:recovery-point:*",
        "arn:aws:ec2:*::snapshot/*",
        "arn:aws:s3:::*",
        "arn:aws:kms:ap-northeast-1:123456789012:key/${aws:username}",
        "arn:aws",
        "arn:::::",
        "arn:aws:logs:r:1:log-group:a:*",
        "${}",
    ),
    fc.string({ maxLength: 40 }),
    fc.string({ maxLength: 10 }).map((s) => `arn:aws:${s}:*:*:${s}*?`),
);
const principal = fc.oneof(
    fc.constant("*"),
    fc.record(
        {
            AWS: fc.oneof(
                fc.constantFrom("*", "123456789012", "arn:aws:iam::123456789012:root"),
                fc.array(fc.string()),
            ),
        },
        { requiredKeys: [] },
    ),
    fc.record({
        Service: fc.oneof(fc.constantFrom("backup.amazonaws.com", "ec2.amazonaws.com"), fc.jsonValue()),
    }),
    fc.record({ Federated: fc.string(), CanonicalUser: fc.jsonValue() }, { requiredKeys: [] }),
    fc.jsonValue(),
);
const condition = fc.oneof(
    fc.dictionary(
        fc.constantFrom(
            "StringEquals",
            "StringLike",
            "Bool",
            "Null",
            "ForAnyValue:StringLike",
            "NumericLessThan",
            "Bogus",
        ),
        fc.dictionary(
            fc.constantFrom(
                "aws:SourceAccount",
                "iam:PassedToService",
                "kms:ViaService",
                "aws:ResourceTag/x",
                "foo:bar",
                "saml:aud",
                "x",
            ),
            fc.oneof(fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.jsonValue()),
        ),
    ),
    fc.jsonValue(),
);
const oneOrMany = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | T[] | unknown> =>
    fc.oneof(a, fc.array(a, { maxLength: 5 }), fc.jsonValue());
const statement = fc.record(
    {
        Sid: fc.oneof(fc.string({ maxLength: 8 }), fc.jsonValue()),
        Effect: fc.oneof(fc.constantFrom("Allow", "Deny", "allow"), fc.jsonValue()),
        Action: oneOrMany(actions),
        NotAction: oneOrMany(actions),
        Resource: oneOrMany(resources),
        NotResource: oneOrMany(resources),
        Principal: principal,
        NotPrincipal: principal,
        Condition: condition,
    },
    { requiredKeys: [] },
);
const policyDoc = fc.record(
    {
        Version: fc.oneof(fc.constantFrom("2012-10-17", "2008-10-17"), fc.jsonValue()),
        Statement: fc.oneof(
            fc.array(fc.oneof(statement, fc.jsonValue()), { maxLength: 6 }),
            statement,
            fc.jsonValue(),
        ),
        Id: fc.string(),
    },
    { requiredKeys: [] },
);
const anyDoc = fc.oneof(
    { weight: 5, arbitrary: policyDoc },
    { weight: 2, arbitrary: policyDoc.map((d) => JSON.stringify(d)) },
    {
        weight: 1,
        arbitrary: policyDoc.chain((d) => fc.nat().map((n) => JSON.stringify(d).slice(0, n % 200))),
    },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.string() },
);

describe("robustness", () => {
    it(`no rule throws on ${RUNS.toLocaleString("en-US")} generated and malformed documents`, function () {
        this.timeout(120_000);
        let findings = 0;
        fc.assert(
            fc.property(
                anyDoc,
                fc.constantFrom(...POLICY_RESOURCE_TYPES),
                fc.array(fc.string(), { maxLength: 3 }),
                (doc, type, arns) => {
                    for (const kind of ["identity", "trust", "resource"] as const)
                        findings += checkDocument(doc, kind).length;
                    const props: Record<string, unknown> = {
                        policy: doc,
                        assumeRolePolicy: doc,
                        inlinePolicies: [{ policy: doc }, doc],
                        managedPolicyArns: arns,
                        policyArn: arns[0],
                        policyArns: arns,
                    };
                    findings += checkResource({ type, name: "r", props }).length;
                    findings += checkAttachments(arns, { config: allowlist.defaults }).length;
                },
            ),
            { numRuns: RUNS, seed: 20260923 },
        );
        assert.ok(findings > RUNS, "the generator produces documents the rules have something to say about");
    });
});
