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
});
