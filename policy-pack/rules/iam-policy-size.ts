/**
 * iam-policy-size: documents fit AWS's size quotas for where they are attached, so the deploy does not fail
 * half-way. IAM does not count whitespace; other services count the bytes of the document as sent.
 * Limits are configurable because some quotas can be raised (role trust policies, for one).
 */
import { PolicyDocument } from "../lib/document";
import { Container, DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { formatNumber } from "../lib/helpers";
import { toPolicy } from "../lib/wrap";

export const id = "iam-policy-size";

export type Limits = { [container: string]: number };

export interface Config {
    readonly limits: Limits;
}

/** IAM quotas (characters, whitespace excluded) and service quotas (bytes). */
export const DEFAULT_LIMITS: Readonly<Record<Container, number>> = {
    "managed-policy": 6144,
    "role-inline-policy": 10240,
    "user-inline-policy": 2048,
    "group-inline-policy": 5120,
    "trust-policy": 2048,
    "kms-key-policy": 32768,
    "s3-bucket-policy": 20480,
    "sns-topic-policy": 30720,
    "sqs-queue-policy": 8192,
    "efs-file-system-policy": 20000,
    "secretsmanager-secret-policy": 20480,
    "ecr-repository-policy": 10240,
    "backup-vault-policy": 20480,
    "resource-policy": 20480,
};

const IAM_CONTAINERS = new Set<Container>([
    "managed-policy",
    "role-inline-policy",
    "user-inline-policy",
    "group-inline-policy",
    "trust-policy",
]);

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    if (doc.parseError !== undefined) return [];
    const limit = ctx.config.limits[ctx.container] ?? DEFAULT_LIMITS[ctx.container];
    if (limit === undefined) return [];
    const text = doc.text ?? JSON.stringify(doc.value) ?? "";
    const iam = IAM_CONTAINERS.has(ctx.container);
    // Cheap bound first: most documents are far below every quota.
    if (text.length <= limit && (iam || text.length * 3 <= limit)) return [];
    const size = iam ? text.replace(/\s+/g, "").length : Buffer.byteLength(text, "utf8");
    if (size <= limit) return [];
    const unit = iam ? "characters (whitespace excluded)" : "bytes";
    return [
        {
            rule: id,
            statement: "document",
            message: `document is ${formatNumber(size)} ${unit}; the quota for a ${ctx.container} is ${formatNumber(limit)}`,
        },
    ];
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        "Policy documents fit AWS's size quota for their kind (managed 6,144, inline role 10,240, trust 2,048, key policy 32 KB, ...).",
    enforcementLevel: "mandatory",
    kinds: ["identity", "trust", "resource"],
    configSchema: {
        limits: {
            type: "object",
            additionalProperties: { type: "integer", minimum: 1 },
            description:
                'Size limit per container kind, e.g. { "trust-policy": 4096 } after a quota increase.',
        },
    },
    defaults: { limits: { ...DEFAULT_LIMITS } },
    check,
};

export const policy = toPolicy(rule);
