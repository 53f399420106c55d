/**
 * Parsing and normalising policy documents. Every function here accepts any value: a document may be a JSON
 * string, an object, or garbage, and the rules must be able to report on all three without throwing.
 */
import { ActionInfo } from "./reference";
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

export function statementActions(s: Statement): StatementActions {
    if (s.expanded) return s.expanded;
    const matches = (s.actions ?? []).map((a) => expandAction(a));
    let actions: readonly ActionInfo[] | undefined;
    const result: StatementActions = {
        matches,
        all: matches.some((m) => m.all),
        get actions(): readonly ActionInfo[] {
            actions = actions ?? union(matches.map((m) => m.actions));
            return actions;
        },
    };
    s.expanded = result;
    return result;
}

const selections = new WeakMap<ActionMatch, Map<string, readonly ActionInfo[]>>();

/**
 * The statement's actions that `select` keeps, computed per action pattern and cached across documents under
 * `key` (which must identify `select`, config included). Rules ask "which of these are writes / escalations /
 * sensitive" about the same few hundred patterns over and over; answering per pattern keeps a check close to
 * the cost of parsing.
 */
export function selectActions(
    s: Statement,
    key: string,
    select: (actions: readonly ActionInfo[]) => readonly ActionInfo[],
): readonly ActionInfo[] {
    const lists: (readonly ActionInfo[])[] = [];
    for (const m of statementActions(s).matches) {
        let cache = selections.get(m);
        if (!cache) {
            cache = new Map();
            selections.set(m, cache);
        }
        let selected = cache.get(key);
        if (!selected) {
            selected = select(m.actions);
            if (cache.size > 100) cache.clear();
            cache.set(key, selected);
        }
        lists.push(selected);
    }
    return union(lists);
}

/** `*`, or an ARN whose resource part is only `*` (`arn:aws:s3:::*`): every resource the action can touch. */
export function isStarResource(r: string): boolean {
    return r === "*" || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(r);
}

/**
 * An ARN that names every resource of its type: `*`, `arn:aws:iam::123456789012:role/*`,
 * `arn:aws:lambda:*:*:function:*`. A scoped ARN names a specific resource, a path, or a name prefix.
 */
export function isBroadResource(r: string): boolean {
    if (isStarResource(r)) return true;
    const m = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:(.*)$/.exec(r);
    if (!m) return false;
    return /^[A-Za-z0-9_-]*[/:]?\*$/.test(m[1]);
}

/** Lists up to `max` items and says how many more there are. */
export function listSome(items: readonly string[], max = 8): string {
    if (items.length <= max) return items.join(", ");
    return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** listSome over the ids of actions, formatting only the ones shown (a wildcard can name hundreds). */
export function listActions(
    actions: readonly ActionInfo[],
    format: (a: ActionInfo) => string = (a) => a.id,
    max = 8,
): string {
    const shown = actions.slice(0, max).map(format).join(", ");
    return actions.length <= max ? shown : `${shown} and ${actions.length - max} more`;
}
