/**
 * Shared types: findings, rule definitions, contexts and configuration.
 */
import type { PolicyDocument, DocumentKind } from "./document";

export type EnforcementLevel = "mandatory" | "advisory" | "disabled";

/** What a rule's pure function returns. `statement` is the Sid, the index, or "document". */
export interface Finding {
    readonly rule: string;
    readonly statement: number | string;
    readonly message: string;
}

/** A finding placed on a resource, with the enforcement level it carries. */
export interface Verdict {
    readonly rule: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly resource: string;
    readonly statement?: number | string;
    readonly message: string;
}

/** A JSON schema fragment, as `@pulumi/policy` accepts it in `configSchema.properties`. */
export type JsonSchema = { [key: string]: unknown };

/**
 * Where a document sits. Size quotas and a few semantics depend on it: a key policy's `Resource: "*"` means
 * "this key", an inline role policy shares a 10,240-character budget, and so on.
 */
export type Container =
    | "managed-policy"
    | "role-inline-policy"
    | "user-inline-policy"
    | "group-inline-policy"
    | "trust-policy"
    | "kms-key-policy"
    | "backup-vault-policy"
    | "efs-file-system-policy"
    | "s3-bucket-policy"
    | "sns-topic-policy"
    | "sqs-queue-policy"
    | "secretsmanager-secret-policy"
    | "ecr-repository-policy"
    | "resource-policy";

export interface DocumentContext<C> {
    readonly kind: DocumentKind;
    readonly container: Container;
    /** For resource policies, the service that owns the resource (kms, backup, s3, ...). */
    readonly service: string | undefined;
    readonly config: C;
}

export interface AttachmentContext<C> {
    readonly config: C;
}

interface RuleBase<C> {
    readonly id: string;
    readonly description: string;
    readonly enforcementLevel: "mandatory" | "advisory";
    /** JSON schema of the rule's own settings (Pulumi adds enforcementLevel itself). */
    readonly configSchema: { readonly [property: string]: JsonSchema };
    readonly defaults: C;
}

export interface DocumentRule<C = object> extends RuleBase<C> {
    readonly target: "document";
    readonly kinds: readonly DocumentKind[];
    // Method syntax on purpose: rules with different config types live in one array.
    check(doc: PolicyDocument, ctx: DocumentContext<C>): Finding[];
}

export interface AttachmentRule<C = object> extends RuleBase<C> {
    readonly target: "attachment";
    check(policyArns: readonly string[], ctx: AttachmentContext<C>): Finding[];
}

export type Rule = DocumentRule | AttachmentRule;

/** One exemption: skip `rule` on `resource` (a resource name, a URN, or a URN suffix after `::`). */
export interface Exemption {
    readonly resource: string;
    readonly reason?: string;
}

/**
 * Pack configuration in the shape of Pulumi's policy config file: one section per rule id, each with an optional
 * enforcementLevel, the rule's settings, and `exemptions`.
 */
export type PackConfig = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

/** Merges user settings over a rule's defaults, keeping a default where the user value has the wrong shape. */
export function resolveConfig<C extends object>(
    defaults: C,
    user: Readonly<Record<string, unknown>> | undefined,
): C {
    if (!user) return defaults;
    const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [k, def] of Object.entries(defaults as Record<string, unknown>)) {
        const v = user[k];
        if (v === undefined) continue;
        if (Array.isArray(def)) {
            if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === typeof (def[0] ?? x));
        } else if (def !== null && typeof def === "object") {
            if (v !== null && typeof v === "object" && !Array.isArray(v)) out[k] = { ...def, ...v };
        } else if (typeof v === typeof def) {
            out[k] = v;
        }
    }
    return out as C;
}

export function enforcementOf(
    rule: Rule,
    section: Readonly<Record<string, unknown>> | undefined,
): EnforcementLevel {
    const level = section?.enforcementLevel;
    if (level === "mandatory" || level === "advisory" || level === "disabled") return level;
    if (level === "remediate") return "mandatory";
    return rule.enforcementLevel;
}

export function exemptionsOf(section: Readonly<Record<string, unknown>> | undefined): Exemption[] {
    const raw = section?.exemptions;
    if (!Array.isArray(raw)) return [];
    const out: Exemption[] = [];
    for (const e of raw) {
        if (
            e !== null &&
            typeof e === "object" &&
            typeof (e as Record<string, unknown>).resource === "string"
        ) {
            const r = e as Record<string, unknown>;
            out.push({
                resource: r.resource as string,
                reason: typeof r.reason === "string" ? r.reason : undefined,
            });
        }
    }
    return out;
}

/** The JSON schema of the `exemptions` setting every rule accepts. */
export const exemptionsSchema: JsonSchema = {
    type: "array",
    description:
        "Resources this rule does not apply to. Each entry names a resource (its name, its URN, or a URN suffix " +
        "such as 'aws:iam/rolePolicy:RolePolicy::admin') and must give a reason.",
    items: {
        type: "object",
        properties: {
            resource: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1 },
        },
        required: ["resource", "reason"],
        additionalProperties: false,
    },
    default: [],
};
