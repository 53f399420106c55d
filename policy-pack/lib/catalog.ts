/**
 * Questions answered from the IAM reference, cached: which actions an action pattern means, and which resource
 * types an ARN pattern can name. Our own wildcard matcher does the expansion (iam-expand is AGPL and stays out of
 * the pack).
 */
import { compilePattern, hasWildcard, intersects, PatternToken } from "./patterns";
import {
    ActionInfo,
    actionsOfService,
    ArnFormat,
    findAction,
    ResourceTypeInfo,
    serviceExists,
} from "./reference";

export interface ActionMatch {
    readonly pattern: string;
    /** The pattern lower-cased, for case-insensitive comparisons (kept here so no rule lower-cases per document). */
    readonly lowerPattern: string;
    /** `*`, or a wildcard in the service prefix: every action of every service. */
    readonly all: boolean;
    /** Not of the form `service:action` with IAM's character set. */
    readonly malformed: boolean;
    readonly service: string | undefined;
    readonly unknownService: boolean;
    readonly hasWildcard: boolean;
    readonly actions: readonly ActionInfo[];
    /**
     * Memo of document.ts selectActions() for this pattern, by selection key. A field rather than a WeakMap:
     * rules ask it several times per statement, and the pattern object is shared by every document naming it.
     */
    readonly selections: Map<string, readonly ActionInfo[]>;
}

const ACTION_RE = /^([A-Za-z0-9*?_.-]+):([A-Za-z0-9*?_.-]+)$/;
const actionCache = new Map<string, ActionMatch>();

export function expandAction(pattern: string): ActionMatch {
    const hit = actionCache.get(pattern);
    if (hit) return hit;
    const result = computeAction(pattern);
    if (actionCache.size > 50_000) actionCache.clear();
    actionCache.set(pattern, result);
    return result;
}

/**
 * Every ActionMatch is built here with the same property order. Spreading a shared base object gave each match
 * its own hidden class, which made every rule's property reads on matches megamorphic (several times slower).
 */
function actionMatch(
    pattern: string,
    fields: {
        all?: boolean;
        malformed?: boolean;
        service?: string;
        unknownService?: boolean;
        hasWildcard: boolean;
        actions: readonly ActionInfo[];
    },
): ActionMatch {
    return {
        pattern,
        lowerPattern: pattern.toLowerCase(),
        all: fields.all ?? false,
        malformed: fields.malformed ?? false,
        service: fields.service,
        unknownService: fields.unknownService ?? false,
        hasWildcard: fields.hasWildcard,
        actions: fields.actions,
        selections: new Map(),
    };
}

function computeAction(pattern: string): ActionMatch {
    if (pattern === "*") return actionMatch(pattern, { all: true, hasWildcard: true, actions: [] });
    const m = ACTION_RE.exec(pattern);
    if (!m) return actionMatch(pattern, { malformed: true, hasWildcard: false, actions: [] });
    const service = m[1].toLowerCase();
    const name = m[2];
    const wild = /[*?]/.test(name);
    if (/[*?]/.test(service))
        return actionMatch(pattern, { all: true, service, hasWildcard: true, actions: [] });
    if (!serviceExists(service)) {
        return actionMatch(pattern, { service, unknownService: true, hasWildcard: wild, actions: [] });
    }
    if (!wild) {
        const a = findAction(service, name);
        return actionMatch(pattern, { service, hasWildcard: false, actions: a ? [a] : [] });
    }
    const tokens = compilePattern(name, "glob");
    const actions = actionsOfService(service).filter((a) =>
        intersects(tokens, compilePattern(a.name, "literal")),
    );
    return actionMatch(pattern, { service, hasWildcard: true, actions });
}

export interface ParsedArn {
    readonly text: string;
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

/** Parsed ARNs by text; null records "not an ARN", so one lookup answers both cases. */
const arnCache = new Map<string, ParsedArn | null>();

/** Splits an ARN into its six parts; undefined when it has fewer than six or does not start with `arn:`. */
export function parseArn(text: string): ParsedArn | undefined {
    const hit = arnCache.get(text);
    if (hit !== undefined) return hit ?? undefined;
    let result: ParsedArn | undefined;
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i < 5; i++) {
        const at = text.indexOf(":", start);
        if (at < 0) break;
        parts.push(text.slice(start, at));
        start = at + 1;
    }
    if (parts.length === 5 && parts[0] === "arn") {
        result = {
            text,
            partition: parts[1],
            service: parts[2],
            region: parts[3],
            account: parts[4],
            resource: text.slice(start),
        };
    }
    if (arnCache.size > 50_000) arnCache.clear();
    arnCache.set(text, result ?? null);
    return result;
}

/**
 * How an ARN pattern relates to a resource type's format:
 * - "match": some concrete ARN fits both;
 * - "empty-account"/"empty-region": it would match, but the segment the format needs is empty;
 * - "no": no overlap.
 */
export type ArnTypeMatch = "match" | "empty-account" | "empty-region" | "no";

const typeMatchCache = new WeakMap<ResourceTypeInfo, Map<string, ArnTypeMatch>>();

function segment(text: string): PatternToken[] {
    return compilePattern(text, "glob");
}

interface FormatRegexes {
    readonly service: RegExp;
    readonly region: RegExp;
    readonly account: RegExp;
    readonly resource: RegExp;
}

const formatRegexes = new WeakMap<ArnFormat, FormatRegexes>();

function toRegex(formatSegment: string): RegExp {
    const body = formatSegment
        .split(/(\$\{[^}]+\}|\*)/)
        .map((part) =>
            part === "*" ? ".*" : part.startsWith("${") ? ".+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
        )
        .join("");
    return new RegExp(`^${body}$`, "i");
}

function regexesOf(format: ArnFormat): FormatRegexes {
    let r = formatRegexes.get(format);
    if (!r) {
        const parts = format.text.split(":");
        r = {
            service: toRegex(parts[2] ?? ""),
            region: toRegex(parts[3] ?? ""),
            account: toRegex(parts[4] ?? ""),
            resource: toRegex(parts.slice(5).join(":")),
        };
        formatRegexes.set(format, r);
    }
    return r;
}

/**
 * A concrete ARN (no wildcard, no policy variable) is matched with the format's regular expressions, which is
 * what most ARNs in real policies are; patterns go through the two-automaton intersection and are cached.
 */
function matchConcrete(arn: ParsedArn, format: ArnFormat): ArnTypeMatch {
    const r = regexesOf(format);
    if (!r.service.test(arn.service) || !r.resource.test(arn.resource)) return "no";
    if (format.needsAccount && arn.account === "") return "empty-account";
    if (format.needsRegion && arn.region === "") return "empty-region";
    return r.account.test(arn.account) && r.region.test(arn.region) ? "match" : "no";
}

export function matchArnToType(arn: ParsedArn, type: ResourceTypeInfo): ArnTypeMatch {
    const format = type.format;
    if (!format) return "no";
    let cache = typeMatchCache.get(type);
    if (!cache) {
        cache = new Map();
        typeMatchCache.set(type, cache);
    }
    // Concrete ARNs are cached too: the same ARNs recur across a stack's documents, and a hit is cheaper than
    // even the regular expressions.
    const hit = cache.get(arn.text);
    if (hit) return hit;
    const result = hasWildcard(arn.text) ? matchPattern(arn, format) : matchConcrete(arn, format);
    if (cache.size > 10_000) cache.clear();
    cache.set(arn.text, result);
    return result;
}

function matchPattern(arn: ParsedArn, format: ArnFormat): ArnTypeMatch {
    let result: ArnTypeMatch = "no";
    if (
        intersects(segment(arn.service), format.service) &&
        intersects(segment(arn.resource), format.resource)
    ) {
        if (format.needsAccount && arn.account === "") result = "empty-account";
        else if (format.needsRegion && arn.region === "") result = "empty-region";
        else if (
            intersects(segment(arn.account), format.account) &&
            intersects(segment(arn.region), format.region)
        ) {
            result = "match";
        }
    }
    return result;
}

const PARTITIONS = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

export function isKnownPartition(partition: string): boolean {
    if (PARTITIONS.includes(partition)) return true;
    const tokens = segment(partition);
    return PARTITIONS.some((p) => intersects(tokens, compilePattern(p, "literal")));
}
