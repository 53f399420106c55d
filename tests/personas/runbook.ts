// Reads the original runbook (a verbatim copy of seed/runbook.ja.md) the way a shell user would run it:
// the AWS CLI calls of each step, and the inline policies of steps 4-c and 4-d rendered by bash's quoting.
import * as fs from "fs";
import * as path from "path";

export const RUNBOOK_FILE = path.join(__dirname, "fixtures", "runbook.ja.md");

export interface ParsedCliCall {
    readonly step: string;
    readonly profile: string;
    /** The --region argument as written (e.g. "${SOURCE_REGION}"), or "" when absent. */
    readonly region: string;
    readonly cli: string;
}

/** "## (6)…", "### (6)-(a) …" → "6", "6-a". */
function stepOf(heading: string): string | undefined {
    const m = /^#{2,3}\s*\((\d+)\)(?:-\(([a-z])\))?/.exec(heading);
    return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : undefined;
}

/** The shell blocks of the runbook, by step, with line continuations joined. */
export function shellBlocks(
    text = fs.readFileSync(RUNBOOK_FILE, "utf8"),
): Array<{ step: string; code: string }> {
    const out: Array<{ step: string; code: string }> = [];
    let step = "";
    let code: string[] | undefined;
    for (const line of text.split("\n")) {
        if (code) {
            if (line.startsWith("```")) {
                out.push({ step, code: code.join("\n").replace(/\\\n/g, " ") });
                code = undefined;
            } else code.push(line);
            continue;
        }
        const s = stepOf(line);
        if (s) step = s;
        else if (line.startsWith("```shell")) code = [];
    }
    return out;
}

const GLOBAL_OPTIONS_WITH_VALUE = new Set(["--profile", "--region", "--output"]);

/** Every `aws …` invocation of the runbook, in order. */
export function runbookCliCalls(text?: string): ParsedCliCall[] {
    const out: ParsedCliCall[] = [];
    for (const { step, code } of shellBlocks(text)) {
        for (const m of code.matchAll(/(?:^|[\s(])aws\s+([^\n]*)/g)) {
            const tokens = m[1].split(/\s+/).filter(Boolean);
            let profile = "";
            let region = "";
            let i = 0;
            while (
                i < tokens.length &&
                tokens[i].startsWith("--") &&
                GLOBAL_OPTIONS_WITH_VALUE.has(tokens[i])
            ) {
                if (tokens[i] === "--profile") profile = tokens[i + 1];
                if (tokens[i] === "--region") region = tokens[i + 1];
                i += 2;
            }
            out.push({ step, profile, region, cli: `${tokens[i]} ${tokens[i + 1]}` });
        }
    }
    return out;
}

/**
 * The `POLICY='…'` document of a runbook step, rendered as bash renders it: each `'"${VAR}"'` splice
 * becomes the variable's value, or nothing when the variable is unset (the runbook's `${Account}`).
 */
export function renderRunbookPolicy(
    step: "4-c" | "4-d",
    env: Readonly<Record<string, string>>,
    text?: string,
): unknown {
    const block = shellBlocks(text).find((b) => b.step === step && b.code.includes("POLICY='"));
    if (!block) throw new Error(`runbook step ${step} has no POLICY='…' block`);
    // Mark the splices first, so that their quotes do not end the single-quoted string.
    const marked = block.code.replace(/'"\$\{(\w+)\}"'/g, (_, name: string) => `@@SPLICE:${name}@@`);
    const m = /POLICY='([\s\S]*?)'\n/.exec(marked);
    if (!m) throw new Error(`runbook step ${step}: cannot find the end of POLICY='…'`);
    const rendered = m[1].replace(/@@SPLICE:(\w+)@@/g, (_, name: string) => env[name] ?? "");
    return JSON.parse(rendered);
}
