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

    describe("only conditions that limit the caller scope a * principal", () => {
        const publicFinding = (
            what: string,
            actions: string,
            conditions: string,
        ): { statement: string; message: string } => ({
            statement: "Public",
            message:
                `${what} allows ${actions} to every principal ("*"); its conditions (${conditions}) do ` +
                "not limit who the principal is: add aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID " +
                "or aws:PrincipalAccount",
        });

        it("reports a bucket policy that opens s3:GetObject with only aws:SecureTransport", () => {
            const doc = policy({
                Sid: "Public",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::reports/*",
                Condition: { Bool: { "aws:SecureTransport": "true" } },
            });
            assert.deepStrictEqual(run(rule, doc, { container: "s3-bucket-policy" }), [
                publicFinding("resource policy", "s3:GetObject", "Bool aws:SecureTransport"),
            ]);
        });

        it("reports an SQS policy scoped only with ArnEqualsIfExists aws:SourceArn", () => {
            const doc = policy({
                Sid: "Public",
                Effect: "Allow",
                Principal: "*",
                Action: "sqs:SendMessage",
                Resource: "arn:aws:sqs:us-east-1:123456789012:jobs",
                Condition: {
                    ArnEqualsIfExists: { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:events" },
                },
            });
            assert.deepStrictEqual(run(rule, doc, { container: "sqs-queue-policy" }), [
                publicFinding("resource policy", "sqs:SendMessage", "ArnEqualsIfExists aws:SourceArn"),
            ]);
        });

        it("reports a key policy that opens kms:Decrypt to * with only kms:ViaService", () => {
            const doc = policy({
                Sid: "Public",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
            });
            assert.deepStrictEqual(run(rule, doc), [
                publicFinding("key policy", "kms:Decrypt", "StringLike kms:ViaService"),
            ]);
            doc.Statement[0].Condition = {
                StringLike: { "kms:ViaService": "s3.*.amazonaws.com" },
                StringEquals: { "kms:CallerAccount": "123456789012" },
            };
            assert.deepStrictEqual(run(rule, doc), []);
        });

        it("accepts a CloudTrail bucket policy scoped with aws:SourceArn", () => {
            const doc = policy(
                {
                    Sid: "AWSCloudTrailAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: "arn:aws:s3:::trail-logs",
                    Condition: {
                        StringEquals: {
                            "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
                        },
                    },
                },
                {
                    Sid: "AWSCloudTrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: "arn:aws:s3:::trail-logs/AWSLogs/123456789012/*",
                    Condition: {
                        StringEquals: {
                            "s3:x-amz-acl": "bucket-owner-full-control",
                            "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
                        },
                    },
                },
            );
            assert.deepStrictEqual(run(rule, doc, { container: "s3-bucket-policy" }), []);
        });

        it("accepts an SNS topic policy for S3 events scoped with aws:SourceArn and aws:SourceAccount", () => {
            const doc = policy({
                Sid: "S3Events",
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "SNS:Publish",
                Resource: "arn:aws:sns:us-east-1:123456789012:uploads",
                Condition: {
                    ArnLike: { "aws:SourceArn": "arn:aws:s3:::uploads-bucket" },
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                },
            });
            assert.deepStrictEqual(run(rule, doc, { container: "sns-topic-policy" }), []);
        });

        it("accepts an SQS policy for SNS with ArnEquals aws:SourceArn (Principal *)", () => {
            const doc = policy({
                Sid: "FromTopic",
                Effect: "Allow",
                Principal: "*",
                Action: "sqs:SendMessage",
                Resource: "arn:aws:sqs:us-east-1:123456789012:jobs",
                Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:events" } },
            });
            assert.deepStrictEqual(run(rule, doc, { container: "sqs-queue-policy" }), []);
        });

        it("accepts a bucket policy for * scoped with aws:PrincipalOrgID, and any Deny for *", () => {
            const doc = policy(
                {
                    Sid: "Org",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::shared/*",
                    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
                },
                {
                    Sid: "TlsOnly",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            );
            assert.deepStrictEqual(run(rule, doc, { container: "s3-bucket-policy" }), []);
        });
    });
});
