/**
 * iam-trust-scoped: who may assume a role.
 * - `*` without a condition: anyone with an AWS account.
 * - A whole account (`arn:aws:iam::ACCOUNT:root` or the bare ID) without a condition: every principal there
 *   whose own policies allow sts:AssumeRole.
 * - A service principal without aws:SourceAccount/aws:SourceArn (or the org keys): the confused-deputy
 *   problem, where the service is tricked into acting for another account. Compute principals that assume a
 *   role for your own resources (EC2 instance profiles, Lambda execution roles) do not send these keys, so
 *   they are configurable exceptions.
 * - A federated principal without any condition on its claims.
 */
import { PolicyDocument } from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { hasConditionKey, isAccountPrincipal } from "../lib/helpers";
import { globMatches } from "../lib/patterns";
import { toPolicy } from "../lib/wrap";

export const id = "iam-trust-scoped";

export interface Config {
    readonly sourceContextKeys: string[];
    readonly servicesWithoutSourceContext: string[];
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (!s.isAllow || !s.principal) continue;
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };
        const p = s.principal;
        if (p.everyone && !s.hasCondition) {
            push('any AWS principal ("*") can assume the role, and there is no condition');
        }
        for (const a of p.aws) {
            if (isAccountPrincipal(a) && !s.hasCondition) {
                push(
                    `every principal of account ${a} can assume the role, and there is no condition; ` +
                        "name the role or user, or add a condition such as aws:PrincipalArn",
                );
            }
        }
        const scopedToSource = ctx.config.sourceContextKeys.some((k) => hasConditionKey(s, k));
        for (const svc of p.service) {
            if (scopedToSource) continue;
            if (ctx.config.servicesWithoutSourceContext.some((e) => globMatches(e, svc))) continue;
            push(
                `service principal ${svc} can assume the role without aws:SourceAccount or aws:SourceArn ` +
                    "(confused deputy)",
            );
        }
        for (const f of p.federated) {
            if (!s.hasCondition)
                push(`federated principal ${f} can assume the role, and there is no condition on its claims`);
            else if (
                /token\.actions\.githubusercontent\.com/.test(f) &&
                !hasConditionKey(s, `${f.replace(/^.*oidc-provider\//, "")}:sub`)
            ) {
                push(
                    `GitHub OIDC principal ${f} without a condition on the :sub claim lets any repository assume the role`,
                );
            }
        }
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        "Trust policies name who may assume the role: no unconditioned * or whole accounts, service principals scoped with aws:SourceAccount/aws:SourceArn.",
    enforcementLevel: "mandatory",
    kinds: ["trust"],
    configSchema: {
        sourceContextKeys: {
            type: "array",
            items: { type: "string" },
            description: "Condition keys that tie a service principal to your account or resource.",
        },
        servicesWithoutSourceContext: {
            type: "array",
            items: { type: "string" },
            description:
                "Service principals that assume roles for your own compute and do not send aws:SourceAccount.",
        },
    },
    defaults: {
        sourceContextKeys: ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"],
        servicesWithoutSourceContext: [
            "ec2.amazonaws.com",
            "lambda.amazonaws.com",
            "edgelambda.amazonaws.com",
        ],
    },
    check,
};

export const policy = toPolicy(rule);
