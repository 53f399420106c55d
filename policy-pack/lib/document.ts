/**
 * Parsing and normalising policy documents. Every function here accepts any value: a document may be a JSON
 * string, an object, or garbage, and the rules must be able to report on all three without throwing.
 */
import { ActionInfo, resourceTypesOfService } from "./reference";
import { ActionMatch, expandAction } from "./catalog";

export type DocumentKind = "identity" | "trust" | "resource";

export interface Principals {
    /** `"Principal": "*"` or `{"AWS": "*"}`. */
    readonly everyone: boolean;
    readonly aws: readonly string[];
    readonly service: readonly string[];
    readonly federated: readonly string[];
    readonly canonicalUser: readonly string[];
    /** Keys other than AWS/Service/Federated/CanonicalUser, and values that are not strings. */
    readonly malformed: readonly string[];
}

export interface ConditionEntry {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly unknown[];
}

export interface Statement {
    readonly index: number;
    /** The Sid when the statement has a non-empty string Sid, else its index: how findings name a statement. */
    readonly label: number | string;
    readonly raw: unknown;
    readonly isObject: boolean;
    readonly effect: unknown;
    readonly isAllow: boolean;
    /** String entries of Action / NotAction; undefined when the element is absent. */
    readonly actions: readonly string[] | undefined;
    readonly notActions: readonly string[] | undefined;
    readonly resources: readonly string[] | undefined;
    readonly notResources: readonly string[] | undefined;
    readonly principal: Principals | undefined;
    readonly notPrincipal: Principals | undefined;
    readonly conditions: readonly ConditionEntry[];
    readonly hasCondition: boolean;
    /** Memo of statementActions(); a field rather than a WeakMap because every rule asks for it. */
    expanded?: StatementActions;
}

export interface PolicyDocument {
    /** The text as given, when the document arrived as a string. */
    readonly text: string | undefined;
    /** The parsed value (undefined when parsing failed). */
    readonly value: unknown;
    readonly parseError: string | undefined;
    readonly statements: readonly Statement[];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function strings(v: unknown): readonly string[] | undefined {
    if (v === undefined) return undefined;
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
    return [];
}

function principals(v: unknown): Principals | undefined {
    if (v === undefined) return undefined;
    const out = {
        everyone: false,
        aws: [] as string[],
        service: [] as string[],
        federated: [] as string[],
        canonicalUser: [] as string[],
        malformed: [] as string[],
    };
    if (v === "*") {
        out.everyone = true;
        return out;
    }
    if (!isRecord(v)) {
        out.malformed.push(typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)));
        return out;
    }
    for (const [k, raw] of Object.entries(v)) {
        const values = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : [raw];
        for (const value of values) {
            if (typeof value !== "string") {
                out.malformed.push(`${k}: ${JSON.stringify(value) ?? String(value)}`);
                continue;
            }
            if (k === "AWS") {
                out.aws.push(value);
                if (value === "*") out.everyone = true;
            } else if (k === "Service") out.service.push(value);
            else if (k === "Federated") out.federated.push(value);
            else if (k === "CanonicalUser") out.canonicalUser.push(value);
            else out.malformed.push(`${k}: ${value}`);
        }
    }
    return out;
}

function conditions(v: unknown): ConditionEntry[] {
    if (!isRecord(v)) return [];
    const out: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(v)) {
        if (!isRecord(block)) continue;
        for (const [key, raw] of Object.entries(block)) {
            out.push({ operator, key, values: Array.isArray(raw) ? raw : [raw] });
        }
    }
    return out;
}

function statement(raw: unknown, index: number): Statement {
    const obj = isRecord(raw) ? raw : undefined;
    const sid = obj?.Sid;
    const condition = obj?.Condition;
    return {
        index,
        label: typeof sid === "string" && sid !== "" ? sid : index,
        raw,
        isObject: obj !== undefined,
        effect: obj?.Effect,
        isAllow: obj?.Effect === "Allow",
        actions: strings(obj?.Action),
        notActions: strings(obj?.NotAction),
        resources: strings(obj?.Resource),
        notResources: strings(obj?.NotResource),
        principal: principals(obj?.Principal),
        notPrincipal: principals(obj?.NotPrincipal),
        conditions: conditions(condition),
        hasCondition: isRecord(condition) && Object.keys(condition).length > 0,
        // Present from the start so that memoising does not change the statement's hidden class.
        expanded: undefined,
    };
}

/** Parses a document that arrived as a JSON string or as a value. Never throws. */
export function parseDocument(input: unknown): PolicyDocument {
    let value: unknown = input;
    let text: string | undefined;
    if (typeof input === "string") {
        text = input;
        try {
            value = JSON.parse(input);
        } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            return { text, value: undefined, parseError: `not valid JSON: ${message}`, statements: [] };
        }
    }
    if (!isRecord(value)) {
        return {
            text,
            value,
            parseError: `not a JSON object (got ${describeType(value)})`,
            statements: [],
        };
    }
    const raw = value.Statement;
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return { text, value, parseError: undefined, statements: list.map((s, i) => statement(s, i)) };
}

export function describeType(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The actions a statement's Action element names, expanded against the reference. */
export interface StatementActions {
    readonly matches: readonly ActionMatch[];
    /** Some entry is `*` or has a wildcard service: every action. */
    readonly all: boolean;
    /** Distinct actions named, in first-seen order (computed on first use: `ec2:Describe*` alone is 200). */
    readonly actions: readonly ActionInfo[];
}

function union(lists: readonly (readonly ActionInfo[])[]): readonly ActionInfo[] {
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
    const seen = new Set<ActionInfo>();
    const out: ActionInfo[] = [];
    for (const list of nonEmpty) {
        for (const a of list) {
            if (!seen.has(a)) {
                seen.add(a);
                out.push(a);
            }
        }
    }
    return out;
}

/**
 * A class rather than an object literal with a getter: literals with accessors are created in dictionary mode,
 * which makes every rule's read of `matches` and `all` a slow lookup.
 */
class ExpandedActions implements StatementActions {
    readonly matches: readonly ActionMatch[];
    readonly all: boolean;
    private union: readonly ActionInfo[] | undefined = undefined;

    constructor(matches: readonly ActionMatch[]) {
        this.matches = matches;
        let all = false;
        for (const m of matches) {
            if (m.all) {
                all = true;
                break;
            }
        }
        this.all = all;
    }

    get actions(): readonly ActionInfo[] {
        if (this.union === undefined) {
            const lists: (readonly ActionInfo[])[] = [];
            for (const m of this.matches) lists.push(m.actions);
            this.union = union(lists);
        }
        return this.union;
    }
}

const NO_ACTIONS: readonly string[] = [];

export function statementActions(s: Statement): StatementActions {
    if (s.expanded) return s.expanded;
    const patterns = s.actions ?? NO_ACTIONS;
    const matches: ActionMatch[] = new Array<ActionMatch>(patterns.length);
    for (let i = 0; i < patterns.length; i++) matches[i] = expandAction(patterns[i]);
    const result = new ExpandedActions(matches);
    s.expanded = result;
    return result;
}

/**
 * The statement's actions that `select` keeps, computed per action pattern and cached across documents under
 * `key` (which must identify `select`, config included). Rules ask "which of these are writes / escalations /
 * sensitive" about the same few hundred patterns over and over; answering per pattern keeps a check close to
 * the cost of parsing. Pass the same key string each time (not one rebuilt per document): its hash is then
 * computed once.
 */
export function selectActions(
    s: Statement,
    key: string,
    select: (actions: readonly ActionInfo[]) => readonly ActionInfo[],
): readonly ActionInfo[] {
    // Usually at most one pattern selects anything: return its list as is and allocate only for a real union.
    let first: readonly ActionInfo[] | undefined;
    let lists: (readonly ActionInfo[])[] | undefined;
    for (const m of statementActions(s).matches) {
        const cache = m.selections;
        let selected = cache.get(key);
        if (selected === undefined) {
            selected = select(m.actions);
            if (cache.size > 100) cache.clear();
            cache.set(key, selected);
            if (selected.length > 0) cachedSelections.add(selected);
        }
        if (selected.length === 0) continue;
        if (first === undefined) first = selected;
        else if (lists === undefined) lists = [first, selected];
        else lists.push(selected);
    }
    if (lists !== undefined) return union(lists);
    return first ?? NO_SELECTION;
}

const NO_SELECTION: readonly ActionInfo[] = [];

/** Lists selectActions keeps in its caches: they recur across documents, so listActions memoises their text. */
const cachedSelections = new WeakSet<readonly ActionInfo[]>();

/**
 * `*`, or an ARN whose resource part is only `*` and whose region and account are `*` or empty (`arn:aws:s3:::*`,
 * `arn:aws:logs:*:*:*`): every resource the action can touch. `arn:aws:logs:us-east-1:123456789012:*` is not:
 * it is pinned to one account and region (the Lambda basic-execution shape), though isBroadResource still
 * counts it as every resource of that account.
 */
export function isStarResource(r: string): boolean {
    // Both forms end in "*"; checking that first keeps concrete ARNs, the common case, away from the regex.
    if (r.charCodeAt(r.length - 1) !== STAR_CODE) return false;
    return r === "*" || /^arn:[^:]*:[^:]*:\*?:\*?:\*$/.test(r);
}

const STAR_CODE = 42;

const resourcePrefixCache = new Map<string, ReadonlySet<string> | undefined>();

/**
 * The literal text the resource part of each of a service's ARN formats starts with, before its first variable:
 * "key/" for KMS keys, "parameter/" for SSM, "" for S3 buckets and objects (the bucket name comes first).
 * Undefined when the reference has no formats for the ARN's service segment.
 */
function resourcePrefixes(service: string): ReadonlySet<string> | undefined {
    if (resourcePrefixCache.has(service)) return resourcePrefixCache.get(service);
    const prefixes = new Set<string>();
    for (const t of resourceTypesOfService(service)) {
        const text = t.format?.text;
        if (text === undefined) continue;
        const resourcePart = text.split(":").slice(5).join(":");
        const variable = resourcePart.indexOf("${");
        prefixes.add(variable < 0 ? resourcePart : resourcePart.slice(0, variable));
    }
    const result = prefixes.size > 0 ? prefixes : undefined;
    resourcePrefixCache.set(service, result);
    return result;
}

/**
 * An ARN that names every resource of its type: `*`, `arn:aws:iam::123456789012:role/*`,
 * `arn:aws:lambda:*:*:function:*`, `arn:aws:s3:::*`. A scoped ARN names a specific resource, a path, or a name
 * prefix; `arn:aws:s3:::my-bucket/*` is scoped, because the bucket is the first part of an S3 resource.
 */
export function isBroadResource(r: string): boolean {
    // Every broad form ends in "*" (see isStarResource and the patterns below).
    if (r.charCodeAt(r.length - 1) !== STAR_CODE) return false;
    if (isStarResource(r)) return true;
    const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(r);
    if (!m) return false;
    const resource = m[2];
    if (resource.charCodeAt(0) === STAR_CODE) return true;
    if (!/^[A-Za-z0-9_-]*[/:]?\*$/.test(resource)) return false;
    // "word/*" is broad only where "word/" is the fixed type prefix of a format, not a resource's own name.
    const prefixes = resourcePrefixes(m[1].toLowerCase());
    return prefixes === undefined || prefixes.has(resource.slice(0, -1));
}

/** Lists up to `max` items and says how many more there are. */
export function listSome(items: readonly string[], max = 8): string {
    if (items.length <= max) return items.join(", ");
    return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

const actionId = (a: ActionInfo): string => a.id;

/**
 * Listings already built, by format function and list, for lists that selectActions cached: the same list
 * object, and so the same message text, comes back for every document that names the pattern. Other lists are
 * built per statement and not worth remembering.
 */
const listings = new WeakMap<(a: ActionInfo) => string, WeakMap<readonly ActionInfo[], string>>();

/**
 * listSome over the ids of actions, formatting only the ones shown (a wildcard can name hundreds). Pass a
 * long-lived `format` function (not a fresh closure) to benefit from the memo.
 */
export function listActions(
    actions: readonly ActionInfo[],
    format: (a: ActionInfo) => string = actionId,
    max = 8,
): string {
    let memo: WeakMap<readonly ActionInfo[], string> | undefined;
    if (max === 8 && cachedSelections.has(actions)) {
        memo = listings.get(format);
        if (memo === undefined) {
            memo = new WeakMap();
            listings.set(format, memo);
        }
        const hit = memo.get(actions);
        if (hit !== undefined) return hit;
    }
    const shown = actions.slice(0, max).map(format).join(", ");
    const text = actions.length <= max ? shown : `${shown} and ${actions.length - max} more`;
    memo?.set(actions, text);
    return text;
}
