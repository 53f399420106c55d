/**
 * The pack's public entry points outside the Pulumi engine: the offline plan calls checkResource on every
 * registered resource and checkStack once per stack; the linter calls checkDocument. They run the same rule
 * functions as the CrossGuard wrappers (lib/run.ts). Everything is synchronous.
 */
import type { DocumentKind } from "./document";
import { Container, enforcementOf, Exemption, exemptionsOf, PackConfig, Verdict } from "./findings";
import { staleExemptions } from "./exemptions";
import { parseDocument } from "./document";
import { findingsFor, prepare, runRule } from "./run";
import { extractAttachments, extractDocuments, ResourceInput } from "./resources";
import { rules } from "../rules";
import { EXEMPTIONS_POLICY_ID } from "./wrap";

export type { PackConfig, Verdict, EnforcementLevel, Finding, Container } from "./findings";
export type { ResourceInput } from "./resources";
export type { DocumentKind } from "./document";
export { loadReference } from "./reference";
export { rules } from "../rules";
export { validatePackConfig } from "./config";

const ALL_KINDS: readonly DocumentKind[] = ["identity", "trust", "resource"];

/** Runs every rule on one resource. Resources that hold no IAM policy yield no verdicts. */
export function checkResource(resource: ResourceInput, packConfig: PackConfig = {}): Verdict[] {
    const prepared = {
        docs: prepare(extractDocuments(resource, ALL_KINDS)),
        attachments: extractAttachments(resource),
    };
    // Runs even for resources without policies, so an exemption without a reason is reported wherever it points.
    return rules.flatMap((r) => runRule(r, resource, packConfig[r.id], prepared));
}

/** Stack-level checks: exemptions that match no resource of the stack, or have no reason. */
export function checkStack(
    resources: readonly { name: string; urn?: string; type?: string }[],
    packConfig: PackConfig = {},
): Verdict[] {
    const section = packConfig[EXEMPTIONS_POLICY_ID];
    const level = section?.enforcementLevel;
    if (level === "disabled") return [];
    const byRule = new Map<string, Exemption[]>();
    for (const r of rules) {
        const ex = exemptionsOf(packConfig[r.id]);
        if (ex.length > 0 && enforcementOf(r, packConfig[r.id]) !== "disabled") byRule.set(r.id, ex);
    }
    const enforcementLevel = level === "mandatory" ? "mandatory" : "advisory";
    return staleExemptions(resources, byRule).map((v) => ({ ...v, enforcementLevel }));
}

export interface DocumentOptions {
    /** For resource policies: the owning service (kms, s3, ...). Inferred from the actions when omitted. */
    readonly service?: string;
    /** Which quota applies; defaults to managed-policy, trust-policy, or the resource service's policy. */
    readonly container?: Container;
}

const SERVICE_CONTAINERS: Readonly<Record<string, Container>> = {
    kms: "kms-key-policy",
    backup: "backup-vault-policy",
    elasticfilesystem: "efs-file-system-policy",
    s3: "s3-bucket-policy",
    sns: "sns-topic-policy",
    sqs: "sqs-queue-policy",
    secretsmanager: "secretsmanager-secret-policy",
    ecr: "ecr-repository-policy",
};

/** The single service prefix all of a document's actions share, if any. */
export function inferService(doc: unknown): string | undefined {
    const parsed = parseDocument(doc);
    const prefixes = new Set<string>();
    for (const s of parsed.statements) {
        for (const a of [...(s.actions ?? []), ...(s.notActions ?? [])]) {
            const colon = a.indexOf(":");
            if (colon > 0) prefixes.add(a.slice(0, colon).toLowerCase());
        }
    }
    return prefixes.size === 1 ? [...prefixes][0] : undefined;
}

/** Runs every document rule on a standalone policy document (JSON string or value). */
export function checkDocument(
    doc: unknown,
    kind: DocumentKind,
    packConfig: PackConfig = {},
    options: DocumentOptions = {},
): Verdict[] {
    const service =
        kind === "resource" ? (options.service ?? inferService(doc)) : kind === "trust" ? "sts" : undefined;
    const container: Container =
        options.container ??
        (kind === "identity"
            ? "managed-policy"
            : kind === "trust"
              ? "trust-policy"
              : (SERVICE_CONTAINERS[service ?? ""] ?? "resource-policy"));
    const docs = [{ path: "", kind, container, service, doc: parseDocument(doc) }];
    const out: Verdict[] = [];
    for (const rule of rules) {
        if (rule.target !== "document") continue;
        const settings = packConfig[rule.id];
        const level = enforcementOf(rule, settings);
        if (level === "disabled") continue;
        for (const { finding } of findingsFor(rule, docs, [], settings)) {
            out.push({
                rule: finding.rule,
                enforcementLevel: level,
                resource: "document",
                statement: finding.statement,
                message: finding.message,
            });
        }
    }
    return out;
}
