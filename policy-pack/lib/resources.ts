/**
 * Where IAM policies live in an @pulumi/aws v7 stack, by resource type token.
 *
 * Props may be the engine's unknown-checking proxy: reading an unknown value throws its UnknownValueError, which
 * must reach @pulumi/policy (it turns the check into an advisory "can't run during preview"). So nothing here
 * catches, and only the properties a rule needs are read.
 */
import type { Container } from "./findings";
import type { DocumentKind } from "./document";

export interface ResourceInput {
    readonly type: string;
    readonly name: string;
    readonly urn?: string;
    readonly props: Readonly<Record<string, unknown>>;
}

export interface ExtractedDocument {
    /** The property path, e.g. `policy` or `inlinePolicies[1].policy`. */
    readonly path: string;
    readonly kind: DocumentKind;
    readonly container: Container;
    readonly service: string | undefined;
    readonly value: unknown;
}

export interface ExtractedAttachments {
    readonly path: string;
    readonly arns: readonly string[];
}

interface ResourcePolicySpec {
    readonly container: Container;
    readonly service: string;
}

const RESOURCE_POLICIES: Readonly<Record<string, ResourcePolicySpec>> = {
    "aws:kms/key:Key": { container: "kms-key-policy", service: "kms" },
    "aws:kms/keyPolicy:KeyPolicy": { container: "kms-key-policy", service: "kms" },
    "aws:kms/replicaKey:ReplicaKey": { container: "kms-key-policy", service: "kms" },
    "aws:kms/externalKey:ExternalKey": { container: "kms-key-policy", service: "kms" },
    "aws:kms/replicaExternalKey:ReplicaExternalKey": { container: "kms-key-policy", service: "kms" },
    "aws:backup/vaultPolicy:VaultPolicy": { container: "backup-vault-policy", service: "backup" },
    "aws:efs/fileSystemPolicy:FileSystemPolicy": {
        container: "efs-file-system-policy",
        service: "elasticfilesystem",
    },
    "aws:s3/bucketPolicy:BucketPolicy": { container: "s3-bucket-policy", service: "s3" },
    "aws:sns/topicPolicy:TopicPolicy": { container: "sns-topic-policy", service: "sns" },
    "aws:sns/topic:Topic": { container: "sns-topic-policy", service: "sns" },
    "aws:sqs/queuePolicy:QueuePolicy": { container: "sqs-queue-policy", service: "sqs" },
    "aws:sqs/queue:Queue": { container: "sqs-queue-policy", service: "sqs" },
    "aws:secretsmanager/secretPolicy:SecretPolicy": {
        container: "secretsmanager-secret-policy",
        service: "secretsmanager",
    },
    "aws:ecr/repositoryPolicy:RepositoryPolicy": { container: "ecr-repository-policy", service: "ecr" },
};

/** Resources whose key policy, when absent, is AWS's default: kms:* for the account root. */
const KEYS_WITH_DEFAULT_POLICY = new Set(["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"]);

const IDENTITY_POLICIES: Readonly<Record<string, Container>> = {
    "aws:iam/policy:Policy": "managed-policy",
    "aws:iam/rolePolicy:RolePolicy": "role-inline-policy",
    "aws:iam/userPolicy:UserPolicy": "user-inline-policy",
    "aws:iam/groupPolicy:GroupPolicy": "group-inline-policy",
};

const ATTACHMENTS: Readonly<Record<string, "policyArn" | "policyArns">> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

export const ROLE_TYPE = "aws:iam/role:Role";

/** Every resource type token the pack reads policies from. */
export const POLICY_RESOURCE_TYPES: readonly string[] = [
    ROLE_TYPE,
    ...Object.keys(IDENTITY_POLICIES),
    ...Object.keys(RESOURCE_POLICIES),
    ...Object.keys(ATTACHMENTS),
];

/**
 * AWS's default key policy, which applies when a key is created without one. It is what SPEC 3.2 forbids:
 * kms:* for every principal of the account that IAM allows.
 */
export const DEFAULT_KEY_POLICY = {
    Version: "2012-10-17",
    Id: "aws-default-key-policy",
    Statement: [
        {
            Sid: "Enable IAM User Permissions",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::<this-account>:root" },
            Action: "kms:*",
            Resource: "*",
        },
    ],
};

/**
 * Deep-copies a (possibly proxied) value into plain data. Reading every property through the proxy surfaces
 * unknown values here, in the wrapper, rather than somewhere inside a rule; a depth limit keeps cyclic input safe.
 */
export function toPlain(value: unknown, depth = 0): unknown {
    if (value === null || typeof value !== "object") return value;
    if (depth > 64) return undefined;
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) out.push(toPlain(value[i], depth + 1));
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
        out[k] = toPlain((value as Record<string, unknown>)[k], depth + 1);
    }
    return out;
}

function present(v: unknown): boolean {
    return v !== undefined && v !== null && v !== "";
}

/** The policy documents of a resource, of the requested kinds. */
export function extractDocuments(
    resource: ResourceInput,
    kinds: readonly DocumentKind[],
): ExtractedDocument[] {
    const { type, props } = resource;
    const out: ExtractedDocument[] = [];
    if (type === ROLE_TYPE) {
        if (kinds.includes("trust")) {
            const trust = props.assumeRolePolicy;
            if (present(trust)) {
                out.push({
                    path: "assumeRolePolicy",
                    kind: "trust",
                    container: "trust-policy",
                    service: "sts",
                    value: toPlain(trust),
                });
            }
        }
        if (kinds.includes("identity")) {
            const inline = props.inlinePolicies;
            if (Array.isArray(inline)) {
                for (let i = 0; i < inline.length; i++) {
                    const entry: unknown = inline[i];
                    const policy =
                        entry !== null && typeof entry === "object"
                            ? (entry as Record<string, unknown>).policy
                            : undefined;
                    // An entry without a policy is how the provider expresses "no inline policies".
                    if (!present(policy)) continue;
                    out.push({
                        path: `inlinePolicies[${i}].policy`,
                        kind: "identity",
                        container: "role-inline-policy",
                        service: undefined,
                        value: toPlain(policy),
                    });
                }
            }
        }
        return out;
    }
    const identity = IDENTITY_POLICIES[type];
    if (identity !== undefined) {
        if (kinds.includes("identity") && present(props.policy)) {
            out.push({
                path: "policy",
                kind: "identity",
                container: identity,
                service: undefined,
                value: toPlain(props.policy),
            });
        }
        return out;
    }
    const spec = RESOURCE_POLICIES[type];
    if (spec !== undefined && kinds.includes("resource")) {
        const policy = props.policy;
        if (present(policy)) {
            out.push({
                path: "policy",
                kind: "resource",
                container: spec.container,
                service: spec.service,
                value: toPlain(policy),
            });
        } else if (KEYS_WITH_DEFAULT_POLICY.has(type)) {
            out.push({
                path: "policy (absent: AWS applies its default key policy)",
                kind: "resource",
                container: spec.container,
                service: spec.service,
                value: DEFAULT_KEY_POLICY,
            });
        }
    }
    return out;
}

/** The managed policy ARNs a resource attaches. */
export function extractAttachments(resource: ResourceInput): ExtractedAttachments[] {
    const { type, props } = resource;
    if (type === ROLE_TYPE) {
        const arns = props.managedPolicyArns;
        if (Array.isArray(arns)) {
            return [{ path: "managedPolicyArns", arns: (toPlain(arns) as unknown[]).map((a) => String(a)) }];
        }
        return [];
    }
    const prop = ATTACHMENTS[type];
    if (prop === "policyArn") {
        const arn = props.policyArn;
        return present(arn) ? [{ path: "policyArn", arns: [String(toPlain(arn))] }] : [];
    }
    if (prop === "policyArns") {
        const arns = props.policyArns;
        if (Array.isArray(arns)) {
            return [{ path: "policyArns", arns: (toPlain(arns) as unknown[]).map((a) => String(a)) }];
        }
    }
    return [];
}
