/**
 * iam-managed-policy-allowlist: attached managed policies come from an allowlist. AWS managed policies are
 * written for the broadest use of a service, so each one is a decision; customer managed policies of the
 * account are allowed by default because their documents go through the identity rules as aws.iam.Policy.
 * AdministratorAccess, PowerUserAccess and IAMFullAccess are refused even when listed.
 */
import { AttachmentContext, AttachmentRule, Finding } from "../lib/findings";
import { globMatches } from "../lib/patterns";
import { toPolicy } from "../lib/wrap";

export const id = "iam-managed-policy-allowlist";

export const ALWAYS_FORBIDDEN: readonly string[] = [
    "AdministratorAccess",
    "PowerUserAccess",
    "IAMFullAccess",
];

export const DEFAULT_ALLOWED: readonly string[] = [
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

export interface Config {
    readonly allowed: string[];
    readonly allowCustomerManaged: boolean;
}

const POLICY_ARN_RE = /^arn:(aws[a-z-]*):iam::(aws|\d{12}):policy\/(?:.*\/)?([^/]+)$/;

export function check(arns: readonly string[], ctx: AttachmentContext<Config>): Finding[] {
    const out: Finding[] = [];
    arns.forEach((arn, i) => {
        const push = (message: string): void => {
            out.push({ rule: id, statement: i, message });
        };
        const m = POLICY_ARN_RE.exec(arn);
        if (!m) {
            push(`"${arn}" is not a managed policy ARN`);
            return;
        }
        if (m[2] === "aws" && ALWAYS_FORBIDDEN.includes(m[3])) {
            push(
                `managed policy ${arn} is never allowed: it grants far more than any least-privilege role needs`,
            );
            return;
        }
        if (ctx.config.allowed.some((a) => globMatches(a, arn))) return;
        if (m[2] !== "aws" && ctx.config.allowCustomerManaged) return;
        push(`managed policy ${arn} is not in the allowlist (setting allowed)`);
    });
    return out;
}

export const rule: AttachmentRule<Config> = {
    id,
    target: "attachment",
    description:
        "Attached managed policies are on a configured allowlist; AdministratorAccess, PowerUserAccess and IAMFullAccess never are.",
    enforcementLevel: "mandatory",
    configSchema: {
        allowed: {
            type: "array",
            items: { type: "string" },
            description: "Managed policy ARNs (globs allowed) that may be attached.",
        },
        allowCustomerManaged: {
            type: "boolean",
            description:
                "Allow customer managed policies of any account (their documents are checked as aws.iam.Policy).",
        },
    },
    defaults: { allowed: [...DEFAULT_ALLOWED], allowCustomerManaged: true },
    check,
};

export const policy = toPolicy(rule);
