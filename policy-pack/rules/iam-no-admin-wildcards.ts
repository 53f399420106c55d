/**
 * iam-no-admin-wildcards: no `*` or `service:*` in an Allow of an identity policy. Resource policies are covered
 * by iam-resource-policy-scoped, where "administrator" has a per-resource meaning (key administrators).
 */
import { PolicyDocument, statementActions } from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { globMatches } from "../lib/patterns";
import { serviceName } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-no-admin-wildcards";

export interface Config {
    /** `service:*` patterns that are accepted anyway, e.g. for a break-glass role. */
    readonly allowed: string[];
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    const allowed = ctx.config.allowed;
    for (const s of doc.statements) {
        if (!s.isAllow || s.actions === undefined) continue;
        const patterns = s.actions;
        // The statement's expansions, index for index with its actions (shared with the other rules).
        const matches = statementActions(s).matches;
        for (let i = 0; i < patterns.length; i++) {
            const pattern = patterns[i];
            if (allowed.length > 0 && allowed.some((a) => globMatches(a, pattern))) continue;
            const m = matches[i];
            if (pattern === "*" || m.all) {
                out.push({
                    rule: id,
                    statement: s.label,
                    message: `Action "${pattern}" grants every action of every service`,
                });
            } else if (!m.malformed && pattern.endsWith("*") && /^[^:]+:\*+$/.test(pattern)) {
                out.push({
                    rule: id,
                    statement: s.label,
                    message: `Action "${pattern}" grants every action of ${serviceName(m.service ?? "")}`,
                });
            }
        }
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description: 'No "*" or "service:*" actions in an Allow statement of an identity policy.',
    enforcementLevel: "mandatory",
    kinds: ["identity"],
    configSchema: {
        allowed: {
            type: "array",
            items: { type: "string" },
            description: 'Action wildcards accepted anyway (e.g. "s3:*" for a break-glass role).',
        },
    },
    defaults: { allowed: [] },
    check,
};

export const policy = toPolicy(rule);
