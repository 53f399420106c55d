/**
 * iam-known-actions: every action and service prefix exists in the Service Authorization Reference, and every
 * wildcard matches at least one action. IAM accepts unknown actions silently, so a typo is a permission that
 * quietly never works (or, in a Deny, a guard that never fires).
 */
import { expandAction } from "../lib/catalog";
import { PolicyDocument, statementActions } from "../lib/document";
import { DocumentRule, Finding } from "../lib/findings";
import { actionsOfService, serviceName } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-known-actions";

function distance(a: string, b: string, max: number): number {
    // Levenshtein with an early exit: only near misses make useful suggestions.
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        let best = i;
        for (let j = 1; j <= b.length; j++) {
            const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            cur.push(v);
            if (v < best) best = v;
        }
        if (best > max) return max + 1;
        prev = cur;
    }
    return prev[b.length];
}

function suggestion(service: string, name: string): string {
    const lower = name.toLowerCase();
    let best: string | undefined;
    let bestDistance = 4;
    for (const a of actionsOfService(service)) {
        const d = distance(lower, a.name.toLowerCase(), 3);
        if (d < bestDistance) {
            bestDistance = d;
            best = a.id;
        }
    }
    return best ? ` (did you mean ${best}?)` : "";
}

export function check(doc: PolicyDocument): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        const matches = statementActions(s).matches;
        const notMatches = s.notActions ? s.notActions.map((a) => expandAction(a)) : [];
        for (const m of matches.length > 0 && notMatches.length > 0
            ? [...matches, ...notMatches]
            : matches.length > 0
              ? matches
              : notMatches) {
            const pattern = m.pattern;
            let message: string | undefined;
            if (pattern === "*" || (m.actions.length > 0 && !m.all)) continue;
            if (m.malformed) {
                message = `"${pattern}" is not an action name (expected service:Action)`;
            } else if (m.all) {
                message = `"${pattern}" has a wildcard in its service prefix; name the service`;
            } else if (m.unknownService) {
                message = `"${pattern}": unknown service prefix "${m.service}"`;
            } else if (m.actions.length === 0) {
                const service = m.service ?? "";
                const name = pattern.slice(pattern.indexOf(":") + 1);
                message = m.hasWildcard
                    ? `"${pattern}" matches no action of ${serviceName(service)}`
                    : `${pattern} is not an action of ${serviceName(service)}${suggestion(service, name)}`;
            }
            if (message) out.push({ rule: id, statement: s.label, message });
        }
    }
    return out;
}

export const rule: DocumentRule = {
    id,
    target: "document",
    description:
        "Actions and service prefixes exist in the AWS Service Authorization Reference; wildcards match an action.",
    enforcementLevel: "mandatory",
    kinds: ["identity", "trust", "resource"],
    configSchema: {},
    defaults: {},
    check,
};

export const policy = toPolicy(rule);
