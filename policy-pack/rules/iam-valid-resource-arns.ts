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
import { ResourceTypeInfo, serviceExists } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-valid-resource-arns";

export interface Config {
    /** Services whose ARNs are accepted for resource types with a variable service segment. */
    readonly vendorServices: string[];
}

interface StatementTypes {
    readonly all: readonly ResourceTypeInfo[];
    readonly byService: ReadonlyMap<string, ResourceTypeInfo[]>;
    readonly variable: readonly ResourceTypeInfo[];
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

/** The resource types the statement's actions accept, indexed by the service their ARNs name. */
function typesOf(matches: readonly ActionMatch[]): StatementTypes {
    const all: ResourceTypeInfo[] = [];
    const byService = new Map<string, ResourceTypeInfo[]>();
    const variable: ResourceTypeInfo[] = [];
    const seen = new Set<ResourceTypeInfo>();
    for (const m of matches) {
        for (const t of matchTypes(m)) {
            if (seen.has(t)) continue;
            seen.add(t);
            all.push(t);
            const service = t.format?.serviceName;
            if (service === undefined) variable.push(t);
            else {
                const list = byService.get(service);
                if (list) list.push(t);
                else byService.set(service, [t]);
            }
        }
    }
    return { all, byService, variable };
}

function typeLabel(t: ResourceTypeInfo): string {
    return `${t.service} ${t.key}`;
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        const resources = [...(s.resources ?? []), ...(s.notResources ?? [])];
        const hasStar = resources.includes("*");
        const { matches, all } = statementActions(s);
        const typed = s.actions !== undefined && !all && matches.some((m) => m.actions.length > 0);
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };

        // Explicitly named wildcard-only actions in a statement without "*" are never granted.
        if (typed && !hasStar && resources.length > 0 && s.resources !== undefined) {
            const wildcardOnly = statementActions(s)
                .matches.filter((m) => !m.hasWildcard && m.actions.length === 1 && m.actions[0].wildcardOnly)
                .map((m) => m.actions[0])
                .filter((a, i, list) => list.indexOf(a) === i);
            if (wildcardOnly.length > 0) {
                const one = wildcardOnly.length === 1;
                push(
                    `${listActions(wildcardOnly)} ${one ? "takes" : "take"} only Resource "*" (no ` +
                        `resource-level permissions), so this statement never grants ${one ? "it" : "them"}`,
                );
            }
        }

        let types: StatementTypes | undefined;

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
            if (!hasWildcard(arn.service) && !serviceExists(arn.service)) {
                push(`ARN ${r} names an unknown service "${arn.service}"`);
                continue;
            }
            if (!typed) continue;
            types = types ?? typesOf(matches);
            if (types.all.length === 0) continue;
            // Types of another service cannot match a literal service segment; skip them without comparing.
            const candidates = hasWildcard(arn.service)
                ? types.all
                : [...(types.byService.get(arn.service.toLowerCase()) ?? []), ...types.variable];
            let matchedFixed = false;
            let matchedVariable: ResourceTypeInfo | undefined;
            let empty: { type: ResourceTypeInfo; segment: string } | undefined;
            for (const t of candidates) {
                const m = matchArnToType(arn, t);
                if (m === "match") {
                    if (t.format?.variableService) matchedVariable = matchedVariable ?? t;
                    else matchedFixed = true;
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
                    !hasWildcard(arn.service) &&
                    allowed.some((v) => intersects(service, compilePattern(v, "literal")));
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
            const expected = types.all.map((t) => t.format?.text ?? typeLabel(t));
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
    },
    defaults: { vendorServices: ["backup"] },
    check,
};

export const policy = toPolicy(rule);
