/**
 * iam-trust-scoped: who may assume a role.
 * - `*` without a condition: anyone with an AWS account.
 * - A whole account (`arn:aws:iam::ACCOUNT:root` or the bare ID) without a condition: every principal there
 *   whose own policies allow sts:AssumeRole.
 *   For both, only a condition that limits the caller counts (helpers.ts TRUST_SCOPING_KEYS with a positive
 *   operator and a concrete value): aws:SecureTransport or aws:MultiFactorAuthPresent say how, not who.
 * - A service principal without aws:SourceAccount/aws:SourceArn (or the org keys): the confused-deputy
 *   problem, where the service is tricked into acting for another account. Compute principals that assume a
 *   role for your own resources (EC2 instance profiles, Lambda execution roles) do not send these keys, so
 *   they are configurable exceptions.
 * - A federated principal without a concrete condition on its audience or subject claim (for GitHub, on :sub).
 */
import { PolicyDocument } from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import {
    conditionKeysOf,
    hasConditionKey,
    hasScopingCondition,
    isAccountPrincipal,
    TRUST_SCOPING_KEYS,
} from "../lib/helpers";
import { globMatches } from "../lib/patterns";
import { toPolicy } from "../lib/wrap";

export const id = "iam-trust-scoped";

export interface Config {
    readonly sourceContextKeys: string[];
    readonly servicesWithoutSourceContext: string[];
}

/**
 * The claim keys that limit who a federated principal is. Cognito identity pools are scoped only by the pool
 * (`:aud`): `:amr` says how the caller signed in, not which pool issued the identity. Other web identity
 * providers are scoped by the audience (the app's client ID) or the subject.
 */
function claimKeys(federated: string): readonly string[] {
    const oidc = /:oidc-provider\/(.+)$/.exec(federated);
    if (oidc) return [`${oidc[1]}:sub`, `${oidc[1]}:aud`];
    if (/:saml-provider\//.test(federated)) return ["SAML:aud", "SAML:sub"];
    if (federated === "cognito-identity.amazonaws.com") return ["cognito-identity.amazonaws.com:aud"];
    if (federated === "accounts.google.com")
        return ["accounts.google.com:aud", "accounts.google.com:oaud", "accounts.google.com:sub"];
    if (federated === "graph.facebook.com") return ["graph.facebook.com:app_id", "graph.facebook.com:id"];
    if (federated === "www.amazon.com") return ["www.amazon.com:app_id", "www.amazon.com:user_id"];
    return [`${federated}:aud`, `${federated}:sub`];
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (!s.isAllow || !s.principal) continue;
        const push = (message: string): void => {
            out.push({ rule: id, statement: s.label, message });
        };
        const p = s.principal;
        // Any condition used to count as scoping; only keys that pin the caller do (aws:SecureTransport does not).
        const scoped = s.hasCondition && hasScopingCondition(s, TRUST_SCOPING_KEYS);
        if (p.everyone && !scoped) {
            push(
                s.hasCondition
                    ? `any AWS principal ("*") can assume the role; its conditions (${conditionKeysOf(s)}) do not ` +
                          "limit who the principal is: add aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId"
                    : 'any AWS principal ("*") can assume the role, and there is no condition',
            );
        }
        for (const a of p.aws) {
            if (!isAccountPrincipal(a) || scoped) continue;
            push(
                s.hasCondition
                    ? `every principal of account ${a} can assume the role; its conditions (${conditionKeysOf(s)}) ` +
                          "do not limit which principal: name the role or user, or add a condition such as aws:PrincipalArn"
                    : `every principal of account ${a} can assume the role, and there is no condition; ` +
                          "name the role or user, or add a condition such as aws:PrincipalArn",
            );
        }
        const scopedToSource = hasScopingCondition(s, ctx.config.sourceContextKeys);
        for (const svc of p.service) {
            if (scopedToSource) continue;
            if (ctx.config.servicesWithoutSourceContext.some((e) => globMatches(e, svc))) continue;
            push(
                `service principal ${svc} can assume the role without aws:SourceAccount or aws:SourceArn ` +
                    "(confused deputy)",
            );
        }
        for (const f of p.federated) {
            const keys = claimKeys(f);
            if (!s.hasCondition) {
                push(`federated principal ${f} can assume the role, and there is no condition on its claims`);
            } else if (!hasScopingCondition(s, keys)) {
                push(
                    `federated principal ${f} can assume the role, but no condition limits its claims: ` +
                        `use ${keys.join(" or ")} with StringEquals/StringLike and a value other than "*"`,
                );
            } else if (/token\.actions\.githubusercontent\.com/.test(f)) {
                const sub = keys[0];
                if (!hasConditionKey(s, sub)) {
                    push(
                        `GitHub OIDC principal ${f} without a condition on the :sub claim lets any repository assume the role`,
                    );
                } else if (!hasScopingCondition(s, [sub])) {
                    push(
                        `GitHub OIDC principal ${f} has a ${sub} condition that does not name a repository ` +
                            '("*", a negated operator or IfExists), so any repository can assume the role',
                    );
                }
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
