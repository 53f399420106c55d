/**
 * lint-policy: runs the pack's rules on standalone policy documents.
 *
 *   npm run --silent lint-policy -- [--kind identity|trust|resource] [--format text|json] [--config FILE] FILE...
 *
 * Exit status: 0 no mandatory finding, 1 mandatory findings, 2 unreadable input, an invalid --config, or bad
 * usage (one line on stderr).
 */
import * as fs from "fs";
import { checkDocument, DocumentKind, PackConfig, validatePackConfig } from "../lib/evaluate";
import { isRecord } from "../lib/document";

const USAGE =
    "usage: lint-policy [--kind identity|trust|resource] [--format text|json] [--config PACK-CONFIG.json] FILE...";

export interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface JsonFinding {
    readonly file: string;
    readonly rule: string;
    readonly severity: "mandatory" | "advisory";
    readonly statement: number | string | null;
    readonly message: string;
}

class UsageError extends Error {}
/** --help: the usage goes to stdout and the exit code is 0, as for any CLI. */
class HelpRequested extends Error {}

interface Options {
    kind: DocumentKind | undefined;
    format: "text" | "json";
    config: PackConfig;
    files: string[];
}

const TRUST_ACTIONS =
    /^sts:(AssumeRole(WithSAML|WithWebIdentity)?|TagSession|SetSourceIdentity|SetContext)$/i;

/** Trust if statements with a Principal only grant sts:AssumeRole*, resource if other actions, else identity. */
export function inferKind(doc: unknown): DocumentKind {
    if (!isRecord(doc)) return "identity";
    const raw = doc.Statement;
    const statements = (Array.isArray(raw) ? raw : [raw]).filter(isRecord);
    const withPrincipal = statements.filter((s) => s.Principal !== undefined || s.NotPrincipal !== undefined);
    if (withPrincipal.length === 0) return "identity";
    const actions = withPrincipal.flatMap((s) => {
        const a = s.Action ?? s.NotAction;
        return typeof a === "string"
            ? [a]
            : Array.isArray(a)
              ? a.filter((x): x is string => typeof x === "string")
              : [];
    });
    return actions.length > 0 && actions.every((a) => TRUST_ACTIONS.test(a)) ? "trust" : "resource";
}

function readText(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new UsageError(`${file}: cannot read (${err.code ?? err.message})`);
    }
}

function parseJson(file: string, text: string): unknown {
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new UsageError(`${file}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
    }
}

function parseArgs(argv: readonly string[]): Options {
    const opts: Options = { kind: undefined, format: "text", config: {}, files: [] };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const eq = arg.indexOf("=");
        const [flag, inline] =
            arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
        const value = (): string => {
            const v = inline ?? argv[++i];
            if (v === undefined) throw new UsageError(`${flag} needs a value; ${USAGE}`);
            return v;
        };
        if (flag === "--kind") {
            const v = value();
            if (v !== "identity" && v !== "trust" && v !== "resource")
                throw new UsageError(`--kind must be identity, trust or resource (got "${v}")`);
            opts.kind = v;
        } else if (flag === "--format") {
            const v = value();
            if (v !== "text" && v !== "json")
                throw new UsageError(`--format must be text or json (got "${v}")`);
            opts.format = v;
        } else if (flag === "--config") {
            const file = value();
            const cfg = parseJson(file, readText(file));
            // Bad settings would otherwise fall back to defaults without a word (see lib/config.ts).
            const problems = validatePackConfig(cfg);
            if (problems.length > 0) throw new UsageError(`${file}: ${problems.join("; ")}`);
            opts.config = cfg as PackConfig;
        } else if (flag === "--help" || flag === "-h") {
            throw new HelpRequested(USAGE);
        } else if (flag === "--") {
            opts.files.push(...argv.slice(i + 1));
            break;
        } else if (flag.startsWith("-") && flag !== "-") {
            throw new UsageError(`unknown option ${flag}; ${USAGE}`);
        } else {
            opts.files.push(arg);
        }
    }
    if (opts.files.length === 0) throw new UsageError(`no policy file given; ${USAGE}`);
    return opts;
}

function statementText(s: number | string | null): string {
    if (s === null) return "";
    return typeof s === "number" ? ` statement ${s}` : s === "document" ? " document" : ` statement "${s}"`;
}

export function run(argv: readonly string[]): CliResult {
    let opts: Options;
    const inputs: { file: string; doc: unknown; kind: DocumentKind; inferred: boolean }[] = [];
    try {
        opts = parseArgs(argv);
        for (const file of opts.files) {
            const doc = parseJson(file, readText(file));
            const kind = opts.kind ?? inferKind(doc);
            inputs.push({ file, doc, kind, inferred: opts.kind === undefined });
        }
    } catch (e) {
        if (e instanceof HelpRequested) return { code: 0, stdout: `${e.message}\n`, stderr: "" };
        if (e instanceof UsageError) return { code: 2, stdout: "", stderr: `lint-policy: ${e.message}\n` };
        throw e;
    }
    const findings: JsonFinding[] = [];
    const notes: string[] = [];
    for (const input of inputs) {
        if (input.inferred)
            notes.push(
                `${input.file}: checked as ${input.kind === "identity" ? "an" : "a"} ${input.kind} policy (inferred; use --kind to set it)`,
            );
        for (const v of checkDocument(input.doc, input.kind, opts.config)) {
            if (v.enforcementLevel === "disabled") continue;
            findings.push({
                file: input.file,
                rule: v.rule,
                severity: v.enforcementLevel,
                statement: v.statement ?? null,
                message: v.message,
            });
        }
    }
    const mandatory = findings.filter((f) => f.severity === "mandatory").length;
    const code = mandatory > 0 ? 1 : 0;
    const stderr = notes.map((n) => `${n}\n`).join("");
    if (opts.format === "json") return { code, stdout: `${JSON.stringify(findings, null, 2)}\n`, stderr };
    const lines = findings.map(
        (f) => `${f.file}:${statementText(f.statement)}: ${f.severity} ${f.rule}: ${f.message}`,
    );
    const advisory = findings.length - mandatory;
    lines.push(
        `${inputs.length} file${inputs.length === 1 ? "" : "s"} checked: ${mandatory} mandatory, ${advisory} advisory finding${advisory === 1 ? "" : "s"}`,
    );
    return { code, stdout: `${lines.join("\n")}\n`, stderr };
}

if (require.main === module) {
    const result = run(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
}
