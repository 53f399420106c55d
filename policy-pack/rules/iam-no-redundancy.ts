/**
 * iam-no-redundancy: duplicate actions and resources, entries a wildcard in the same statement already covers,
 * duplicate Sids, and statements another statement already covers. Redundancy is not a hole by itself, but it
 * hides intent: a reviewer reading a duplicate often misses the entry that was meant to be there.
 */
import { ActionMatch, expandAction } from "../lib/catalog";
import { PolicyDocument, Statement, statementActions } from "../lib/document";
import type { ActionInfo } from "../lib/reference";
import { DocumentRule, Finding } from "../lib/findings";
import { globCovers, hasWildcard } from "../lib/patterns";
import { toPolicy } from "../lib/wrap";

export const id = "iam-no-redundancy";

function duplicates(list: readonly string[], what: string, caseless: boolean): string[] {
    const out: string[] = [];
    if (list.length < 2) return out;
    const seen = new Set<string>();
    for (const v of list) {
        const key = caseless ? v.toLowerCase() : v;
        if (seen.has(key)) out.push(`${what} ${v} is listed twice`);
        seen.add(key);
    }
    return out;
}

const expansionSets = new WeakMap<ActionMatch, ReadonlySet<ActionInfo>>();

function expansionSet(m: ActionMatch): ReadonlySet<ActionInfo> {
    let set = expansionSets.get(m);
    if (!set) {
        set = new Set(m.actions);
        expansionSets.set(m, set);
    }
    return set;
}

function coveredActions(list: readonly string[]): string[] {
    const out: string[] = [];
    if (list.length < 2) return out;
    const wildcards = list.filter((a) => hasWildcard(a));
    if (wildcards.length === 0) return out;
    for (const a of list) {
        if (hasWildcard(a)) continue;
        const target = expandAction(a);
        if (target.actions.length !== 1) continue;
        const by = wildcards.find((w) => {
            const m = expandAction(w);
            return m.all || expansionSet(m).has(target.actions[0]);
        });
        if (by !== undefined) out.push(`action ${a} is already covered by ${by}`);
    }
    return out;
}

function coveredResources(list: readonly string[]): string[] {
    const out: string[] = [];
    const unique = [...new Set(list)];
    for (const r of unique) {
        const by = unique.find((o) => o !== r && hasWildcard(o) && globCovers(o, r));
        if (by !== undefined) out.push(`resource ${r} is already covered by ${by}`);
    }
    return out;
}

/** What the statement-coverage comparison needs, computed once per statement. */
interface Summary {
    readonly statement: Statement;
    /** Effect and principal: statements only compare within the same group. */
    readonly group: string;
    readonly conditioned: boolean;
    readonly all: boolean;
    readonly comparable: boolean;
    readonly matches: readonly ActionMatch[];
    readonly resources: readonly string[] | undefined;
}

function summarize(s: Statement): Summary | undefined {
    if (!s.isObject || s.actions === undefined) return undefined;
    if (s.notActions || s.notResources || s.notPrincipal) return undefined;
    const raw = s.raw as Record<string, unknown>;
    const { all, matches } = statementActions(s);
    return {
        statement: s,
        group:
            raw.Principal === undefined
                ? String(s.effect)
                : `${String(s.effect)}|${JSON.stringify(raw.Principal)}`,
        conditioned: s.hasCondition,
        all,
        // Unknown actions cannot be compared; leave them to iam-known-actions.
        comparable: !matches.some((m) => !m.all && m.actions.length === 0),
        matches,
        resources: s.resources,
    };
}

function conditionText(s: Statement): string {
    return JSON.stringify((s.raw as Record<string, unknown>).Condition) ?? "";
}

/** Does statement `outer` allow (or deny) everything `inner` does? */
function statementCovers(outer: Summary, inner: Summary): boolean {
    if (outer.group !== inner.group || !inner.comparable) return false;
    if (outer.conditioned && conditionText(outer.statement) !== conditionText(inner.statement)) return false;
    if (inner.resources === undefined ? outer.resources !== undefined : outer.resources === undefined)
        return false;
    if (!outer.all) {
        if (inner.all) return false;
        // Pattern objects and their expansion sets are shared across documents, so test membership per pattern
        // and stop at the first action outer lacks.
        for (const m of inner.matches) {
            if (outer.matches.includes(m)) continue;
            for (const a of m.actions) {
                if (!outer.matches.some((o) => expansionSet(o).has(a))) return false;
            }
        }
    }
    if (inner.resources === undefined) return true;
    const outerResources = outer.resources ?? [];
    return inner.resources.every((r) => outerResources.some((q) => globCovers(q, r)));
}

export function check(doc: PolicyDocument): Finding[] {
    const out: Finding[] = [];
    const sids = new Map<string, number>();
    for (const s of doc.statements) {
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };
        const sid = s.isObject ? (s.raw as Record<string, unknown>).Sid : undefined;
        if (typeof sid === "string" && sid !== "") {
            const first = sids.get(sid);
            if (first !== undefined) push(`Sid "${sid}" is also used by statement ${first}`);
            else sids.set(sid, s.index);
        }
        for (const list of [s.actions, s.notActions]) {
            if (!list) continue;
            for (const m of duplicates(list, "action", true)) push(m);
            for (const m of coveredActions(list)) push(m);
        }
        for (const list of [s.resources, s.notResources]) {
            if (!list) continue;
            for (const m of duplicates(list, "resource", false)) push(m);
            for (const m of coveredResources(list)) push(m);
        }
    }
    const summaries = doc.statements.map(summarize);
    for (let i = 0; i < summaries.length; i++) {
        const innerSummary = summaries[i];
        if (!innerSummary) continue;
        for (let j = 0; j < summaries.length; j++) {
            const outerSummary = summaries[j];
            if (i === j || !outerSummary) continue;
            const inner = innerSummary.statement;
            const outer = outerSummary.statement;
            if (!statementCovers(outerSummary, innerSummary)) continue;
            // Two equal statements cover each other: report only the later one.
            if (j > i && statementCovers(innerSummary, outerSummary)) continue;
            out.push({
                rule: id,
                statement: inner.label,
                message: `statement is already covered by statement ${typeof outer.label === "number" ? outer.label : `"${outer.label}"`}`,
            });
            break;
        }
    }
    return out;
}

export const rule: DocumentRule = {
    id,
    target: "document",
    description:
        "No duplicate actions, resources or Sids, and no action, resource or statement that another one already covers.",
    enforcementLevel: "advisory",
    kinds: ["identity", "trust", "resource"],
    configSchema: {},
    defaults: {},
    check,
};

export const policy = toPolicy(rule);
