import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inferKind, JsonFinding, run } from "../../../policy-pack/cli/lint-policy";
import { goodAdmin, goodKeyPolicy, goodServiceTrust } from "../support";

const root = path.join(__dirname, "../../..");
const runbook = (f: string): string => path.join("tests/fixtures/runbook", f);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lint-policy-"));
const write = (name: string, content: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content);
    return file;
};

function spawnCli(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync("npm", ["run", "--silent", "lint-policy", "--", ...args], {
        cwd: root,
        encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("lint-policy CLI", () => {
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("prints its usage on stdout and exits 0 for --help", () => {
        assert.deepStrictEqual(run(["--help"]), {
            code: 0,
            stdout: "usage: lint-policy [--kind identity|trust|resource] [--format text|json] [--config PACK-CONFIG.json] FILE...\n",
            stderr: "",
        });
    });

    it("exits 1 on the runbook's policies and prints every finding as JSON (spawned)", function () {
        this.timeout(30_000);
        const r = spawnCli([
            "--format",
            "json",
            runbook("admin-policy.json"),
            runbook("operator-policy.json"),
        ]);
        assert.strictEqual(r.code, 1, r.stderr);
        const findings = JSON.parse(r.stdout) as JsonFinding[];
        for (const f of findings) {
            assert.deepStrictEqual(Object.keys(f).sort(), [
                "file",
                "message",
                "rule",
                "severity",
                "statement",
            ]);
            assert.ok(f.severity === "mandatory" || f.severity === "advisory");
        }
        const rules = new Set(findings.map((f) => f.rule));
        for (const id of [
            "iam-valid-resource-arns",
            "iam-no-redundancy",
            "iam-known-actions",
            "iam-passrole-scoped",
            "iam-no-star-resource-when-scopable",
        ]) {
            assert.ok(rules.has(id), id);
        }
        assert.ok(
            findings.some(
                (f) =>
                    f.rule === "iam-no-redundancy" &&
                    f.severity === "advisory" &&
                    f.statement === "ManageBackupPlansAndSelection",
            ),
        );
    });

    it("exits 0 on a clean policy (spawned)", function () {
        this.timeout(30_000);
        const file = write("admin.json", JSON.stringify(goodAdmin(), null, 2));
        const r = spawnCli([file]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.strictEqual(r.stdout, "1 file checked: 0 mandatory, 0 advisory findings\n");
        assert.match(r.stderr, /checked as an identity policy \(inferred; use --kind to set it\)/);
    });

    it("exits 2 with one line on bad usage (spawned)", function () {
        this.timeout(30_000);
        const r = spawnCli(["--frobnicate", runbook("admin-policy.json")]);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(r.stderr.trim().split("\n").length, 1);
        assert.match(r.stderr, /^lint-policy: unknown option --frobnicate; usage: /);
    });

    it("exits 2 with one line for a missing file, invalid JSON, a bad --kind or no file", () => {
        const bad = write("bad.json", "{ not json");
        const cases: [string[], RegExp][] = [
            [["missing.json"], /^lint-policy: missing\.json: cannot read \(ENOENT\)\n$/],
            [[bad], /^lint-policy: .*bad\.json: not valid JSON: .*\n$/],
            [
                ["--kind", "user", bad],
                /^lint-policy: --kind must be identity, trust or resource \(got "user"\)\n$/,
            ],
            [["--format"], /^lint-policy: --format needs a value; usage: .*\n$/],
            [[], /^lint-policy: no policy file given; usage: .*\n$/],
        ];
        for (const [args, re] of cases) {
            const r = run(args);
            assert.strictEqual(r.code, 2, args.join(" "));
            assert.match(r.stderr, re);
            assert.strictEqual(r.stdout, "");
        }
    });

    it("prints one line per finding and a summary in text format", () => {
        const r = run(["--kind", "trust", runbook("backup-trust-policy.json")]);
        assert.strictEqual(r.code, 1);
        assert.strictEqual(
            r.stdout,
            "tests/fixtures/runbook/backup-trust-policy.json: statement 0: mandatory iam-trust-scoped: service principal " +
                "backup.amazonaws.com can assume the role without aws:SourceAccount or aws:SourceArn (confused deputy)\n" +
                "1 file checked: 1 mandatory, 0 advisory findings\n",
        );
        assert.strictEqual(r.stderr, "");
    });

    it("infers the kind: Principal with sts:AssumeRole* is a trust policy, other Principals a resource policy", () => {
        assert.strictEqual(inferKind(goodAdmin()), "identity");
        assert.strictEqual(inferKind(goodServiceTrust()), "trust");
        assert.strictEqual(inferKind(goodKeyPolicy()), "resource");
        assert.strictEqual(inferKind("not an object"), "identity");
    });

    it("reads a pack config: enforcement levels and settings apply", () => {
        const config = write(
            "config.json",
            JSON.stringify({
                "iam-passrole-scoped": { enforcementLevel: "advisory" },
                "iam-valid-resource-arns": { vendorServices: ["backup", "ec2", "rds"] },
            }),
        );
        const r = run(["--config", config, "--format=json", runbook("operator-policy.json")]);
        const findings = JSON.parse(r.stdout) as JsonFinding[];
        assert.ok(
            findings.filter((f) => f.rule === "iam-passrole-scoped").every((f) => f.severity === "advisory"),
        );
        const admin = JSON.parse(
            run(["--config", config, "--format=json", runbook("admin-policy.json")]).stdout,
        ) as JsonFinding[];
        assert.ok(!admin.some((f) => f.message.includes("snapshot")));
    });

    it("exits 2 with every problem of an invalid --config on one line", () => {
        const config = write(
            "bad-config.json",
            JSON.stringify({
                "iam-passrole-scoped": { enforcementLevel: "warn" },
                "iam-trust-scoped": { sourceContextKeys: "aws:SourceArn" },
            }),
        );
        const r = run(["--config", config, runbook("operator-policy.json")]);
        assert.deepStrictEqual(r, {
            code: 2,
            stdout: "",
            stderr:
                `lint-policy: ${config}: iam-passrole-scoped: enforcementLevel must be one of advisory, mandatory, remediate, disabled (got a string "warn"); ` +
                'iam-trust-scoped: sourceContextKeys must be an array of strings (got a string "aws:SourceArn")\n',
        });
        const notObject = write("array-config.json", "[]");
        assert.deepStrictEqual(run(["--config", notObject, runbook("operator-policy.json")]), {
            code: 2,
            stdout: "",
            stderr: `lint-policy: ${notObject}: pack config must be a JSON object (got an array)\n`,
        });
    });
});
