// `npm run permissions -- [--format text|json|markdown]`: plans both stacks offline, proves each persona's
// inline policy against its contract (tools/permissions/proof.ts) and prints the persona × call matrix.
// Exit 0 when every needed call is allowed and nothing else is; 1 otherwise; 2 for bad usage.
import { ConfigError } from "../config";
import { planStacks } from "./plan";
import { proveSourceRun } from "./permissions/proof";
import { Format, FORMATS, render } from "./permissions/report";

export const USAGE = `usage: npm run permissions -- [--format ${FORMATS.join("|")}]`;

export class UsageError extends Error {}

/** Parses the command line; throws UsageError with a one-line message. */
export function parseArgs(argv: readonly string[]): { format: Format; help?: true } {
    let format: Format = "text";
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        let value: string | undefined;
        if (arg === "--help" || arg === "-h") return { format, help: true };
        if (arg === "--format" || arg === "-f") {
            value = argv[++i];
            if (value === undefined)
                throw new UsageError(`--format needs a value (${FORMATS.join(", ")}). ${USAGE}`);
        } else if (arg.startsWith("--format=")) {
            value = arg.slice("--format=".length);
        } else {
            throw new UsageError(`unknown argument "${arg}". ${USAGE}`);
        }
        if (!(FORMATS as readonly string[]).includes(value)) {
            throw new UsageError(`unknown format "${value}" (expected ${FORMATS.join(", ")}). ${USAGE}`);
        }
        format = value as Format;
    }
    return { format };
}

export async function main(
    argv: readonly string[],
    out: (s: string) => void = (s) => console.log(s),
    err: (s: string) => void = (s) => console.error(s),
): Promise<number> {
    let format: Format;
    try {
        const args = parseArgs(argv);
        if (args.help) {
            out(USAGE);
            return 0;
        }
        format = args.format;
    } catch (e) {
        if (e instanceof UsageError) {
            err(e.message);
            return 2;
        }
        throw e;
    }
    try {
        const plan = await planStacks();
        const source = plan.runs.find((r) => r.stack === "source");
        if (!source) throw new Error("the offline plan has no source stack");
        const proof = await proveSourceRun(source);
        out(render(proof, format));
        return proof.ok ? 0 : 1;
    } catch (e) {
        const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
        err(e instanceof ConfigError ? `Config error: ${message}` : `Permission proof failed: ${message}`);
        return 1;
    }
}

/** Exits once stdout is flushed: a pipe (`| jq`) would otherwise lose the end of a large JSON report. */
function exitAfterFlush(code: number): void {
    process.stdout.write("", () => process.exit(code));
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => exitAfterFlush(code),
        (e: unknown) => {
            console.error(
                `Permission proof failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
            );
            process.exit(1);
        },
    );
}
