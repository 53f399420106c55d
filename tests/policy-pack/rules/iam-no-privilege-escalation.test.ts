import * as assert from "assert";
import {
    rule,
    ESCALATION_ACTIONS,
    PASSROLE_LAUNCH_ACTIONS,
} from "../../../policy-pack/rules/iam-no-privilege-escalation";
import { actionById } from "../../../policy-pack/lib/reference";
import { goodAdmin, policy, run } from "../support";

describe("rule iam-no-privilege-escalation", () => {
    it("names only actions that exist in the Service Authorization Reference", () => {
        for (const a of [...ESCALATION_ACTIONS, ...PASSROLE_LAUNCH_ACTIONS]) {
            assert.ok(actionById(a), `${a} is not in the reference`);
            assert.strictEqual(actionById(a)?.id, a, `${a} is spelled differently in the reference`);
        }
    });

    it("accepts the program's admin policy (its permissions-management actions are scoped)", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
    });

    it("reports known escalation actions on every role", () => {
        const doc = policy({
            Sid: "Roles",
            Effect: "Allow",
            Action: ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:GetRole"],
            Resource: "arn:aws:iam::123456789012:role/*",
        });
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Roles",
                message:
                    'iam:PutRolePolicy, iam:AttachRolePolicy on "arn:aws:iam::123456789012:role/*" can grant the holder ' +
                    "more permissions (privilege escalation); name the resources",
            },
        ]);
    });

    it("reports unscoped permissions-management actions, found by access level", () => {
        const doc = goodAdmin();
        doc.Statement[7].Resource = "*";
        delete doc.Statement[7].Condition;
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "UseVaultKeysThroughBackup",
                message:
                    'permissions-management actions on "*": kms:CreateGrant, kms:RetireGrant; name the resources',
            },
        ]);
    });

    it("reports PassRole on any role together with a compute launch action", () => {
        const doc = policy(
            { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
            { Sid: "Launch", Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
        );
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "Pass",
                message:
                    'iam:PassRole on "*" together with ec2:RunInstances can run code under any role (privilege escalation)',
            },
        ]);
        doc.Statement[0].Resource = "arn:aws:iam::123456789012:role/app-instance";
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("leaves wildcard-only permissions-management actions alone (they cannot be scoped)", () => {
        const doc = policy({
            Effect: "Allow",
            Action: "backup:ListIndexedRecoveryPointsForSearch",
            Resource: "*",
        });
        assert.deepStrictEqual(run(rule, doc), []);
    });
});
