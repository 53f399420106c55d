import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../tools/offline";

function runPlan(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", "tools/plan.ts", ...args],
        {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        },
    );
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stackDirWith(edit: (source: string) => string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.dest.yaml"), path.join(dir, "Pulumi.dest.yaml"));
    const source = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.source.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "Pulumi.source.yaml"), edit(source));
    return dir;
}

describe("npm start (tools/plan.ts)", () => {
    it("prints an offline plan of both stacks and exits 0", () => {
        const r = runPlan([]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(
            r.stdout,
            /^OFFLINE PLAN: the Pulumi program ran under Pulumi's mock runtime\. Nothing was deployed/,
        );
        assert.match(r.stdout, /== Stack "dest": 5 resources to create, 1 components\/reads ==/);
        assert.match(r.stdout, /== Stack "source": 31 resources to create, 6 components\/reads ==/);
        assert.ok(
            r.stdout.indexOf('Stack "dest"') < r.stdout.indexOf('Stack "source"'),
            "dest is planned first",
        );
        assert.match(r.stdout, /source-key\s+aws:kms\/key:Key\s+ap-northeast-1\s+protected/);
        assert.match(r.stdout, /dest-vault\s+aws:backup\/vault:Vault\s+ap-southeast-2\s+protected/);
        assert.match(
            r.stdout,
            /destVaultArn: arn:aws:backup:ap-southeast-2:123456789012:backup-vault:TestEFS-Dest-BackupVault/,
        );
        assert.match(r.stdout, /\[profile backupadmin\]/);
        assert.match(
            r.stdout,
            /Policy pack \(14 rules\): 2 IAM documents in 2 resources; 0 mandatory, 0 advisory violations/,
        );
        assert.match(
            r.stdout,
            /Policy pack \(14 rules\): 10 IAM documents in 13 resources; 0 mandatory, 0 advisory violations/,
        );
        assert.match(r.stdout, /ok {3}admin: 111 calls needed, 111 allowed, 0 extra permissions/);
        assert.match(r.stdout, /ok {3}operator: 18 calls needed, 18 allowed, 0 extra permissions/);
    });

    it("exits 1 and lists the verdicts when the pack config makes the stack violate a mandatory rule", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "policy-config.json");
        fs.writeFileSync(file, JSON.stringify({ "iam-managed-policy-allowlist": { allowed: [] } }));
        const r = runPlan(["--policy-config", file]);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, /10 IAM documents in 13 resources; 3 mandatory, 0 advisory violations/);
        assert.match(
            r.stdout,
            /MANDATORY \[iam-managed-policy-allowlist\] backup-service-backup statement 0: policyArn: managed policy arn:aws:iam::aws:policy\/service-role\/AWSBackupServiceRolePolicyForBackup is not in the allowlist/,
        );
    });

    it("exits 2 on a policy config with an unknown rule id instead of ignoring it", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "policy-config.json");
        fs.writeFileSync(file, JSON.stringify({ "iam-no-such-rule": { enforcementLevel: "mandatory" } }));
        const r = runPlan(["--policy-config", file]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^Bad --policy-config: .*policy-config\.json: .*iam-no-such-rule.*\n$/);
        assert.equal(r.stderr.split("\n").length, 2, "one line");
    });

    it("exits 2 on a policy config that is not a JSON object", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "policy-config.json");
        fs.writeFileSync(file, "[1]");
        const r = runPlan(["--policy-config", file]);
        assert.equal(r.status, 2);
        assert.equal(
            r.stderr,
            `Bad --policy-config: ${file}: a policy pack config must be a JSON object keyed by rule id\n`,
        );
    });

    it("exits 1 with the config error alone on bad config", () => {
        const dir = stackDirWith((s) => s.replace("cron(0 5/12 ? * * *)", "cron(0 5/12 * * * *)"));
        const r = runPlan(["--stack-dir", dir]);
        assert.equal(r.status, 1);
        assert.equal(
            r.stderr,
            'Config error: efs-backup:schedule is "cron(0 5/12 * * * *)", which must have ? in exactly one of day-of-month and day-of-week. Use e.g. cron(0 5/12 ? * * *)\n',
        );
    });

    it("exits 1 naming the file when a stack file is not YAML", () => {
        const dir = stackDirWith(() => "config: [unclosed\n");
        const r = runPlan(["--stack-dir", dir]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /^Config error: .*Pulumi\.source\.yaml is not valid YAML: .+\n$/);
    });

    it("exits 2 with usage on an unknown argument", () => {
        const r = runPlan(["--stack", "dest"]);
        assert.equal(r.status, 2);
        assert.match(
            r.stderr,
            /^Unknown argument "--stack"\. usage: npm start \[-- --stack-dir DIR\] \[--policy-config FILE\]/,
        );
        assert.equal(r.stderr.split("\n").length, 2, "one line");
    });

    it("prints its usage and exits 0 for --help", () => {
        const r = runPlan(["--help"]);
        assert.equal(r.status, 0);
        assert.match(r.stdout, /^usage: npm start \[-- --stack-dir DIR\] \[--policy-config FILE\]/);
    });

    it("exits 2 when an option lacks its value", () => {
        const r = runPlan(["--stack-dir"]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^--stack-dir needs a value\. usage: npm start/);
    });

    it("exits 2 when the stack directory lacks a stack file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const r = runPlan(["--stack-dir", dir]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^No stack file .*Pulumi\.dest\.yaml\. usage: npm start/);
    });
});
