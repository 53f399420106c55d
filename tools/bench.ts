/**
 * npm run bench: how fast the pack checks identity policies, against only JSON.parse-ing the same corpus.
 *
 * The corpus is generated deterministically (mulberry32, fixed seed) from the IAM reference itself: real actions
 * and wildcards of a dozen services, ARNs built from the resource types' formats, some "*" and some conditions,
 * so every rule has work to do. Usage: npm run bench -- [--docs N] [--statements N] [--rounds N]
 */
import { checkDocument } from "../policy-pack/lib/evaluate";
import { actionsOfService, ResourceTypeInfo } from "../policy-pack/lib/reference";

function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const SERVICES = [
    "backup",
    "kms",
    "iam",
    "s3",
    "ec2",
    "logs",
    "elasticfilesystem",
    "sts",
    "ssm",
    "secretsmanager",
    "dynamodb",
    "lambda",
];
const REGIONS = ["ap-northeast-1", "ap-southeast-2", "us-east-1", "*"];

function arg(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

function arnFrom(type: ResourceTypeInfo, rnd: () => number): string {
    const text = type.format?.text ?? "*";
    return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        if (name === "Partition") return "aws";
        if (name === "Region") return REGIONS[Math.floor(rnd() * REGIONS.length)];
        if (name === "Account") return "123456789012";
        return rnd() < 0.3 ? "*" : `${name.toLowerCase()}-${Math.floor(rnd() * 50)}`;
    });
}

export function generateCorpus(docs: number, statementsPerDoc: number, seed = 20260923): string[] {
    const rnd = mulberry32(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    const out: string[] = [];
    for (let d = 0; d < docs; d++) {
        const statements: Record<string, unknown>[] = [];
        for (let s = 0; s < statementsPerDoc; s++) {
            const service = pick(SERVICES);
            const catalog = actionsOfService(service);
            const actions: string[] = [];
            const n = 1 + Math.floor(rnd() * 6);
            for (let i = 0; i < n; i++) {
                const a = pick(catalog);
                // Some wildcards, as people write them: a verb prefix of a real action.
                actions.push(
                    rnd() < 0.15 ? `${service}:${a.name.replace(/^([A-Z][a-z]+).*$/, "$1")}*` : a.id,
                );
            }
            const typed = catalog.filter((a) => actions.includes(a.id)).flatMap((a) => a.resourceTypes);
            const resources =
                rnd() < 0.3 || typed.length === 0
                    ? "*"
                    : [
                          arnFrom(
                              pick(typed).type ?? { service, key: "x", format: undefined, conditionKeys: [] },
                              rnd,
                          ),
                      ];
            const statement: Record<string, unknown> = {
                Sid: `S${s}`,
                Effect: rnd() < 0.9 ? "Allow" : "Deny",
                Action: actions,
                Resource: resources,
            };
            if (rnd() < 0.2) statement.Condition = { StringEquals: { "aws:RequestedRegion": pick(REGIONS) } };
            statements.push(statement);
        }
        out.push(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
    }
    return out;
}

function time(fn: () => void): number {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
}

function main(): void {
    const docs = arg("docs", 5000);
    const statements = arg("statements", 10);
    const rounds = arg("rounds", 5);
    const corpus = generateCorpus(docs, statements);
    const bytes = corpus.reduce((n, t) => n + t.length, 0);
    let sink = 0;
    // Warm-up: loads the services' reference data and fills the caches, as a long-running analyzer would.
    const warm = time(() => {
        for (const t of corpus) sink += checkDocument(t, "identity").length;
    });
    const parse: number[] = [];
    const check: number[] = [];
    let findings = 0;
    for (let r = 0; r < rounds; r++) {
        parse.push(
            time(() => {
                for (const t of corpus) sink += (JSON.parse(t) as { Statement: unknown[] }).Statement.length;
            }),
        );
        check.push(
            time(() => {
                findings = 0;
                for (const t of corpus) findings += checkDocument(t, "identity").length;
            }),
        );
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const p = median(parse);
    const c = median(check);
    const rate = (s: number): string => Math.round(docs / s).toLocaleString("en-US");
    console.log(
        `corpus: ${docs.toLocaleString("en-US")} identity policies x ${statements} statements, ${(bytes / 1e6).toFixed(1)} MB, ${findings.toLocaleString("en-US")} findings`,
    );
    console.log(`first pass (cold caches): ${rate(warm)} docs/s`);
    console.log(
        `JSON.parse only: ${rate(p)} docs/s (${((p / docs) * 1e6).toFixed(1)} us/doc, median of ${rounds})`,
    );
    console.log(
        `all identity rules: ${rate(c)} docs/s (${((c / docs) * 1e6).toFixed(1)} us/doc, median of ${rounds})`,
    );
    console.log(`ratio: ${(c / p).toFixed(1)}x the parse (target <= 10x)`);
    console.log(`memory after the corpus runs: ${memory()}`);
    if (sink < 0) console.log(sink);
}

function memory(): string {
    const m = process.memoryUsage();
    return `rss ${Math.round(m.rss / 2 ** 20)} MB, heap used ${Math.round(m.heapUsed / 2 ** 20)} MB`;
}

/** The offline plan end to end: both stacks under mocks, the pack over them, the persona proof. */
async function benchPlan(): Promise<void> {
    // Imported here so the corpus figures above are measured without the Pulumi SDK loaded.
    const { planStacks, checkRun } = await import("./plan");
    const { proveSourceRun } = await import("./permissions/proof");
    const t0 = process.hrtime.bigint();
    const { runs } = await planStacks();
    const t1 = process.hrtime.bigint();
    const verdicts = runs.reduce((n, r) => n + checkRun(r).verdicts.length, 0);
    const t2 = process.hrtime.bigint();
    const proof = await proveSourceRun(runs[1]);
    const t3 = process.hrtime.bigint();
    const ms = (a: bigint, b: bigint): string => `${Math.round(Number(b - a) / 1e6)} ms`;
    const resources = runs.reduce((n, r) => n + r.resources.length, 0);
    console.log(
        `offline plan: ${resources} resources in 2 stacks planned in ${ms(t0, t1)}, ` +
            `pack verdicts (${verdicts}) in ${ms(t1, t2)}, persona proof (${proof.personas.length} personas) in ${ms(t2, t3)}`,
    );
    console.log(`memory after the offline plan: ${memory()}`);
}

if (require.main === module) {
    main();
    benchPlan().catch((e: unknown) => {
        console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
    });
}
