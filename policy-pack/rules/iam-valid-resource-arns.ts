/**
 * iam-valid-resource-arns: every ARN in Resource/NotResource is well formed, fills the account and region the
 * resource type needs, and names a resource type that one of the statement's actions accepts.
 *
 * One resource type in the reference leaves its service open: AWS Backup's recoveryPoint
 * (`arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`), because EC2, RDS, ... keep
 * their recovery points as their own snapshots. Such ARNs are accepted only for the services listed in
 * `vendorServices` (default: AWS Backup's own recovery points, which is what EFS uses). That is how the
 * runbook's EC2 and RDS snapshot ARNs on backup:DeleteRecoveryPoint are caught without a hand-written list: the
 * set of variable-service types comes from the data, and the services in use are configuration.
 */
import { ActionMatch, isKnownPartition, matchArnToType, parseArn } from "../lib/catalog";
import { listActions, listSome, PolicyDocument, statementActions } from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { compilePattern, hasWildcard, intersects } from "../lib/patterns";
import { ActionInfo, ResourceTypeInfo, serviceExists } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-valid-resource-arns";

export interface Config {
    /** Services whose ARNs are accepted for resource types with a variable service segment. */
    readonly vendorServices: string[];
    /** Resource types (service:type) whose AWS-owned instances are addressed with an empty account. */
    readonly awsOwnedTypes: string[];
}

const typesOfMatch = new WeakMap<ActionMatch, readonly ResourceTypeInfo[]>();

/** The distinct resource types an action pattern's actions accept; cached, patterns repeat across documents. */
function matchTypes(m: ActionMatch): readonly ResourceTypeInfo[] {
    let types = typesOfMatch.get(m);
    if (!types) {
        const seen = new Set<ResourceTypeInfo>();
        for (const a of m.actions) for (const r of a.resourceTypes) if (r.type) seen.add(r.type);
        types = [...seen];
        typesOfMatch.set(m, types);
    }
    return types;
}

/** The distinct resource types the statement's actions accept, in first-seen order. */
function typesOf(matches: readonly ActionMatch[]): readonly ResourceTypeInfo[] {
    if (matches.length === 1) return matchTypes(matches[0]);
    const all: ResourceTypeInfo[] = [];
    // A statement accepts a handful of types: a linear scan dedupes them without building a Set.
    let seen: Set<ResourceTypeInfo> | undefined;
    for (const m of matches) {
        for (const t of matchTypes(m)) {
            if (seen ? seen.has(t) : all.includes(t)) continue;
            all.push(t);
            if (seen) seen.add(t);
            else if (all.length > 16) seen = new Set(all);
        }
    }
    return all;
}

/**
 * The types an ARN naming `service` (lower-cased) can match: that service's types, then those with a variable
 * service segment, each in statement order.
 */
function typesNaming(all: readonly ResourceTypeInfo[], service: string): ResourceTypeInfo[] {
    const out: ResourceTypeInfo[] = [];
    for (const t of all) if (t.format?.serviceName === service) out.push(t);
    for (const t of all) if (t.format?.serviceName === undefined) out.push(t);
    return out;
}

/** Explicitly named (not wildcard) actions that take only Resource "*", each once. */
function namedWildcardOnly(matches: readonly ActionMatch[]): ActionInfo[] {
    const out: ActionInfo[] = [];
    for (const m of matches) {
        if (m.hasWildcard || m.actions.length !== 1) continue;
        const a = m.actions[0];
        if (a.wildcardOnly && !out.includes(a)) out.push(a);
    }
    return out;
}

const NONE: readonly string[] = [];

function typeLabel(t: ResourceTypeInfo): string {
    return `${t.service} ${t.key}`;
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        const resources =
            s.notResources === undefined
                ? (s.resources ?? NONE)
                : s.resources === undefined
                  ? s.notResources
                  : [...s.resources, ...s.notResources];
        const hasStar = resources.includes("*");
        const { matches, all } = statementActions(s);
        let typed = false;
        if (s.actions !== undefined && !all) {
            for (const m of matches) {
                if (m.actions.length > 0) {
                    typed = true;
                    break;
                }
            }
        }
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };

        // Explicitly named wildcard-only actions in a statement without "*" are never granted.
        if (typed && !hasStar && resources.length > 0 && s.resources !== undefined) {
            const wildcardOnly = namedWildcardOnly(matches);
            if (wildcardOnly.length > 0) {
                const one = wildcardOnly.length === 1;
                push(
                    `${listActions(wildcardOnly)} ${one ? "takes" : "take"} only Resource "*" (no ` +
                        `resource-level permissions), so this statement never grants ${one ? "it" : "them"}`,
                );
            }
        }

        let types: readonly ResourceTypeInfo[] | undefined;

        for (const r of resources) {
            if (r === "*") continue;
            if (!r.startsWith("arn:")) {
                push(`"${r}" is not an ARN (expected arn:partition:service:region:account:resource, or "*")`);
                continue;
            }
            const arn = parseArn(r);
            if (!arn) {
                push(`"${r}" is not a complete ARN (expected arn:partition:service:region:account:resource)`);
                continue;
            }
            if (!isKnownPartition(arn.partition)) {
                push(`ARN ${r} has an unknown partition "${arn.partition}"`);
                continue;
            }
            const wildService = hasWildcard(arn.service);
            if (!wildService && !serviceExists(arn.service)) {
                push(`ARN ${r} names an unknown service "${arn.service}"`);
                continue;
            }
            if (!typed) continue;
            types = types ?? typesOf(matches);
            if (types.length === 0) continue;
            // Types of another service cannot match a literal service segment; skip them without comparing.
            const candidates = wildService ? types : typesNaming(types, arn.service.toLowerCase());
            let matchedFixed = false;
            let matchedVariable: ResourceTypeInfo | undefined;
            let empty: { type: ResourceTypeInfo; segment: string } | undefined;
            for (const t of candidates) {
                const m = matchArnToType(arn, t);
                if (m === "match") {
                    if (t.format?.variableService) matchedVariable = matchedVariable ?? t;
                    else matchedFixed = true;
                } else if (
                    m === "empty-account" &&
                    ctx.config.awsOwnedTypes.includes(`${t.service}:${t.key}`)
                ) {
                    // AWS's own SSM documents (AWS-*) and public parameters (/aws/service/...) live in no account.
                    matchedFixed = true;
                } else if (m === "empty-account" || m === "empty-region") {
                    empty = empty ?? { type: t, segment: m === "empty-account" ? "account ID" : "region" };
                }
                if (matchedFixed) break;
            }
            if (matchedFixed) continue;
            if (matchedVariable) {
                const allowed = ctx.config.vendorServices;
                const service = compilePattern(arn.service, "glob");
                const ok =
                    !wildService && allowed.some((v) => intersects(service, compilePattern(v, "literal")));
                if (!ok) {
                    push(
                        `ARN ${r} names a ${typeLabel(matchedVariable)} of service "${arn.service}", which is not ` +
                            `among the services in use (setting vendorServices: ${allowed.join(", ") || "none"})`,
                    );
                }
                continue;
            }
            if (empty) {
                push(
                    `ARN ${r} has an empty ${empty.segment}, which the ${typeLabel(empty.type)} ARN format ` +
                        `needs (${empty.type.format?.text})`,
                );
                continue;
            }
            const expected = types.map((t) => t.format?.text ?? typeLabel(t));
            push(
                `ARN ${r} matches no resource type of the statement's actions (expected ${listSome(expected, 4)})`,
            );
        }
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        "Resource ARNs are well formed, have the account and region their type needs, and match a resource type of the statement's actions.",
    enforcementLevel: "mandatory",
    kinds: ["identity", "resource"],
    configSchema: {
        vendorServices: {
            type: "array",
            items: { type: "string" },
            description:
                "Services whose ARNs may appear for resource types with an open service segment (AWS Backup " +
                "recovery points). List the services you back up whose recovery points are their own snapshots " +
                '(e.g. "ec2", "rds"); "backup" covers EFS, DynamoDB and the other fully managed types.',
        },
        awsOwnedTypes: {
            type: "array",
            items: { type: "string" },
            description:
                "Resource types (service:type) whose AWS-owned instances have an empty account in their ARN, such " +
                "as arn:aws:ssm:us-east-1::document/AWS-StartSSHSession; an empty account is accepted for them.",
        },
    },
    defaults: { vendorServices: ["backup"], awsOwnedTypes: ["ssm:document", "ssm:parameter"] },
    check,
};

export const policy = toPolicy(rule);
