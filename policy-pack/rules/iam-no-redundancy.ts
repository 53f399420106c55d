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

/**
 * `keys` are the comparison keys of `list` (index for index): the entries themselves, or lower-cased ones for
 * actions, which IAM compares case-insensitively.
 */
function duplicates(list: readonly string[], keys: readonly string[], what: string, out: string[]): void {
    if (list.length < 2) return;
    // Lists are short: a quadratic scan over the keys beats building a Set, and reports in the same order.
    for (let i = 1; i < keys.length; i++) {
        const key = keys[i];
        for (let j = 0; j < i; j++) {
            if (keys[j] === key) {
                out.push(`${what} ${list[i]} is listed twice`);
                break;
            }
        }
    }
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

/** Does the pattern name action `a`? Single actions, the common case, need no set. */
function names(m: ActionMatch, a: ActionInfo): boolean {
    const actions = m.actions;
    if (actions.length === 1) return actions[0] === a;
    // A wildcard expands within its own service only, so another service needs no set lookup.
    return actions.length > 1 && m.service === a.service && expansionSet(m).has(a);
}

/** `matches`, when given, are the expansions of `list` (index for index). */
function coveredActions(
    list: readonly string[],
    matches: readonly ActionMatch[] | undefined,
    out: string[],
): void {
    if (list.length < 2) return;
    let wildcards: string[] | undefined;
    for (const a of list) if (hasWildcard(a)) (wildcards ??= []).push(a);
    if (wildcards === undefined) return;
    for (let i = 0; i < list.length; i++) {
        const a = list[i];
        if (hasWildcard(a)) continue;
        const target = matches ? matches[i] : expandAction(a);
        if (target.actions.length !== 1) continue;
        const by = wildcards.find((w) => {
            const m = expandAction(w);
            return m.all || names(m, target.actions[0]);
        });
        if (by !== undefined) out.push(`action ${a} is already covered by ${by}`);
    }
}

function coveredResources(list: readonly string[], out: string[]): void {
    // A single resource has nothing else to be covered by.
    if (list.length < 2) return;
    const unique = [...new Set(list)];
    for (const r of unique) {
        const by = unique.find((o) => o !== r && hasWildcard(o) && globCovers(o, r));
        if (by !== undefined) out.push(`resource ${r} is already covered by ${by}`);
    }
}

/** What the statement-coverage comparison needs, computed once per statement. */
interface Summary {
    readonly statement: Statement;
    /** Effect and principal: statements only compare within the same group. */
    readonly group: string;
    readonly conditioned: boolean;
    /** JSON of the Condition element, computed on first comparison (see conditionText). */
    condition: string | undefined;
    readonly all: boolean;
    readonly comparable: boolean;
    readonly matches: readonly ActionMatch[];
    readonly resources: readonly string[] | undefined;
}

function summarize(s: Statement): Summary | undefined {
    if (!s.isObject || s.actions === undefined) return undefined;
    if (s.notActions || s.notResources || s.notPrincipal) return undefined;
    const { all, matches } = statementActions(s);
    let comparable = true;
    for (const m of matches) {
        // Unknown actions cannot be compared; leave them to iam-known-actions.
        if (!m.all && m.actions.length === 0) {
            comparable = false;
            break;
        }
    }
    return {
        statement: s,
        group:
            s.principal === undefined
                ? String(s.effect)
                : `${String(s.effect)}|${JSON.stringify((s.raw as Record<string, unknown>).Principal)}`,
        conditioned: s.hasCondition,
        condition: undefined,
        all,
        comparable,
        matches,
        resources: s.resources,
    };
}

/** The Condition element as JSON, once per statement: coverage compares it across many pairs. */
function conditionText(summary: Summary): string {
    if (summary.condition === undefined) {
        summary.condition =
            JSON.stringify((summary.statement.raw as Record<string, unknown>).Condition) ?? "";
    }
    return summary.condition;
}

/** Does statement `outer` allow (or deny) everything `inner` does? */
function statementCovers(outer: Summary, inner: Summary): boolean {
    if (outer.group !== inner.group || !inner.comparable) return false;
    if (inner.resources === undefined ? outer.resources !== undefined : outer.resources === undefined)
        return false;
    if (!outer.all) {
        if (inner.all) return false;
        // Pattern objects and their expansion sets are shared across documents, so test membership per pattern
        // and stop at the first action outer lacks.
        const outerMatches = outer.matches;
        for (const m of inner.matches) {
            if (outerMatches.includes(m)) continue;
            for (const a of m.actions) {
                let found = false;
                for (const o of outerMatches) {
                    if (names(o, a)) {
                        found = true;
                        break;
                    }
                }
                if (!found) return false;
            }
        }
    }
    // Every test here is a pure condition, so the costlier ones come after the action test, which rejects most pairs.
    if (outer.conditioned && conditionText(outer) !== conditionText(inner)) return false;
    if (inner.resources === undefined) return true;
    const outerResources = outer.resources ?? [];
    return inner.resources.every((r) => outerResources.some((q) => globCovers(q, r)));
}

function statementName(label: number | string): string {
    return typeof label === "number" ? String(label) : `"${label}"`;
}

export function check(doc: PolicyDocument): Finding[] {
    const out: Finding[] = [];
    const sids = new Map<string, number>();
    const messages: string[] = [];
    for (const s of doc.statements) {
        // The label is the Sid exactly when the Sid is a non-empty string.
        const sid = s.label;
        if (typeof sid === "string") {
            const first = sids.get(sid);
            if (first !== undefined) messages.push(`Sid "${sid}" is also used by statement ${first}`);
            else sids.set(sid, s.index);
        }
        if (s.actions && s.actions.length > 1) {
            const matches = statementActions(s).matches;
            duplicates(
                s.actions,
                matches.map((m) => m.lowerPattern),
                "action",
                messages,
            );
            coveredActions(s.actions, matches, messages);
        }
        if (s.notActions && s.notActions.length > 1) {
            duplicates(
                s.notActions,
                s.notActions.map((a) => a.toLowerCase()),
                "action",
                messages,
            );
            coveredActions(s.notActions, undefined, messages);
        }
        if (s.resources) {
            duplicates(s.resources, s.resources, "resource", messages);
            coveredResources(s.resources, messages);
        }
        if (s.notResources) {
            duplicates(s.notResources, s.notResources, "resource", messages);
            coveredResources(s.notResources, messages);
        }
        if (messages.length > 0) {
            for (const message of messages) out.push({ rule: id, statement: s.label, message });
            messages.length = 0;
        }
    }
    const summaries = doc.statements.map(summarize);
    for (let i = 0; i < summaries.length; i++) {
        const innerSummary = summaries[i];
        if (!innerSummary) continue;
        for (let j = 0; j < summaries.length; j++) {
            const outerSummary = summaries[j];
            if (i === j || !outerSummary) continue;
            if (!statementCovers(outerSummary, innerSummary)) continue;
            // Two equal statements cover each other: report only the later one.
            if (j > i && statementCovers(innerSummary, outerSummary)) continue;
            out.push({
                rule: id,
                statement: innerSummary.statement.label,
                message: `statement is already covered by statement ${statementName(outerSummary.statement.label)}`,
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
