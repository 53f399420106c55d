import * as assert from "assert";
import { rule } from "../../../policy-pack/rules/iam-no-redundancy";
import { goodAdmin, goodKeyPolicy, policy, run } from "../support";

describe("rule iam-no-redundancy", () => {
    it("accepts the program's admin and key policies", () => {
        assert.deepStrictEqual(run(rule, goodAdmin()), []);
        assert.deepStrictEqual(run(rule, goodKeyPolicy(), { kind: "resource" }), []);
    });

    it("reports an action listed twice (runbook defect 2)", () => {
        const doc = goodAdmin();
        (doc.Statement[8].Action as string[]).splice(1, 0, "backup:CreateBackupPlan");
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ManagePlansAndSelections",
                message: "action backup:CreateBackupPlan is listed twice",
            },
        ]);
    });

    it("reports an action a wildcard of the same statement covers", () => {
        const doc = goodAdmin();
        doc.Statement[0].Action = ["backup:Describe*", "backup:DescribeBackupJob"];
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "ReadBackupConfiguration",
                message: "action backup:DescribeBackupJob is already covered by backup:Describe*",
            },
        ]);
    });

    it("reports duplicate and covered resources", () => {
        const doc = goodAdmin();
        doc.Statement[9].Resource = [
            "arn:aws:backup:*:123456789012:recovery-point:*",
            "arn:aws:backup:ap-northeast-1:123456789012:recovery-point:*",
            "arn:aws:backup:*:123456789012:recovery-point:*",
        ];
        assert.deepStrictEqual(run(rule, doc), [
            {
                statement: "DeleteRecoveryPoints",
                message: "resource arn:aws:backup:*:123456789012:recovery-point:* is listed twice",
            },
            {
                statement: "DeleteRecoveryPoints",
                message:
                    "resource arn:aws:backup:ap-northeast-1:123456789012:recovery-point:* is already covered by " +
                    "arn:aws:backup:*:123456789012:recovery-point:*",
            },
        ]);
    });

    it("reports duplicate Sids", () => {
        const doc = goodAdmin();
        doc.Statement[1].Sid = "ReadServiceRole";
        const found = run(rule, doc);
        assert.deepStrictEqual(found, [
            { statement: "ReadServiceRole", message: 'Sid "ReadServiceRole" is also used by statement 1' },
        ]);
    });

    it("reports a statement another statement already covers", () => {
        const doc = policy(
            {
                Sid: "Narrow",
                Effect: "Allow",
                Action: "backup:StartBackupJob",
                Resource: "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:a",
            },
            {
                Sid: "Wide",
                Effect: "Allow",
                Action: ["backup:Start*"],
                Resource: "arn:aws:backup:*:123456789012:backup-vault:*",
            },
        );
        assert.deepStrictEqual(run(rule, doc), [
            { statement: "Narrow", message: 'statement is already covered by statement "Wide"' },
        ]);
    });

    it("does not treat a conditioned statement as covering an unconditioned one", () => {
        const doc = policy(
            {
                Sid: "A",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: "arn:aws:iam::123456789012:role/x",
            },
            {
                Sid: "B",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: "arn:aws:iam::123456789012:role/*",
                Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
            },
        );
        assert.deepStrictEqual(run(rule, doc), []);
    });

    it("reports only the later of two equal statements", () => {
        const s = { Effect: "Allow", Action: "iam:GetRole", Resource: "arn:aws:iam::123456789012:role/x" };
        assert.deepStrictEqual(run(rule, policy(s, { ...s })), [
            { statement: 1, message: "statement is already covered by statement 0" },
        ]);
    });
});
