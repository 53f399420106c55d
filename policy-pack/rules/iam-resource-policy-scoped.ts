/**
 * iam-resource-policy-scoped: resource policies (key, vault, file system, bucket, topic, queue, ...) do not open
 * the resource to everyone (a `*` principal needs a condition that limits the caller, such as aws:SourceArn or
 * aws:PrincipalOrgID, used with a positive operator), and full-service wildcards go only to the resource's administrators.
 *
 * For a KMS key that means no `kms:*` for the account root: that is AWS's default key policy, and it hands every
 * key permission to anyone in the account that IAM allows (SPEC 3.2). Administrators get explicit key-management
 * actions, users get only the cryptographic ones. Configure `administrators` to accept kms:* for named roles.
 */
import { expandAction } from "../lib/catalog";
import { listSome, PolicyDocument } from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { conditionKeysOf, hasScopingCondition, PRINCIPAL_SCOPING_KEYS } from "../lib/helpers";
import { globMatches } from "../lib/patterns";
import { toPolicy } from "../lib/wrap";

export const id = "iam-resource-policy-scoped";

export interface Config {
    /** Principals (ARN globs) that may hold `*` / `service:*` on the resource. */
    readonly administrators: string[];
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    const what = ctx.container === "kms-key-policy" ? "key policy" : "resource policy";
    const adminWord = ctx.container === "kms-key-policy" ? "key administrator" : "administrator";
    for (const s of doc.statements) {
        if (!s.isAllow || !s.principal) continue;
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };
        const actions = s.actions ?? [];
        // Only a condition that pins the caller scopes "*" (aws:SecureTransport, kms:ViaService do not).
        if (s.principal.everyone && !hasScopingCondition(s, PRINCIPAL_SCOPING_KEYS)) {
            const listed = listSome(actions, 4) || "the listed actions";
            push(
                s.hasCondition
                    ? `${what} allows ${listed} to every principal ("*"); its conditions (${conditionKeysOf(s)}) do ` +
                          "not limit who the principal is: add aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID " +
                          "or aws:PrincipalAccount"
                    : `${what} allows ${listed} to every principal ("*") without a condition`,
            );
        }
        const wildcards = actions.filter((a) => a === "*" || expandAction(a).all || /^[^:]+:\*+$/.test(a));
        if (wildcards.length === 0) continue;
        const principals = [
            ...(s.principal.everyone && s.principal.aws.length === 0 ? ["*"] : []),
            ...s.principal.aws,
            ...s.principal.service,
            ...s.principal.federated,
            ...s.principal.canonicalUser,
        ];
        for (const p of principals) {
            if (ctx.config.administrators.some((a) => globMatches(a, p))) continue;
            push(
                `${what} grants ${wildcards.join(", ")} to ${p}, which is not a configured ${adminWord} ` +
                    "(setting administrators); grant explicit actions instead",
            );
        }
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        'Resource policies do not allow "*" principals without conditions, and give "*"/"service:*" (such as kms:*) only to configured administrators.',
    enforcementLevel: "mandatory",
    kinds: ["resource"],
    configSchema: {
        administrators: {
            type: "array",
            items: { type: "string" },
            description:
                "Principal ARNs (globs allowed) that may be granted service-wide wildcards such as kms:*.",
        },
    },
    defaults: { administrators: [] },
    check,
};

export const policy = toPolicy(rule);
