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

/**
 * Condition keys that limit WHO the caller is (or on whose behalf a service calls), so that a `*` or
 * whole-account principal is no longer "anyone": the keys IAM Access Analyzer treats as limiting for public
 * access. aws:SourceIp/aws:SourceVpc/aws:SourceVpce count because a caller must come from that network.
 * aws:PrincipalServiceName does not: it names a service, which any account can make act for it (confused
 * deputy). kms:ViaService does not either: any account's principal can call through that service.
 */
export const PRINCIPAL_SCOPING_KEYS: readonly string[] = [
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "kms:CallerAccount",
];

/** Trust policies: the external ID also pins the (third-party) caller. */
export const TRUST_SCOPING_KEYS: readonly string[] = [...PRINCIPAL_SCOPING_KEYS, "sts:ExternalId"];

/**
 * Operators that require the key to be present and equal/like one of the values. Negated operators
 * (StringNotEquals...) and IfExists variants match requests that lack the key, Null only tests presence, and
 * ForAllValues is true when the key is absent, so none of them limits anything.
 */
const POSITIVE_OPERATORS = new Set(
    ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress"].map((o) =>
        o.toLowerCase(),
    ),
);

function isPositiveOperator(operator: string): boolean {
    const lower = operator.toLowerCase();
    return POSITIVE_OPERATORS.has(
        lower.startsWith("foranyvalue:") ? lower.slice("foranyvalue:".length) : lower,
    );
}

/**
 * A value that lets every caller through: only wildcards (`*`, GitHub `:sub` = "*"), every address, or an ARN
 * glob with nothing concrete after the service (`arn:aws:*:*:*:*`).
 */
function isUnlimitedValue(v: unknown): boolean {
    if (typeof v !== "string") return typeof v !== "number";
    if (/^[*?]*$/.test(v) || v === "0.0.0.0/0" || v === "::/0") return true;
    return /^arn:[^:]*:[^:]*(:[*?]*){3}$/.test(v);
}

/**
 * Does the statement have a condition that limits the principal: one of `keys` (exact, case-insensitive),
 * with a positive operator, and only values that name something concrete?
 */
export function hasScopingCondition(s: Statement, keys: readonly string[]): boolean {
    if (s.conditions.length === 0) return false;
    for (const c of s.conditions) {
        if (!isPositiveOperator(c.operator) || c.values.length === 0) continue;
        const lower = c.key.toLowerCase();
        if (!keys.some((k) => k.toLowerCase() === lower)) continue;
        if (!c.values.some(isUnlimitedValue)) return true;
    }
    return false;
}

/** The condition keys of a statement, for messages: "aws:SecureTransport, kms:ViaService". */
export function conditionKeysOf(s: Statement): string {
    return [...new Set(s.conditions.map((c) => `${c.operator} ${c.key}`))].join(", ");
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
