import * as assert from "assert";
import { rule, SENSITIVE_ACTIONS } from "../../../policy-pack/rules/iam-sensitive-access-scoped";
import { actionById } from "../../../policy-pack/lib/reference";
import { goodAdmin, policy, run } from "../support";

describe("rule iam-sensitive-access-scoped", () => {
    it("names only actions that exist in the Service Authorization Reference", () => {
        for (const a of SENSITIVE_ACTIONS)
            assert.strictEqual(actionById(a)?.id, a, `${a} is not in the reference`);
    });

    it("accepts kms:Decrypt on named keys", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
    });

    it('reports kms:Decrypt on "*", also behind a wildcard', () => {
        const doc = goodAdmin();
        doc.Statement[7].Resource = "*";
        doc.Statement[7].Action = ["kms:Decrypt", "kms:DescribeKey"];
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "UseVaultKeysThroughBackup",
                message:
                    'sensitive actions on "*": kms:Decrypt; name the keys, secrets, parameters, objects or roles',
            },
        ]);
        const secrets = policy({
            Sid: "S",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecret*", "ssm:GetParameter*"],
            Resource: "*",
        });
        assert.deepStrictEqual(run(rule, secrets), [
            {
                statement: "S",
                message:
                    'sensitive actions on "*": secretsmanager:GetSecretValue, ssm:GetParameter, ssm:GetParameters, ' +
                    "ssm:GetParametersByPath; name the keys, secrets, parameters, objects or roles",
            },
        ]);
    });

    it("reports s3:GetObject on every object of every bucket", () => {
        const doc = policy({
            Sid: "Read",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::*",
        });
        assert.strictEqual(run(rule, doc).length, 1);
        doc.Statement[0].Resource = "arn:aws:s3:::my-bucket/reports/*";
        assert.deepStrictEqual(run(rule, doc), []);
        doc.Statement[0].Resource = "arn:aws:s3:::*/*";
        assert.strictEqual(run(rule, doc).length, 1);
    });

    it("accepts every object of one named bucket: the bucket, not a type word, comes first in an S3 ARN", () => {
        const doc = policy({
            Sid: "Read",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: "arn:aws:s3:::orders-bucket/*",
        });
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("reports every parameter, secret or key of an account, where the type word comes first", () => {
        for (const [action, resource] of [
            ["ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/*"],
            ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:*"],
            ["kms:Decrypt", "arn:aws:kms:*:111122223333:key/*"],
            ["dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/*"],
        ]) {
            const doc = policy({ Sid: "S", Effect: "Allow", Action: action, Resource: resource });
            assert.deepStrictEqual(run(rule, doc), [
                {
                    statement: "S",
                    message: `sensitive actions on "${resource}": ${action}; name the keys, secrets, parameters, objects or roles`,
                },
            ]);
        }
    });
});
