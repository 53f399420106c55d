// The persona permission proof (tools/permissions/proof.ts) on the policies the offline stack registers:
// sufficiency, minimality, forbidden calls, mutations that widen or narrow each policy, the runbook's
// original policies, the `npm start` summary and the `npm run permissions` CLI.
import { strict as assert } from "node:assert";
import { planStacks } from "../../tools/plan";
import type { OfflineRun } from "../../tools/offline";
import { Persona, personaContracts } from "../../personas/contracts";
import {
    ExtraPermission,
    FOREIGN_ACCOUNT,
    permissionSummary,
    PersonaProof,
    PolicyDocument,
    PolicyStatement,
    provePersona,
    proveSourceRun,
    registeredPolicy,
    scopeFromSourceRun,
    StackProof,
    principalOf,
} from "../../tools/permissions/proof";
import { main, parseArgs } from "../../tools/permissions";
import { render } from "../../tools/permissions/report";
import { renderRunbookPolicy } from "../personas/runbook";

/** The services the mutations touch; the full sweep (all nine services) runs once, on the shipped policies. */
const MUTATION_SERVICES = ["backup", "backup-storage", "kms", "iam", "elasticfilesystem"];

const ACCOUNT = "123456789012";
const SRC = "ap-northeast-1";
const DST = "ap-southeast-2";
const vault = (region: string, name: string, account = ACCOUNT) =>
    `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
const SOURCE_VAULT = "TestEFS-Source-BackupVault";
const DEST_VAULT = "TestEFS-Dest-BackupVault";
const RP_ID = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const rp = (region: string, id = RP_ID, account = ACCOUNT) =>
    `arn:aws:backup:${region}:${account}:recovery-point:${id}`;
const SERVICE_ROLE = `arn:aws:iam::${ACCOUNT}:role/BackupTest-ServiceBackupPolicy`;

let source: OfflineRun;
let shipped: StackProof;

function persona(proof: StackProof, p: Persona): PersonaProof {
    const found = proof.personas.find((x) => x.persona === p);
    assert.ok(found, p);
    return found;
}

function clone(policy: PolicyDocument): PolicyDocument {
    return JSON.parse(JSON.stringify(policy)) as PolicyDocument;
}

function statements(policy: PolicyDocument): PolicyStatement[] {
    return [policy.Statement].flat() as PolicyStatement[];
}

function withStatements(
    policy: PolicyDocument,
    f: (s: PolicyStatement[]) => PolicyStatement[],
): PolicyDocument {
    return { ...policy, Statement: f(statements(clone(policy))) };
}

function withoutCondition(st: PolicyStatement): PolicyStatement {
    const { Condition: _dropped, ...rest } = st;
    return rest;
}

function actionsOf(st: PolicyStatement): string[] {
    return [st.Action ?? []].flat();
}

async function prove(
    p: Persona,
    policy: PolicyDocument,
    services = MUTATION_SERVICES,
): Promise<PersonaProof> {
    const scope = scopeFromSourceRun(source);
    return provePersona(
        {
            persona: p,
            principalArn: principalOf(source, scope, p),
            policy,
            contract: personaContracts(scope)[p],
        },
        scope,
        { services },
    );
}

const key = (e: ExtraPermission) => `${e.action} ${e.resource} ${JSON.stringify(e.context)}`;

/** Extra permissions of a mutated policy that the unmutated one does not have. */
const baselines = new Map<Persona, Promise<PersonaProof>>();

async function newExtras(p: Persona, mutated: PolicyDocument): Promise<Array<[string, string, string]>> {
    if (!baselines.has(p)) baselines.set(p, prove(p, registeredPolicy(source, p)));
    const before = new Set((await baselines.get(p)!).extra.map(key));
    const after = await prove(p, mutated);
    return after.extra
        .filter((e) => !before.has(key(e)))
        .map((e): [string, string, string] => [e.action, e.resource, JSON.stringify(e.context)])
        .sort();
}

/** The fix of the admin's KMS statement reported to the lead: each key only through its own region's endpoint. */
function splitKmsStatement(policy: PolicyDocument): PolicyDocument {
    return withStatements(policy, (list) =>
        list.flatMap((st) => {
            const via = (st.Condition?.StringEquals as Record<string, unknown> | undefined)?.[
                "kms:ViaService"
            ];
            if (!actionsOf(st).some((a) => a.startsWith("kms:")) || !Array.isArray(via)) return [st];
            return [st.Resource ?? []].flat().map((keyArn) => {
                const region = keyArn.split(":")[3];
                return {
                    ...st,
                    Sid: `${st.Sid}${region === SRC ? "Source" : "Dest"}`,
                    Resource: keyArn,
                    Condition: { StringEquals: { "kms:ViaService": `backup.${region}.amazonaws.com` } },
                };
            });
        }),
    );
}

before(async function () {
    this.timeout(120000);
    const plan = await planStacks();
    const run = plan.runs.find((r) => r.stack === "source");
    assert.ok(run);
    source = run;
    shipped = await proveSourceRun(source);
});

describe("permission proof: the shipped stack", () => {
    it("reads the policies the stack registers, and the stack's own scope", () => {
        const s = scopeFromSourceRun(source);
        assert.equal(s.accountId, ACCOUNT);
        assert.equal(s.sourceRegion, SRC);
        assert.equal(s.destRegion, DST);
        assert.equal(s.destVaultName, DEST_VAULT);
        assert.match(s.sourceKeyArn, /^arn:aws:kms:ap-northeast-1:123456789012:key\//);
        for (const p of ["admin", "operator"] as const) {
            const sids = statements(registeredPolicy(source, p)).map((st) => st.Sid);
            assert.ok(sids.includes("PassServiceRoleToBackup"), p);
        }
    });

    it("sufficiency: allows each of the admin's 111 needed calls (49 contract calls + 62 backup reads)", () => {
        const admin = persona(shipped, "admin");
        assert.equal(admin.needed, 111);
        assert.equal(admin.calls.filter((c) => c.call.grant === "admin-read-backup").length, 62);
        assert.deepEqual(
            admin.missing.map((c) => c.id),
            [],
        );
        assert.equal(admin.allowed, 111);
        for (const c of admin.calls) assert.equal(c.decision.result, "Allowed", c.call.id);
    });

    it("sufficiency: allows each of the operator's 18 needed calls", () => {
        const operator = persona(shipped, "operator");
        assert.equal(operator.needed, 18);
        assert.equal(operator.allowed, 18);
        assert.deepEqual(
            operator.missing.map((c) => c.id),
            [],
        );
    });

    it("denies every forbidden call (14 admin, 24 operator)", () => {
        assert.equal(persona(shipped, "admin").forbidden.length, 14);
        assert.equal(persona(shipped, "operator").forbidden.length, 24);
        for (const p of shipped.personas) {
            assert.deepEqual(
                p.forbiddenAllowed.map((f) => f.id),
                [],
                p.persona,
            );
        }
    });

    it("minimality: checks the whole catalog of nine services (1,574 actions, 2,219 action × resource-type pairs)", () => {
        for (const p of shipped.personas) {
            assert.equal(p.counts.catalogActions, 1574, p.persona);
            assert.equal(p.counts.catalogPairs, 2219, p.persona);
            assert.deepEqual(p.counts.errors, [], p.persona);
            assert.deepEqual(p.counts.unconditional, ["sts:GetCallerIdentity"], p.persona);
        }
        assert.equal(persona(shipped, "admin").counts.candidateActions, 89);
        assert.equal(persona(shipped, "admin").counts.resourcePairs, 2633);
        assert.equal(persona(shipped, "operator").counts.candidateActions, 14);
        assert.equal(persona(shipped, "operator").counts.resourcePairs, 2282);
    });

    it("minimality: the operator's policy allows nothing its contract does not need", () => {
        assert.deepEqual(persona(shipped, "operator").extra, []);
    });

    it("minimality: the admin's policy allows nothing its contract does not need", () => {
        const extra = persona(shipped, "admin").extra;
        assert.deepEqual(
            extra.map((e) => `${e.action} ${e.resource} ${JSON.stringify(e.context)}`),
            [],
            "each CMK must be usable only through AWS Backup in its own region: split UseVaultKeysThroughBackup " +
                "per key (see docs/permissions.md)",
        );
    });

    it("minimality: the admin's KMS statement split per key (one endpoint each) has 0 extra permissions", async () => {
        const admin = await prove("admin", splitKmsStatement(registeredPolicy(source, "admin")));
        assert.deepEqual(admin.extra, []);
        assert.deepEqual(admin.missing, []);
    });

    it("builds the persona × call matrix with the runbook step of each row, every cell as expected", () => {
        assert.equal(shipped.matrix.length, 131);
        for (const row of shipped.matrix) {
            assert.ok(row.step, row.action);
            for (const p of ["admin", "operator"] as const) {
                if (row.ids.some((id) => id.startsWith(`${p}-`))) {
                    assert.equal(
                        row.cells[p].expected,
                        row.ids.some((id) => id.startsWith(`${p}-never-`)) ? "deny" : "allow",
                    );
                }
            }
        }
        const copy = shipped.matrix.find((r) => r.action === "backup:StartCopyJob" && r.resource === rp(SRC));
        assert.ok(copy);
        assert.equal(copy.step, "7-b");
        assert.deepEqual(copy.cells.operator, { expected: "allow", result: "Allowed", ok: true });
        assert.deepEqual(copy.cells.admin, { expected: "deny", result: "ImplicitlyDenied", ok: true });
        assert.equal(shipped.matrix.filter((r) => !r.cells.operator.ok).length, 0);
        assert.equal(shipped.matrix.filter((r) => !r.cells.admin.ok).length, 0);
    });

    it("takes well under a minute for both personas", () => {
        assert.ok(shipped.ms < 30000, `${shipped.ms} ms`);
    });
});

describe("permission proof: mutations of the operator's policy", () => {
    it("catches one extra action (backup:DeleteBackupPlan on the source region's plans)", async () => {
        const mutated = withStatements(registeredPolicy(source, "operator"), (list) => [
            ...list,
            {
                Sid: "Mutation",
                Effect: "Allow",
                Action: "backup:DeleteBackupPlan",
                Resource: `arn:aws:backup:${SRC}:${ACCOUNT}:backup-plan:*`,
            },
        ]);
        const planId = scopeFromSourceRun(source).planId;
        assert.deepEqual(await newExtras("operator", mutated), [
            ["backup:DeleteBackupPlan", `arn:aws:backup:${SRC}:${ACCOUNT}:backup-plan:${planId}`, "{}"],
            ["backup:DeleteBackupPlan", `arn:aws:backup:${SRC}:${ACCOUNT}:backup-plan:other-plan-id`, "{}"],
        ]);
        const proof = await prove("operator", mutated);
        assert.deepEqual(
            proof.forbiddenAllowed.map((f) => f.id),
            ["operator-never-backup-delete-backup-plan"],
        );
    });

    it('catches one "*" resource (backup:StartBackupJob on every vault)', async () => {
        const mutated = withStatements(registeredPolicy(source, "operator"), (list) =>
            list.map((st) =>
                actionsOf(st).includes("backup:StartBackupJob") ? { ...st, Resource: "*" } : st,
            ),
        );
        const expected = [
            vault(SRC, DEST_VAULT),
            vault(SRC, "OtherVault"),
            vault(SRC, SOURCE_VAULT, FOREIGN_ACCOUNT),
            vault(DST, SOURCE_VAULT),
            vault(DST, DEST_VAULT),
            vault(DST, "OtherVault"),
            vault("us-east-1", SOURCE_VAULT),
            vault("us-east-1", DEST_VAULT),
            vault("us-east-1", "OtherVault"),
        ].map((r): [string, string, string] => ["backup:StartBackupJob", r, "{}"]);
        assert.deepEqual(await newExtras("operator", mutated), expected.sort());
    });

    it("catches one dropped condition (iam:PassRole without iam:PassedToService)", async () => {
        const mutated = withStatements(registeredPolicy(source, "operator"), (list) =>
            list.map((st) => (actionsOf(st).includes("iam:PassRole") ? withoutCondition(st) : st)),
        );
        assert.deepEqual(await newExtras("operator", mutated), [["iam:PassRole", SERVICE_ROLE, "{}"]]);
        const proof = await prove("operator", mutated);
        assert.equal(proof.extra.find((e) => e.action === "iam:PassRole")?.contextLabel, "no context");
        assert.deepEqual(
            proof.forbiddenAllowed.map((f) => f.id),
            ["operator-never-pass-service-role-to-ec2"],
        );
    });

    it("catches one needed action removed (backup:StartCopyJob) as a missing call", async () => {
        const narrowed = withStatements(registeredPolicy(source, "operator"), (list) =>
            list.filter((st) => !actionsOf(st).includes("backup:StartCopyJob")),
        );
        const proof = await prove("operator", narrowed);
        assert.deepEqual(
            proof.missing.map((c) => c.id),
            ["operator-start-copy-job"],
        );
        assert.equal(proof.allowed, 17);
    });
});

describe("permission proof: mutations of the admin's policy", () => {
    it("catches one extra action (backup:StartBackupJob on the two vaults)", async () => {
        const mutated = withStatements(registeredPolicy(source, "admin"), (list) =>
            list.map((st) =>
                actionsOf(st).includes("backup:CreateBackupVault")
                    ? { ...st, Action: [...actionsOf(st), "backup:StartBackupJob"] }
                    : st,
            ),
        );
        assert.deepEqual(await newExtras("admin", mutated), [
            ["backup:StartBackupJob", vault(SRC, SOURCE_VAULT), "{}"],
            ["backup:StartBackupJob", vault(DST, DEST_VAULT), "{}"],
        ]);
    });

    it('catches one "*" resource (backup:DeleteRecoveryPoint on every recovery point)', async () => {
        const mutated = withStatements(registeredPolicy(source, "admin"), (list) =>
            list.map((st) =>
                actionsOf(st).includes("backup:DeleteRecoveryPoint") ? { ...st, Resource: "*" } : st,
            ),
        );
        assert.deepEqual(await newExtras("admin", mutated), [
            ["backup:DeleteRecoveryPoint", rp(SRC, RP_ID, FOREIGN_ACCOUNT), "{}"],
            ["backup:DeleteRecoveryPoint", rp("us-east-1"), "{}"],
            ["backup:DeleteRecoveryPoint", rp("us-east-1", "other-recovery-point-id"), "{}"],
        ]);
    });

    it("catches one dropped condition (the CMKs without kms:ViaService)", async () => {
        const mutated = withStatements(registeredPolicy(source, "admin"), (list) =>
            list.map((st) => (actionsOf(st).some((a) => a.startsWith("kms:")) ? withoutCondition(st) : st)),
        );
        const s = scopeFromSourceRun(source);
        const expected: Array<[string, string, string]> = [];
        for (const action of [
            "kms:CreateGrant",
            "kms:Decrypt",
            "kms:DescribeKey",
            "kms:GenerateDataKey",
            "kms:RetireGrant",
        ]) {
            for (const keyArn of [s.sourceKeyArn, s.destKeyArn]) expected.push([action, keyArn, "{}"]);
        }
        assert.deepEqual(await newExtras("admin", mutated), expected.sort());
    });

    it("catches one dropped condition (iam:CreateServiceLinkedRole without iam:AWSServiceName)", async () => {
        const mutated = withStatements(registeredPolicy(source, "admin"), (list) =>
            list.map((st) =>
                actionsOf(st).includes("iam:CreateServiceLinkedRole") ? withoutCondition(st) : st,
            ),
        );
        assert.deepEqual(await newExtras("admin", mutated), [
            [
                "iam:CreateServiceLinkedRole",
                `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
                "{}",
            ],
        ]);
    });

    it("catches one needed action removed (kms:CreateGrant) as two missing calls", async () => {
        const narrowed = withStatements(registeredPolicy(source, "admin"), (list) =>
            list.map((st) => ({ ...st, Action: actionsOf(st).filter((a) => a !== "kms:CreateGrant") })),
        );
        const proof = await prove("admin", narrowed);
        assert.deepEqual(
            proof.missing.map((c) => c.id),
            ["admin-kms-create-grant-source", "admin-kms-create-grant-dest"],
        );
    });

    it("refuses an invalid policy document instead of reporting every call as denied", async () => {
        const invalid = withStatements(registeredPolicy(source, "admin"), (list) => [
            ...list,
            { Sid: "Broken", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: undefined },
        ]);
        await assert.rejects(
            prove("admin", invalid),
            /is not a valid IAM policy \(Statement\[\d+\]\.Condition: /,
        );
    });

    it("catches Action * as extra on every service it walks", async () => {
        const mutated = withStatements(registeredPolicy(source, "admin"), (list) => [
            ...list,
            { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" },
        ]);
        const proof = await prove("admin", mutated, ["backup-storage"]);
        assert.deepEqual(
            proof.extra.map((e) => e.action),
            [
                "backup-storage:CommitBackupJob",
                "backup-storage:DeleteObjects",
                "backup-storage:DescribeBackupJob",
                "backup-storage:GetBaseBackup",
                "backup-storage:GetChunk",
                "backup-storage:GetIncrementalBaseBackup",
                "backup-storage:GetObjectMetadata",
                "backup-storage:ListChunks",
                "backup-storage:ListObjects",
                "backup-storage:NotifyObjectComplete",
                "backup-storage:PutChunk",
                "backup-storage:PutObject",
                "backup-storage:StartObject",
                "backup-storage:UpdateObjectComplete",
            ],
        );
    });
});

describe("permission proof: the runbook's original policies (steps 4-c and 4-d, rendered as bash would)", () => {
    let runbook: StackProof;

    before(async function () {
        this.timeout(120000);
        const s = scopeFromSourceRun(source);
        // ${Account} is never set in the runbook, so bash renders it empty (SPEC 6, defect 1).
        const env = {
            ACCOUNTID: s.accountId,
            SOURCE_CMK_ARN: s.sourceKeyArn,
            DEST_CMK_ARN: s.destKeyArn,
            BACKUP_SERVICE_ROLE_ARN: SERVICE_ROLE,
        };
        runbook = await proveSourceRun(source, {
            policies: {
                admin: renderRunbookPolicy("4-c", env) as PolicyDocument,
                operator: renderRunbookPolicy("4-d", env) as PolicyDocument,
            },
        });
    });

    const has = (p: PersonaProof, action: string, resource: string, ctx = "{}") =>
        p.extra.some(
            (e) => e.action === action && e.resource === resource && JSON.stringify(e.context) === ctx,
        );

    it("operator: StartCopyJob on * copies any recovery point; PassRole has no condition", () => {
        const op = persona(runbook, "operator");
        assert.ok(has(op, "backup:StartCopyJob", rp(DST)));
        assert.ok(has(op, "backup:StartCopyJob", rp("us-east-1")));
        assert.ok(has(op, "iam:PassRole", SERVICE_ROLE));
        assert.ok(has(op, "backup:StartBackupJob", vault(DST, DEST_VAULT)));
        assert.ok(has(op, "iam:GetRole", `arn:aws:iam::${ACCOUNT}:role/BackupTest-AdminRole`));
        assert.equal(op.extra.length, 493);
        assert.deepEqual(op.forbiddenAllowed.map((f) => f.id).sort(), [
            "operator-never-backup-into-dest-vault",
            "operator-never-backup-into-other-vault",
            "operator-never-copy-dest-recovery-point",
            "operator-never-pass-service-role-to-ec2",
        ]);
        // StopBackupJob takes only "*", but the runbook grants it on vault ARNs.
        assert.deepEqual(
            op.missing.map((c) => c.id),
            ["operator-stop-backup-job"],
        );
    });

    it("admin: the empty-account service-linked-role ARN, the misspelt action and the missing DeleteBackupPlan are missing", () => {
        const admin = persona(runbook, "admin");
        assert.deepEqual(
            admin.missing.map((c) => c.id),
            [
                "admin-create-service-linked-role",
                "admin-backup-delete-backup-vault-notifications-source",
                "admin-backup-delete-backup-vault-notifications-dest",
                "admin-backup-delete-backup-plan",
            ],
        );
    });

    it("admin: vaults of any name and region, KMS without AWS Backup, PassRole to any service are extra", () => {
        const admin = persona(runbook, "admin");
        const s = scopeFromSourceRun(source);
        assert.ok(has(admin, "backup:CreateBackupVault", vault(SRC, "OtherVault")));
        assert.ok(has(admin, "backup:CreateBackupVault", vault("us-east-1", SOURCE_VAULT)));
        assert.ok(has(admin, "backup:DeleteRecoveryPoint", rp("us-east-1")));
        assert.ok(has(admin, "kms:Decrypt", s.sourceKeyArn));
        assert.ok(has(admin, "iam:PassRole", SERVICE_ROLE));
        assert.ok(has(admin, "backup:ListIndexedRecoveryPointsForSearch", "*"));
        assert.equal(admin.extra.length, 383);
    });
});

describe("permission proof: report", () => {
    it("permissionSummary gives per persona the calls needed, allowed and the extra permissions", async () => {
        const lines = await permissionSummary(source);
        assert.deepEqual(
            lines.map((l) => [l.persona, l.needed, l.allowed, l.missing]),
            [
                ["admin", 111, 111, 0],
                ["operator", 18, 18, 0],
            ],
        );
        assert.equal(lines[1].text, "operator: 18 calls needed, 18 allowed, 0 extra permissions");
        assert.match(lines[0].text, /^admin: 111 calls needed, 111 allowed, \d+ extra permissions$/);
    });

    it("renders JSON with persona, needed, allowed, missing and extra lists", () => {
        const json = JSON.parse(render(shipped, "json")) as {
            personas: Array<{
                persona: string;
                needed: number;
                allowed: number;
                missing: unknown[];
                extra: unknown[];
            }>;
            matrix: unknown[];
        };
        assert.deepEqual(
            json.personas.map((p) => [
                p.persona,
                p.needed,
                p.allowed,
                Array.isArray(p.missing),
                Array.isArray(p.extra),
            ]),
            [
                ["admin", 111, 111, true, true],
                ["operator", 18, 18, true, true],
            ],
        );
        assert.equal(json.matrix.length, shipped.matrix.length);
    });

    it("renders a markdown table with a row per call and the runbook step", () => {
        const md = render(shipped, "markdown");
        assert.match(md, /^\| Step \| CLI \| Action \| Resource \| Context \| admin \| operator \|$/m);
        assert.match(
            md,
            /^\| 7-b \| `backup start-copy-job` \| `backup:StartCopyJob` \| `arn:aws:backup:ap-northeast-1:/m,
        );
        assert.match(md, /^\| operator \| 18 \| 18 \| 0 \| 0 \| 0 \| 2282 \|$/m);
        assert.match(md, /62 actions|5\d actions/);
    });

    it("renders text with the matrix and the totals", () => {
        const text = render(shipped, "text");
        assert.match(text, /^STEP\s+CLI\s+ACTION\s+RESOURCE\s+CONTEXT\s+ADMIN\s+OPERATOR$/m);
        assert.match(text, /^operator\s+18\s+18\s+0\s+0\s+0\s+2282/m);
    });
});

describe("npm run permissions (tools/permissions.ts)", () => {
    it("parses --format text|json|markdown", () => {
        assert.deepEqual(parseArgs([]), { format: "text" });
        assert.deepEqual(parseArgs(["--format", "json"]), { format: "json" });
        assert.deepEqual(parseArgs(["--format=markdown"]), { format: "markdown" });
    });

    it("prints the usage line and exits 0 for --help", async () => {
        const out: string[] = [];
        assert.equal(
            await main(
                ["--help"],
                (s) => out.push(s),
                () => undefined,
            ),
            0,
        );
        assert.deepEqual(out, ["usage: npm run permissions -- [--format text|json|markdown]"]);
    });

    for (const argv of [["--format", "xml"], ["--bogus"], ["--format"], ["json"]]) {
        it(`exits 2 with a one-line message for ${JSON.stringify(argv)}`, async () => {
            const out: string[] = [];
            const err: string[] = [];
            const code = await main(
                argv,
                (s) => out.push(s),
                (s) => err.push(s),
            );
            assert.equal(code, 2);
            assert.equal(out.length, 0);
            assert.equal(err.length, 1);
            assert.equal(err[0].split("\n").length, 1);
            assert.match(err[0], /usage: npm run permissions -- \[--format text\|json\|markdown\]/);
        });
    }

    it("prints JSON and exits 0 exactly when nothing is missing or extra", async function () {
        this.timeout(120000);
        const out: string[] = [];
        const code = await main(
            ["--format", "json"],
            (s) => out.push(s),
            () => undefined,
        );
        const json = JSON.parse(out.join("\n")) as {
            ok: boolean;
            personas: Array<{ missing: unknown[]; extra: unknown[] }>;
        };
        const clean = json.personas.every((p) => p.missing.length === 0 && p.extra.length === 0);
        assert.equal(json.ok, clean);
        assert.equal(code, clean ? 0 : 1);
    });
});
