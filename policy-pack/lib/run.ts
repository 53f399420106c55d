/**
 * Running one rule over one resource: the single code path behind the CrossGuard wrappers, the offline plan
 * (checkResource) and the linter (checkDocument).
 */
import { parseDocument, PolicyDocument } from "./document";
import {
    Container,
    enforcementOf,
    EnforcementLevel,
    Exemption,
    exemptionsOf,
    Finding,
    resolveConfig,
    Rule,
    Verdict,
} from "./findings";
import { extractAttachments, extractDocuments, ExtractedDocument, ResourceInput } from "./resources";
import type { DocumentKind } from "./document";

/** A document ready for rules: where it came from, and its parsed form. */
export interface PreparedDocument {
    readonly path: string;
    readonly kind: DocumentKind;
    readonly container: Container;
    readonly service: string | undefined;
    readonly doc: PolicyDocument;
}

export function prepare(extracted: readonly ExtractedDocument[]): PreparedDocument[] {
    return extracted.map((d) => ({
        path: d.path,
        kind: d.kind,
        container: d.container,
        service: d.service,
        doc: parseDocument(d.value),
    }));
}

/** Does an exemption's `resource` name this resource? Name, full URN, or a URN suffix starting after `::`. */
export function exemptionMatches(exemption: Exemption, resource: { name: string; urn?: string }): boolean {
    const target = exemption.resource;
    if (target === "") return false;
    if (target === resource.name) return true;
    const urn = resource.urn;
    if (!urn) return false;
    return urn === target || urn.endsWith(`::${target}`) || urn.endsWith(`$${target}`);
}

function statementText(statement: number | string): string {
    return typeof statement === "number" ? `statement ${statement}` : `statement "${statement}"`;
}

/** The text a verdict carries to the engine: where, which statement, what. */
export function describeVerdict(v: Verdict): string {
    return v.statement === undefined ? v.message : `${statementText(v.statement)}: ${v.message}`;
}

/** Runs the rule's pure function on prepared documents; no exemptions or config resolution here. */
export function findingsFor(
    rule: Rule,
    docs: readonly PreparedDocument[],
    attachments: readonly { path: string; arns: readonly string[] }[],
    settings: Readonly<Record<string, unknown>> | undefined,
): { path: string; finding: Finding }[] {
    const out: { path: string; finding: Finding }[] = [];
    if (rule.target === "document") {
        const config = resolveConfig(rule.defaults, settings);
        for (const d of docs) {
            if (!rule.kinds.includes(d.kind)) continue;
            const ctx = { kind: d.kind, container: d.container, service: d.service, config };
            for (const finding of rule.check(d.doc, ctx)) out.push({ path: d.path, finding });
        }
    } else {
        const config = resolveConfig(rule.defaults, settings);
        for (const a of attachments) {
            for (const finding of rule.check(a.arns, { config })) out.push({ path: a.path, finding });
        }
    }
    return out;
}

/**
 * Applies one rule to one resource with the rule's config section (`{ enforcementLevel?, exemptions?, ... }`).
 * Exempted resources yield nothing; an exemption without a reason does not exempt and is itself reported.
 */
export function runRule(
    rule: Rule,
    resource: ResourceInput,
    settings: Readonly<Record<string, unknown>> | undefined,
    prepared?: {
        docs: readonly PreparedDocument[];
        attachments: readonly { path: string; arns: readonly string[] }[];
    },
): Verdict[] {
    const level: EnforcementLevel = enforcementOf(rule, settings);
    if (level === "disabled") return [];
    const verdicts: Verdict[] = [];
    for (const e of exemptionsOf(settings)) {
        if (!exemptionMatches(e, resource)) continue;
        if (e.reason !== undefined && e.reason.trim() !== "") return [];
        verdicts.push({
            rule: rule.id,
            enforcementLevel: level,
            resource: resource.name,
            message: `exemption for "${e.resource}" has no reason, so it does not apply; add a reason`,
        });
    }
    let docs: readonly PreparedDocument[] = [];
    let attachments: readonly { path: string; arns: readonly string[] }[] = [];
    if (prepared) {
        docs = prepared.docs;
        attachments = prepared.attachments;
    } else if (rule.target === "document") {
        docs = prepare(extractDocuments(resource, rule.kinds));
    } else {
        attachments = extractAttachments(resource);
    }
    for (const { path, finding } of findingsFor(rule, docs, attachments, settings)) {
        verdicts.push({
            rule: finding.rule,
            enforcementLevel: level,
            resource: resource.name,
            statement: finding.statement,
            message: `${path}: ${finding.message}`,
        });
    }
    return verdicts;
}
