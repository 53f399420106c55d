import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { rule } from "../../../policy-pack/rules/iam-trust-scoped";
import { goodHumanTrust, goodServiceTrust, policy, run } from "../support";

describe("rule iam-trust-scoped", () => {
    it("accepts a named principal, and a service principal scoped with aws:SourceAccount", () => {
        assert.deepStrictEqual(run(rule, goodHumanTrust()), []);
        assert.deepStrictEqual(run(rule, goodServiceTrust()), []);
    });

    it("reports a service principal without aws:SourceAccount (runbook defect 8)", () => {
        const text = fs.readFileSync(
            path.join(__dirname, "../../fixtures/runbook/backup-trust-policy.json"),
            "utf8",
        );
        assert.deepStrictEqual(run(rule, text), [
            {
                statement: 0,
                message:
                    "service principal backup.amazonaws.com can assume the role without aws:SourceAccount or aws:SourceArn (confused deputy)",
            },
        ]);
    });

    it("accepts EC2 instance roles, which AWS does not scope with source keys", () => {
        const doc = policy({
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: "sts:AssumeRole",
        });
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("reports * and whole accounts without a condition", () => {
        const doc = goodHumanTrust();
        doc.Statement[0].Principal = { AWS: ["*", "arn:aws:iam::123456789012:root", "210987654321"] };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "AssumedByTrustedPrincipal",
                message: 'any AWS principal ("*") can assume the role, and there is no condition',
            },
            {
                statement: "AssumedByTrustedPrincipal",
                message:
                    "every principal of account arn:aws:iam::123456789012:root can assume the role, and there is no condition; " +
                    "name the role or user, or add a condition such as aws:PrincipalArn",
            },
            {
                statement: "AssumedByTrustedPrincipal",
                message:
                    "every principal of account 210987654321 can assume the role, and there is no condition; " +
                    "name the role or user, or add a condition such as aws:PrincipalArn",
            },
        ]);
        doc.Statement[0].Condition = {
            ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/ci" },
        };
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("reports federated principals without claim conditions", () => {
        const provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        const doc = policy({
            Sid: "Ci",
            Effect: "Allow",
            Principal: { Federated: provider },
            Action: "sts:AssumeRoleWithWebIdentity",
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Ci",
                message: `federated principal ${provider} can assume the role, and there is no condition on its claims`,
            },
        ]);
        doc.Statement[0].Condition = {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Ci",
                message: `GitHub OIDC principal ${provider} without a condition on the :sub claim lets any repository assume the role`,
            },
        ]);
    });

    describe("only conditions that limit the caller scope * and whole accounts", () => {
        const github = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

        it('reports {AWS: "*"} with only aws:SecureTransport', () => {
            const doc = policy({
                Sid: "Anyone",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:SecureTransport": "true" } },
            });
            assert.deepStrictEqual(run(rule, doc), [
                {
                    statement: "Anyone",
                    message:
                        'any AWS principal ("*") can assume the role; its conditions (Bool aws:SecureTransport) do not ' +
                        "limit who the principal is: add aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId",
                },
            ]);
        });

        it("reports a whole account with only aws:MultiFactorAuthPresent, and *IfExists / negated / * values", () => {
            const doc = policy({
                Sid: "Partner",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::210987654321:root" },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            });
            const finding = (conditions: string): { statement: string; message: string } => ({
                statement: "Partner",
                message:
                    `every principal of account arn:aws:iam::210987654321:root can assume the role; its conditions (${conditions}) ` +
                    "do not limit which principal: name the role or user, or add a condition such as aws:PrincipalArn",
            });
            assert.deepStrictEqual(run(rule, doc), [finding("Bool aws:MultiFactorAuthPresent")]);
            doc.Statement[0].Condition = { StringEqualsIfExists: { "sts:ExternalId": "abc" } };
            assert.deepStrictEqual(run(rule, doc), [finding("StringEqualsIfExists sts:ExternalId")]);
            doc.Statement[0].Condition = { StringNotEquals: { "sts:ExternalId": "abc" } };
            assert.deepStrictEqual(run(rule, doc), [finding("StringNotEquals sts:ExternalId")]);
            doc.Statement[0].Condition = { StringLike: { "sts:ExternalId": "*" } };
            assert.deepStrictEqual(run(rule, doc), [finding("StringLike sts:ExternalId")]);
        });

        it("accepts cross-account trust with sts:ExternalId", () => {
            const doc = policy({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::210987654321:root" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": "7f1c2e0a-partner" } },
            });
            assert.deepStrictEqual(run(rule, doc), []);
        });

        it("accepts GitHub OIDC trust with aud and a concrete sub", () => {
            const doc = policy({
                Effect: "Allow",
                Principal: { Federated: github },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                    StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/infra:*" },
                },
            });
            assert.deepStrictEqual(run(rule, doc), []);
        });

        it('reports GitHub OIDC trust whose :sub is "*"', () => {
            const doc = policy({
                Sid: "Ci",
                Effect: "Allow",
                Principal: { Federated: github },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                    StringLike: { "token.actions.githubusercontent.com:sub": "*" },
                },
            });
            assert.deepStrictEqual(run(rule, doc), [
                {
                    statement: "Ci",
                    message:
                        `GitHub OIDC principal ${github} has a token.actions.githubusercontent.com:sub condition that does not name a repository ` +
                        '("*", a negated operator or IfExists), so any repository can assume the role',
                },
            ]);
        });

        it("accepts EKS IRSA trust with :sub and :aud", () => {
            const issuer = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
            const doc = policy({
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: "system:serviceaccount:backup:exporter",
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            });
            assert.deepStrictEqual(run(rule, doc), []);
        });

        it("reports Cognito trust with only an amr condition, and accepts it with the pool as :aud", () => {
            const doc = policy({
                Sid: "Pool",
                Effect: "Allow",
                Principal: { Federated: "cognito-identity.amazonaws.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                },
            });
            assert.deepStrictEqual(run(rule, doc), [
                {
                    statement: "Pool",
                    message:
                        "federated principal cognito-identity.amazonaws.com can assume the role, but no condition limits its claims: " +
                        'use cognito-identity.amazonaws.com:aud with StringEquals/StringLike and a value other than "*"',
                },
            ]);
            doc.Statement[0].Condition = {
                StringEquals: {
                    "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012",
                },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            };
            assert.deepStrictEqual(run(rule, doc), []);
        });

        it("requires the source keys of a service principal to be used with a positive operator", () => {
            const doc = goodServiceTrust();
            doc.Statement[0].Condition = { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } };
            assert.deepStrictEqual(run(rule, doc), [
                {
                    statement: "AssumedByAwsBackup",
                    message:
                        "service principal backup.amazonaws.com can assume the role without aws:SourceAccount or aws:SourceArn (confused deputy)",
                },
            ]);
        });

        it("ignores Deny statements", () => {
            const doc = policy({
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            assert.deepStrictEqual(run(rule, doc), []);
        });
    });
});
