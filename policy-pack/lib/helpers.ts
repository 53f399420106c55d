/**
 * Small predicates several rules share.
 */
import { listMatcher } from "./patterns";
import type { Statement } from "./document";
import type { ActionInfo } from "./reference";

/**
 * Condition keys that pin a `Resource: "*"` statement to particular resources (attribute-based access control):
 * with them, "*" is not unscoped.
 */
const RESOURCE_SCOPING_KEYS = [
    "aws:ResourceTag/*",
    "*:ResourceTag/*",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
];

export function hasResourceScopingCondition(s: Statement): boolean {
    if (s.conditions.length === 0) return false;
    const scoping = listMatcher(RESOURCE_SCOPING_KEYS);
    return s.conditions.some((c) => !/Not|IfExists|^Null$/.test(c.operator) && scoping(c.key));
}

export function hasConditionKey(s: Statement, key: string): boolean {
    const lower = key.toLowerCase();
    return s.conditions.some((c) => c.key.toLowerCase() === lower);
}

export function hasAccessLevel(a: ActionInfo, levels: readonly string[]): boolean {
    return a.accessLevels.some((l) => levels.includes(l));
}

/** `arn:aws:iam::123456789012:root` or a bare account ID: every principal of that account IAM lets in. */
export function isAccountPrincipal(p: string): boolean {
    return /^\d{12}$/.test(p) || /^arn:[^:]+:iam::[^:]*:root$/.test(p);
}

/** Actions named in a statement that match one of `patterns` (IAM-style globs over `service:Name`). */
const actionMatchers = new WeakMap<(value: string) => boolean, WeakMap<ActionInfo, boolean>>();

export function actionsMatching(actions: readonly ActionInfo[], patterns: readonly string[]): ActionInfo[] {
    if (patterns.length === 0 || actions.length === 0) return [];
    const matches = listMatcher(patterns);
    // Actions are shared reference objects, so remember the answer per action rather than per spelling.
    let known = actionMatchers.get(matches);
    if (!known) {
        known = new WeakMap();
        actionMatchers.set(matches, known);
    }
    const out: ActionInfo[] = [];
    for (const a of actions) {
        let r = known.get(a);
        if (r === undefined) {
            r = matches(a.id);
            known.set(a, r);
        }
        if (r) out.push(a);
    }
    return out;
}

export function formatNumber(n: number): string {
    return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
