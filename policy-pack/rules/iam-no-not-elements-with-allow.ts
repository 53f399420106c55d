/**
 * iam-no-not-elements-with-allow: NotAction, NotResource and NotPrincipal invert a list; with Allow they grant
 * everything not listed, including actions and resources that AWS adds later.
 */
import { PolicyDocument } from "../lib/document";
import { DocumentRule, Finding } from "../lib/findings";
import { toPolicy } from "../lib/wrap";

export const id = "iam-no-not-elements-with-allow";

export function check(doc: PolicyDocument): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (!s.isAllow) continue;
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };
        if (s.notActions !== undefined)
            push("NotAction with Allow grants every action except the listed ones");
        if (s.notResources !== undefined)
            push("NotResource with Allow grants every resource except the listed ones");
        if (s.notPrincipal !== undefined)
            push("NotPrincipal with Allow grants every principal except the listed ones");
    }
    return out;
}

export const rule: DocumentRule = {
    id,
    target: "document",
    description: "No NotAction, NotResource or NotPrincipal in an Allow statement.",
    enforcementLevel: "mandatory",
    kinds: ["identity", "trust", "resource"],
    configSchema: {},
    defaults: {},
    check,
};

export const policy = toPolicy(rule);
