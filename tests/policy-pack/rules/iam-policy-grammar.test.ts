import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-policy-grammar";
import {
    goodAdmin,
    goodFlowLogPolicy,
    goodHumanTrust,
    goodKeyPolicy,
    goodServiceTrust,
    goodVaultPolicy,
    policy,
    run,
} from "../support";

describe("rule iam-policy-grammar", () => {
    it("accepts every document the program builds", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
        assert.deepStrictEqual(run(rule, goodFlowLogPolicy()), []);
        assert.deepStrictEqual(run(rule, goodKeyPolicy(), { kind: "resource" }), []);
        assert.deepStrictEqual(run(rule, goodVaultPolicy(), { kind: "resource" }), []);
        assert.deepStrictEqual(run(rule, goodServiceTrust(), { kind: "trust" }), []);
        assert.deepStrictEqual(run(rule, goodHumanTrust(), { kind: "trust" }), []);
    });

    it("reports a document that is not JSON, or not an object", () => {
        assert.deepStrictEqual(run(rule, '{"Version": '), [
            {
                statement: "document",
                message: "policy document is not valid JSON: Unexpected end of JSON input",
            },
        ]);
        assert.deepStrictEqual(run(rule, "[1]"), [
            { statement: "document", message: "policy document is not a JSON object (got an array)" },
        ]);
        assert.deepStrictEqual(run(rule, 42), [
            { statement: "document", message: "policy document is not a JSON object (got a number)" },
        ]);
    });

    it("reports a missing, old or wrong Version", () => {
        const doc = goodFlowLogPolicy();
        delete doc.Version;
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "document",
                message:
                    'Version is missing; without "2012-10-17" IAM uses the 2008 language, which has no policy variables',
            },
        ]);
        doc.Version = "2008-10-17";
        assert.deepStrictEqual(run(rule, doc), [
            { statement: "document", message: 'Version "2008-10-17" is outdated; use "2012-10-17"' },
        ]);
        doc.Version = "2012-10-18";
        assert.deepStrictEqual(run(rule, doc), [
            { statement: "document", message: 'Version must be "2012-10-17" (got "2012-10-18")' },
        ]);
    });

    it("reports missing or empty Statement and unknown top-level elements", () => {
        assert.deepStrictEqual(run(rule, { Version: "2012-10-17" }), [
            { statement: "document", message: "Statement is missing" },
        ]);
        assert.deepStrictEqual(run(rule, { Version: "2012-10-17", Statement: [], Extra: 1 }), [
            { statement: "document", message: 'unknown top-level element "Extra"' },
            { statement: "document", message: "Statement is an empty list" },
        ]);
    });

    it("reports a bad Effect, unknown elements and missing Action/Resource", () => {
        const doc = policy({ Sid: "S", Effect: "allow", Actions: "iam:GetRole" });
        assert.deepStrictEqual(run(rule, doc), [
            { statement: "S", message: 'unknown element "Actions"' },
            { statement: "S", message: 'Effect must be "Allow" or "Deny" (got "allow")' },
            { statement: "S", message: "statement has neither Action nor NotAction" },
            { statement: "S", message: "statement has neither Resource nor NotResource" },
        ]);
    });

    it("reports elements that do not belong to the kind of policy", () => {
        const identity = goodFlowLogPolicy();
        identity.Statement[0].Principal = { AWS: "arn:aws:iam::123456789012:root" };
        assert.deepStrictEqual(run(rule, identity), [
            {
                statement: "WriteFlowLogStreams",
                message: "an identity policy must not have Principal or NotPrincipal",
            },
        ]);
        const trust = goodServiceTrust();
        trust.Statement[0].Resource = "*";
        delete trust.Statement[0].Principal;
        assert.deepStrictEqual(run(rule, trust, { kind: "trust" }), [
            { statement: "AssumedByAwsBackup", message: "a trust policy statement needs a Principal" },
            {
                statement: "AssumedByAwsBackup",
                message: "a trust policy must not have Resource or NotResource",
            },
        ]);
    });

    it("reports Sids with characters IAM rejects", () => {
        const doc = goodFlowLogPolicy();
        doc.Statement[0].Sid = "Write-Flow-Logs";
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Write-Flow-Logs",
                message: 'Sid "Write-Flow-Logs" may contain only letters and digits',
            },
        ]);
    });

    it("reports unknown condition operators and values of the wrong type", () => {
        const doc = goodServiceTrust();
        doc.Statement[0].Condition = {
            StringEqual: { "aws:SourceAccount": "123456789012" },
            Bool: { "aws:SecureTransport": "yes" },
        };
        assert.deepStrictEqual(run(rule, doc, { kind: "trust" }), [
            { statement: "AssumedByAwsBackup", message: 'unknown condition operator "StringEqual"' },
            {
                statement: "AssumedByAwsBackup",
                message: 'condition Bool aws:SecureTransport needs true or false, not "yes"',
            },
        ]);
    });

    it("accepts set operators and IfExists", () => {
        const doc = goodServiceTrust();
        doc.Statement[0].Condition = {
            "ForAnyValue:StringLikeIfExists": { "aws:SourceAccount": ["123456789012"] },
            Null: { "aws:SourceArn": "false" },
        };
        assert.deepStrictEqual(run(rule, doc, { kind: "trust" }), []);
    });

    it("reports condition keys the statement's actions do not support", () => {
        const doc = goodAdmin();
        doc.Statement[3].Condition = { StringEquals: { "iam:AWSServiceName": "backup.amazonaws.com" } };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "PassServiceRoleToBackup",
                message:
                    "condition key iam:AWSServiceName is not supported by the statement's actions (iam:PassRole)",
            },
        ]);
    });

    it("reports misspelled condition keys, global and service", () => {
        const doc = goodAdmin();
        doc.Statement[3].Condition = {
            StringEquals: { "iam:PassedToServices": "backup.amazonaws.com", "aws:SourceAcount": "1" },
        };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "PassServiceRoleToBackup",
                message: "condition key iam:PassedToServices does not exist in service iam",
            },
            {
                statement: "PassServiceRoleToBackup",
                message: "condition key aws:SourceAcount is not a known global condition key",
            },
        ]);
    });

    it("accepts keys that come from the action's resource types and identity-provider keys", () => {
        const doc = policy({
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { "kms:KeySpec": "SYMMETRIC_DEFAULT", "aws:ResourceTag/team": "x" } },
        });
        assert.deepStrictEqual(run(rule, doc), []);
        const oidc = policy({
            Effect: "Allow",
            Principal: {
                Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
            },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:org/repo:*" } },
        });
        assert.deepStrictEqual(run(rule, oidc, { kind: "trust" }), []);
    });

    it("reports malformed principals", () => {
        const doc = goodHumanTrust();
        doc.Statement[0].Principal = { AWS: "arn:aws:iam:::user/alice", Service: "backup", Users: "x" };
        assert.deepStrictEqual(run(rule, doc, { kind: "trust" }), [
            {
                statement: "AssumedByTrustedPrincipal",
                message:
                    'Principal AWS "arn:aws:iam:::user/alice" is not "*", an account ID, or an IAM/STS principal ARN with an account',
            },
            {
                statement: "AssumedByTrustedPrincipal",
                message:
                    'Principal Service "backup" is not a service principal (such as backup.amazonaws.com)',
            },
            {
                statement: "AssumedByTrustedPrincipal",
                message: 'Principal has an unknown principal type "Users"',
            },
        ]);
    });

    it("accepts service keys whose reference name has a <key> or tag-key placeholder", () => {
        const doc = policy(
            {
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: "*",
                Condition: { StringEquals: { "secretsmanager:ResourceTag/team": "backup" } },
            },
            {
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::reports/*",
                Condition: { StringEquals: { "s3:ExistingObjectTag/classification": "internal" } },
            },
            {
                Effect: "Allow",
                Action: "ssm:GetParameter",
                Resource: "*",
                Condition: { StringEquals: { "ssm:resourceTag/team": "backup" } },
            },
        );
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("accepts a key whose reference name ends in a placeholder after a colon, and still catches a misspelling", () => {
        const doc = policy({
            Sid: "Trail",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            Condition: {
                StringLike: {
                    "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*",
                },
            },
        });
        assert.deepStrictEqual(run(rule, doc), []);
        doc.Statement[0].Condition = { StringEquals: { "kms:EncryptionContex:department": "it" } };
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Trail",
                message: "condition key kms:EncryptionContex:department does not exist in service kms",
            },
        ]);
    });

    it("still reports a tag key with nothing after the slash, and a tag key the actions do not support", () => {
        const doc = policy({
            Sid: "Read",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::reports/*",
            Condition: {
                StringEquals: { "s3:ExistingObjectTag/": "x", "secretsmanager:ResourceTag/team": "backup" },
            },
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Read",
                message: "condition key s3:ExistingObjectTag/ does not exist in service s3",
            },
            {
                statement: "Read",
                message:
                    "condition key secretsmanager:ResourceTag/team is not supported by the statement's actions (s3:GetObject)",
            },
        ]);
    });

    it("reports a wildcard account in a principal ARN, which IAM rejects", () => {
        const doc = goodHumanTrust();
        doc.Statement[0].Principal = {
            AWS: ["arn:aws:iam::*:root", "arn:aws:sts::*:assumed-role/ci/session", "123456789012", "*"],
        };
        assert.deepStrictEqual(run(rule, doc, { kind: "trust" }), [
            {
                statement: "AssumedByTrustedPrincipal",
                message:
                    'Principal AWS "arn:aws:iam::*:root" is not "*", an account ID, or an IAM/STS principal ARN with an account',
            },
            {
                statement: "AssumedByTrustedPrincipal",
                message:
                    'Principal AWS "arn:aws:sts::*:assumed-role/ci/session" is not "*", an account ID, or an IAM/STS principal ARN with an account',
            },
        ]);
    });
});
