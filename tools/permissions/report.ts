// Renders the persona permission proof as text, JSON or a markdown table a reviewer can paste into a PR.
import type { Persona } from "../../personas/contracts";
import type { ExtraPermission, MatrixCell, MatrixRow, NeededCall, PersonaProof, StackProof } from "./proof";

export const FORMATS = ["text", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

function ctxText(ctx: Readonly<Record<string, string | readonly string[]>> | undefined): string {
    const entries = Object.entries(ctx ?? {});
    return entries.length ? entries.map(([k, v]) => `${k}=${[v].flat().join("|")}`).join(", ") : "-";
}

function cellText(c: MatrixCell): string {
    const got = c.result === "Allowed" ? "allow" : c.result === "Error" ? "error" : "deny";
    return c.ok ? got : `${got} FAIL (expected ${c.expected})`;
}

/** Rows standing for one action of a grant only (the admin's reads) are folded into one summary row. */
function isGrantOnly(row: MatrixRow): boolean {
    return row.grant !== undefined && row.ids.every((id) => id.startsWith(`${row.grant}:`));
}

interface GrantSummary {
    readonly grant: string;
    readonly step: string;
    readonly cli: string;
    readonly rows: number;
    readonly cells: Record<Persona, string>;
    readonly ok: boolean;
}

function grantSummaries(proof: StackProof): GrantSummary[] {
    const by = new Map<string, MatrixRow[]>();
    for (const r of proof.matrix.filter(isGrantOnly)) by.set(r.grant!, [...(by.get(r.grant!) ?? []), r]);
    const personas = proof.personas.map((p) => p.persona);
    return [...by.entries()].map(([grant, rows]) => {
        const cells = {} as Record<Persona, string>;
        for (const p of personas) {
            const allowed = rows.filter((r) => r.cells[p].result === "Allowed").length;
            const failed = rows.filter((r) => !r.cells[p].ok).length;
            cells[p] = `${allowed}/${rows.length} allow` + (failed ? ` (${failed} FAIL)` : "");
        }
        return {
            grant,
            step: rows[0].step,
            cli: rows[0].cli,
            rows: rows.length,
            cells,
            ok: rows.every((r) => personas.every((p) => r.cells[p].ok)),
        };
    });
}

function extraText(e: ExtraPermission): string {
    const by = e.grantedBy.length ? ` (granted by ${e.grantedBy.join(", ")})` : "";
    return `${e.action} on ${e.resource} [${e.contextLabel}: ${ctxText(e.context)}]${by}`;
}

function missingText(c: NeededCall): string {
    return `${c.step} ${c.cli}: ${c.action} on ${c.resource}${c.context ? ` [${ctxText(c.context)}]` : ""} (${c.id})`;
}

function summaryRow(p: PersonaProof): string[] {
    return [
        p.persona,
        String(p.needed),
        String(p.allowed),
        String(p.missing.length),
        String(p.extra.length),
        String(p.forbiddenAllowed.length),
        String(p.counts.resourcePairs),
        `${p.ms} ms`,
    ];
}

const SUMMARY_HEADER = [
    "PERSONA",
    "NEEDED",
    "ALLOWED",
    "MISSING",
    "EXTRA",
    "FORBIDDEN ALLOWED",
    "PAIRS CHECKED",
    "TIME",
];

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map((r) =>
            r
                .map((c, i) => c.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

function matrixCells(proof: StackProof, row: MatrixRow): string[] {
    return proof.personas.map((p) => cellText(row.cells[p.persona]));
}

export function renderText(proof: StackProof): string {
    const s = proof.scope;
    const personas = proof.personas.map((p) => p.persona.toUpperCase());
    const rows: string[][] = [["STEP", "CLI", "ACTION", "RESOURCE", "CONTEXT", ...personas]];
    for (const r of proof.matrix.filter((r) => !isGrantOnly(r))) {
        rows.push([r.step, r.cli, r.action, r.resource, ctxText(r.context), ...matrixCells(proof, r)]);
    }
    for (const g of grantSummaries(proof)) {
        rows.push([
            g.step,
            g.cli,
            `${g.rows} actions (${g.grant})`,
            "*",
            "-",
            ...proof.personas.map((p) => g.cells[p.persona]),
        ]);
    }
    const lines = [
        `Persona permission proof: account ${s.accountId}, ${s.sourceRegion} (source) and ${s.destRegion} (dest); ` +
            `evaluated by @cloud-copilot/iam-simulate in ${proof.ms} ms`,
        "",
        table(rows),
        "",
        table([SUMMARY_HEADER, ...proof.personas.map(summaryRow)]),
    ];
    for (const p of proof.personas) {
        if (p.missing.length)
            lines.push("", `${p.persona}: missing calls`, ...p.missing.map((c) => `  ${missingText(c)}`));
        if (p.extra.length)
            lines.push("", `${p.persona}: extra permissions`, ...p.extra.map((e) => `  ${extraText(e)}`));
        if (p.forbiddenAllowed.length) {
            lines.push(
                "",
                `${p.persona}: forbidden calls allowed`,
                ...p.forbiddenAllowed.map((f) => `  ${f.action} on ${f.resource} (${f.id}: ${f.reason})`),
            );
        }
    }
    lines.push(
        "",
        proof.ok ? "OK: every needed call allowed, nothing else." : "FAILED: see the lists above.",
    );
    return lines.join("\n");
}

function md(s: string): string {
    return s.replace(/\|/g, "\\|");
}

export function renderMarkdown(proof: StackProof): string {
    const s = proof.scope;
    const personaNames = proof.personas.map((p) => p.persona);
    const lines = [
        "### Persona permission proof",
        "",
        `Account \`${s.accountId}\`, source \`${s.sourceRegion}\`, dest \`${s.destRegion}\`. ` +
            `Evaluated by \`@cloud-copilot/iam-simulate\` against the inline policies the offline stack registers, ` +
            `in ${proof.ms} ms.`,
        "",
        "| Persona | Needed | Allowed | Missing | Extra | Forbidden allowed | (action, resource) pairs checked |",
        "|---|---:|---:|---:|---:|---:|---:|",
        ...proof.personas.map(
            (p) =>
                `| ${p.persona} | ${p.needed} | ${p.allowed} | ${p.missing.length} | ${p.extra.length} | ` +
                `${p.forbiddenAllowed.length} | ${p.counts.resourcePairs} |`,
        ),
        "",
        `| Step | CLI | Action | Resource | Context | ${personaNames.join(" | ")} |`,
        `|---|---|---|---|---|${personaNames.map(() => "---").join("|")}|`,
    ];
    for (const r of proof.matrix.filter((r) => !isGrantOnly(r))) {
        lines.push(
            `| ${r.step} | \`${r.cli}\` | \`${r.action}\` | \`${r.resource}\` | ${md(ctxText(r.context))} | ` +
                `${matrixCells(proof, r).map(md).join(" | ")} |`,
        );
    }
    for (const g of grantSummaries(proof)) {
        lines.push(
            `| ${g.step} | \`${g.cli}\` | ${g.rows} actions (\`${g.grant}\`) | \`*\` | - | ` +
                `${personaNames.map((p) => g.cells[p]).join(" | ")} |`,
        );
    }
    for (const p of proof.personas) {
        if (p.missing.length) {
            lines.push(
                "",
                `**${p.persona}: missing calls**`,
                "",
                ...p.missing.map((c) => `- ${md(missingText(c))}`),
            );
        }
        if (p.extra.length) {
            lines.push(
                "",
                `**${p.persona}: extra permissions**`,
                "",
                ...p.extra.map((e) => `- ${md(extraText(e))}`),
            );
        }
        if (p.forbiddenAllowed.length) {
            lines.push(
                "",
                `**${p.persona}: forbidden calls allowed**`,
                "",
                ...p.forbiddenAllowed.map((f) => `- \`${f.action}\` on \`${f.resource}\` (${f.id})`),
            );
        }
    }
    lines.push("", proof.ok ? "Result: **OK** (0 missing, 0 extra)." : "Result: **FAILED**.");
    return lines.join("\n");
}

/** The JSON form: per persona at least { persona, needed, allowed, missing, extra }, plus the matrix. */
export function toJson(proof: StackProof): unknown {
    return {
        ok: proof.ok,
        ms: proof.ms,
        scope: proof.scope,
        personas: proof.personas.map((p) => ({
            persona: p.persona,
            principalArn: p.principalArn,
            needed: p.needed,
            allowed: p.allowed,
            missing: p.missing,
            extra: p.extra,
            forbiddenAllowed: p.forbiddenAllowed,
            counts: p.counts,
            ms: p.ms,
            ok: p.ok,
        })),
        matrix: proof.matrix,
    };
}

export function render(proof: StackProof, format: Format): string {
    switch (format) {
        case "json":
            return JSON.stringify(toJson(proof), null, 2);
        case "markdown":
            return renderMarkdown(proof);
        case "text":
            return renderText(proof);
    }
}
