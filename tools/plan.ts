// `npm start`: the offline plan. Runs the program for the dest stack, then for the source stack (whose
// StackReference resolves to the dest plan's outputs, as in a real deploy), and prints what each would
// create. Nothing here talks to AWS or the Pulumi service.
import { ConfigError, CONFIG_NAMESPACE } from "../config";
import * as fs from "fs";
import { permissionSummary } from "./permissions/proof";
import {
    checkResource,
    checkStack,
    PackConfig,
    rules,
    validatePackConfig,
    Verdict,
} from "../policy-pack/lib/evaluate";
import { extractAttachments, extractDocuments } from "../policy-pack/lib/resources";
import * as path from "path";
import {
    CapturedResource,
    OfflineRun,
    PROJECT_ROOT,
    readStackConfig,
    runOffline,
    OFFLINE_ACCOUNT_ID,
} from "./offline";

export const STACKS = ["dest", "source"] as const;
export type StackName = (typeof STACKS)[number];

export interface PlanResult {
    readonly runs: OfflineRun[];
}

/** Plans both stacks in deploy order. Throws ConfigError for bad config. */
export async function planStacks(
    configs?: Partial<Record<StackName, Record<string, string>>>,
    stackDir?: string,
): Promise<PlanResult> {
    const destConfig = configs?.dest ?? readStackConfig("dest", stackDir);
    const sourceConfig = configs?.source ?? readStackConfig("source", stackDir);
    const dest = await runOffline({ stack: "dest", config: destConfig });
    const destStackName = sourceConfig[`${CONFIG_NAMESPACE}:destStack`];
    const source = await runOffline({
        stack: "source",
        config: sourceConfig,
        stackOutputs: destStackName ? { [destStackName]: dest.outputs } : {},
    });
    return { runs: [dest, source] };
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map(
            (r) =>
                "  " +
                r
                    .map((c, i) => c.padEnd(widths[i]))
                    .join("  ")
                    .trimEnd(),
        )
        .join("\n");
}

function formatValue(v: unknown): string {
    if (typeof v === "string") return v.includes("\n") ? "\n" + v.replace(/^/gm, "      ").trimEnd() : v;
    return JSON.stringify(v);
}

/** Resources in tree order (each parent before its children), with their depth below the stack. */
export function treeOrder(resources: readonly CapturedResource[]): Array<[CapturedResource, number]> {
    const children = new Map<string | undefined, CapturedResource[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const out: Array<[CapturedResource, number]> = [];
    const visit = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            out.push([r, depth]);
            visit(r.urn, depth + 1);
        }
    };
    visit(undefined, -1);
    return out.filter(([r]) => r.type !== "pulumi:pulumi:Stack");
}

/** Renders one stack's plan as text. */
export function renderRun(run: OfflineRun): string {
    const ordered = treeOrder(run.resources);
    const shown = ordered.map(([r]) => r);
    const rows = [["NAME", "TYPE", "REGION", "NOTE"]];
    for (const [r, depth] of ordered) {
        const notes = [
            r.operation === "read"
                ? `reads stack ${String(r.inputs.name ?? r.name)} (offline: the dest plan's outputs)`
                : "",
            r.protect ? "protected" : "",
            r.custom ? "" : r.type.startsWith("awsx:") ? "remote component" : "component",
        ].filter(Boolean);
        rows.push(["  ".repeat(depth) + r.name, r.type, r.region ?? "-", notes.join(", ")]);
    }
    const created = shown.filter((r) => r.operation === "register" && r.custom).length;
    const lines = [
        `== Stack "${run.stack}": ${created} resources to create, ${shown.length - created} components/reads ==`,
        table(rows),
        "",
        "  Outputs:",
        ...Object.entries(run.outputs).map(([k, v]) => `    ${k}: ${formatValue(v)}`),
    ];
    return lines.join("\n");
}

export interface PolicyReport {
    readonly stack: string;
    /** Registered resources that hold an IAM document or a managed-policy attachment. */
    readonly checked: string[];
    readonly documents: number;
    readonly verdicts: Verdict[];
}

/** Runs the policy pack's rules over what a stack registered: the same functions the engine runs. */
export function checkRun(run: OfflineRun, packConfig: PackConfig = {}): PolicyReport {
    const registered = run.resources.filter((r) => r.operation === "register" && r.custom);
    const checked: string[] = [];
    let documents = 0;
    const verdicts: Verdict[] = [];
    for (const r of registered) {
        const input = { type: r.type, name: r.name, urn: r.urn, props: r.inputs };
        const docs = extractDocuments(input, ["identity", "trust", "resource"]).length;
        if (docs > 0 || extractAttachments(input).length > 0) checked.push(r.name);
        documents += docs;
        verdicts.push(...checkResource(input, packConfig));
    }
    verdicts.push(...checkStack(registered, packConfig));
    return { stack: run.stack, checked, documents, verdicts };
}

export function renderPolicyReport(report: PolicyReport): string {
    const active = report.verdicts.filter((v) => v.enforcementLevel !== "disabled");
    const mandatory = active.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [
        `  Policy pack (${rules.length} rules): ${report.documents} IAM documents in ${report.checked.length} resources; ` +
            `${mandatory} mandatory, ${active.length - mandatory} advisory violations`,
        ...active.map(
            (v) =>
                `    ${v.enforcementLevel.toUpperCase()} [${v.rule}] ${v.resource}` +
                `${v.statement !== undefined ? ` statement ${v.statement}` : ""}: ${v.message}`,
        ),
    ];
    return lines.join("\n");
}

export const BANNER =
    "OFFLINE PLAN: the Pulumi program ran under Pulumi's mock runtime. Nothing was deployed and no cloud\n" +
    `API was called; account ${OFFLINE_ACCOUNT_ID} and all IDs are placeholders. Deploy for real with the Pulumi CLI.`;

const USAGE =
    "usage: npm start [-- --stack-dir DIR] [--policy-config FILE]  (DIR holds Pulumi.dest.yaml and Pulumi.source.yaml; " +
    "FILE is the JSON you would pass to pulumi preview --policy-pack-config)";

function readPackConfig(file: string): PackConfig | string {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        return `${file}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return `${file}: a policy pack config must be a JSON object keyed by rule id`;
    }
    // A misspelt rule id or setting would otherwise fall back to the defaults without a word.
    const problems = validatePackConfig(parsed);
    if (problems.length > 0) return `${file}: ${problems.join("; ")}`;
    return parsed as PackConfig;
}

async function main(argv: string[]): Promise<number> {
    let stackDir: string | undefined;
    let packConfig: PackConfig = {};
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--help" || argv[i] === "-h") {
            console.log(USAGE);
            return 0;
        } else if (argv[i] === "--stack-dir" && argv[i + 1] !== undefined) {
            stackDir = argv[++i];
        } else if (argv[i] === "--policy-config" && argv[i + 1] !== undefined) {
            const read = readPackConfig(argv[++i]);
            if (typeof read === "string") {
                console.error(`Bad --policy-config: ${read}`);
                return 2;
            }
            packConfig = read;
        } else if (argv[i] === "--stack-dir" || argv[i] === "--policy-config") {
            console.error(`${argv[i]} needs a value. ${USAGE}`);
            return 2;
        } else {
            console.error(`Unknown argument "${argv[i]}". ${USAGE}`);
            return 2;
        }
    }
    for (const stack of STACKS) {
        const file = path.join(stackDir ?? PROJECT_ROOT, `Pulumi.${stack}.yaml`);
        if (!fs.existsSync(file)) {
            console.error(`No stack file ${file}. ${USAGE}`);
            return 2;
        }
    }
    console.log(BANNER + "\n");
    let plan: PlanResult;
    try {
        plan = await planStacks(undefined, stackDir);
    } catch (e) {
        if (e instanceof ConfigError) {
            // The Pulumi runtime re-raises the program's error on other promise chains; it is reported once, here.
            process.on("unhandledRejection", (reason) => {
                if (reason !== e) throw reason;
            });
            console.error(`Config error: ${e.message}`);
            return 1;
        }
        throw e;
    }
    let ok = true;
    for (const run of plan.runs) {
        console.log(renderRun(run) + "\n");
        const report = checkRun(run, packConfig);
        console.log(renderPolicyReport(report) + "\n");
        ok &&= !report.verdicts.some((v) => v.enforcementLevel === "mandatory");
    }

    // The proof evaluates the inline policies the source stack registered, not a copy of them.
    const source = plan.runs.find((r) => r.stack === "source");
    if (source) {
        console.log("== Persona permission proof (every runbook call allowed, nothing else) ==");
        for (const line of await permissionSummary(source)) {
            console.log(`  ${line.ok ? "ok  " : "FAIL"} ${line.text}`);
            ok &&= line.ok;
        }
        console.log("  Full matrix: npm run permissions -- --format markdown\n");
    }
    return ok ? 0 : 1;
}

if (require.main === module) {
    // exitCode rather than exit(): a piped stdout must drain before the process ends.
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            console.error(`Offline plan failed: ${e instanceof Error ? e.message : String(e)}`);
            process.exitCode = 1;
        },
    );
}
