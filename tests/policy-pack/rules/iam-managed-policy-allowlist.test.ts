import * as assert from "assert";
import { check, rule } from "../../../policy-pack/rules/iam-managed-policy-allowlist";
import { resolveConfig } from "../../../policy-pack/lib/findings";

const config = rule.defaults;
const run = (arns: string[], c = config) => check(arns, { config: c });

describe("rule iam-managed-policy-allowlist", () => {
    it("accepts the program's managed policies: AWS Backup service role and SSM for the bastion", () => {
        assert.deepStrictEqual(
            run([
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                "arn:aws:iam::123456789012:policy/customer-managed",
            ]),
            [],
        );
    });

    it("reports AWS managed policies outside the allowlist", () => {
        assert.deepStrictEqual(run(["arn:aws:iam::aws:policy/AmazonS3FullAccess"]), [
            {
                rule: "iam-managed-policy-allowlist",
                statement: 0,
                message:
                    "managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess is not in the allowlist (setting allowed)",
            },
        ]);
    });

    it("always reports AdministratorAccess, PowerUserAccess and IAMFullAccess, even when listed", () => {
        const c = resolveConfig(rule.defaults, { allowed: ["arn:aws:iam::aws:policy/*"] });
        const found = run(
            [
                "arn:aws:iam::aws:policy/AdministratorAccess",
                "arn:aws:iam::aws:policy/PowerUserAccess",
                "arn:aws-cn:iam::aws:policy/IAMFullAccess",
            ],
            c,
        );
        assert.deepStrictEqual(
            found.map((f) => f.message),
            [
                "managed policy arn:aws:iam::aws:policy/AdministratorAccess is never allowed: it grants far more than any least-privilege role needs",
                "managed policy arn:aws:iam::aws:policy/PowerUserAccess is never allowed: it grants far more than any least-privilege role needs",
                "managed policy arn:aws-cn:iam::aws:policy/IAMFullAccess is never allowed: it grants far more than any least-privilege role needs",
            ],
        );
    });

    it("reports values that are not policy ARNs, and customer managed policies when configured", () => {
        assert.deepStrictEqual(
            run(["AdministratorAccess"]).map((f) => f.message),
            ['"AdministratorAccess" is not a managed policy ARN'],
        );
        const c = resolveConfig(rule.defaults, { allowCustomerManaged: false });
        assert.strictEqual(run(["arn:aws:iam::123456789012:policy/x"], c).length, 1);
    });
});
