/**
 * The runbook's original policies, rendered as bash renders them (tests/fixtures/runbook), must be flagged for
 * every defect of SPEC section 6 that lives in a policy document: 1-6 and 8.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkDocument, Verdict } from "../../policy-pack/lib/evaluate";

const dir = path.join(__dirname, "../fixtures/runbook");
const lint = (file: string, kind: "identity" | "trust"): Verdict[] =>
    checkDocument(fs.readFileSync(path.join(dir, file), "utf8"), kind);

function has(verdicts: Verdict[], rule: string, statement: number | string, text: string): void {
    const hit = verdicts.find(
        (v) => v.rule === rule && v.statement === statement && v.message.includes(text),
    );
    assert.ok(
        hit,
        `expected ${rule} on statement ${statement} mentioning "${text}"; got:\n${JSON.stringify(verdicts, null, 1)}`,
    );
}

describe("runbook policies (SPEC section 6)", () => {
    const admin = lint("admin-policy.json", "identity");
    const operator = lint("operator-policy.json", "identity");

    it("fixtures are the runbook's text with the shell's substitutions", () => {
        const text = fs.readFileSync(path.join(dir, "admin-policy.json"), "utf8");
        assert.ok(
            text.includes('"arn:aws:iam:::role/*"'),
            "${Account} is undefined in the runbook, so it renders empty",
        );
        assert.ok(text.includes("arn:aws:backup:*:123456789012:backup-vault:*"));
    });

    it("defect 1: the service-linked-role ARN has an empty account (iam-valid-resource-arns)", () => {
        has(
            admin,
            "iam-valid-resource-arns",
            "CreateServiceRole",
            "arn:aws:iam:::role/* has an empty account ID",
        );
    });

    it("defect 2: backup:CreateBackupPlan is listed twice (iam-no-redundancy)", () => {
        has(
            admin,
            "iam-no-redundancy",
            "ManageBackupPlansAndSelection",
            "backup:CreateBackupPlan is listed twice",
        );
    });

    it("defect 3: backup:DeleteBackupVaultNotification does not exist (iam-known-actions)", () => {
        has(
            admin,
            "iam-known-actions",
            "ManageBackupVaults",
            "backup:DeleteBackupVaultNotification is not an action",
        );
    });

    it("defect 4: iam:PassRole has no iam:PassedToService (iam-passrole-scoped), in both policies", () => {
        has(admin, "iam-passrole-scoped", "PassRoleForCreateSelection", "iam:PassedToService");
        has(operator, "iam-passrole-scoped", "PassRoleForStartXXXXJob", "iam:PassedToService");
    });

    it('defect 5: StartCopyJob and StartRestoreJob get Resource "*" (iam-no-star-resource-when-scopable)', () => {
        has(
            operator,
            "iam-no-star-resource-when-scopable",
            "ExecuteCopyAndRestoreJob",
            "backup:StartCopyJob (recoveryPoint)",
        );
        has(
            operator,
            "iam-no-star-resource-when-scopable",
            "ExecuteCopyAndRestoreJob",
            "backup:StartRestoreJob (recoveryPoint)",
        );
    });

    it("defect 6: DeleteRecoveryPoint names EC2 and RDS snapshots (iam-valid-resource-arns)", () => {
        has(
            admin,
            "iam-valid-resource-arns",
            "ManagedRecoveryPolint",
            'arn:aws:ec2:*::snapshot/* names a backup recoveryPoint of service "ec2"',
        );
        has(
            admin,
            "iam-valid-resource-arns",
            "ManagedRecoveryPolint",
            'arn:aws:rds:*:123456789012:snapshot:awsbackup:* names a backup recoveryPoint of service "rds"',
        );
        has(
            admin,
            "iam-valid-resource-arns",
            "ManagedRecoveryPolint",
            "cluster-snapshot:awsbackup:* names a backup recoveryPoint",
        );
        // The backup-native recovery point ARN of the same statement is what EFS uses: not reported.
        assert.ok(!admin.some((v) => v.message.includes("arn:aws:backup:*:123456789012:recovery-point:*")));
    });

    it("defect 8: the service role's trust policy has no aws:SourceAccount (iam-trust-scoped)", () => {
        has(lint("backup-trust-policy.json", "trust"), "iam-trust-scoped", 0, "without aws:SourceAccount");
    });

    it("the human trust policy names one user and passes; misspelled Sids are not IAM errors", () => {
        assert.deepStrictEqual(lint("trust-policy.json", "trust"), []);
        assert.ok(!admin.some((v) => v.statement === "ReadBackupResouces"));
    });

    it("every finding on the runbook's policies is one of the expected kinds", () => {
        const summary = [...admin, ...operator].map((v) => `${v.rule} ${v.statement}`).sort();
        assert.deepStrictEqual(summary, [
            "iam-known-actions ManageBackupVaults",
            "iam-no-privilege-escalation ManageBackupVaults",
            "iam-no-redundancy ManageBackupPlansAndSelection",
            "iam-no-star-resource-when-scopable EditTagsOfBackupResources",
            "iam-no-star-resource-when-scopable ExecuteCopyAndRestoreJob",
            "iam-passrole-scoped PassRoleForCreateSelection",
            "iam-passrole-scoped PassRoleForStartXXXXJob",
            "iam-valid-resource-arns CreateServiceRole",
            "iam-valid-resource-arns ExecuteBackupJob",
            "iam-valid-resource-arns ManagedRecoveryPolint",
            "iam-valid-resource-arns ManagedRecoveryPolint",
            "iam-valid-resource-arns ManagedRecoveryPolint",
        ]);
    });
});
