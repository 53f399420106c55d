/**
 * iam-sensitive-access-scoped: actions that read secrets or data, or hand out credentials, are granted on named
 * resources only. The default families follow Cloudsplaining's data-exfiltration and credentials-exposure lists;
 * a test checks each against the reference. Actions that only work on "*" (wildcard-only in the reference, such
 * as ecr:GetAuthorizationToken) cannot be scoped and are not reported.
 */
import {
    isBroadResource,
    listActions,
    PolicyDocument,
    selectActions,
    statementActions,
} from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { actionsMatching, hasResourceScopingCondition } from "../lib/helpers";
import type { ActionInfo } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-sensitive-access-scoped";

export const SENSITIVE_ACTIONS: readonly string[] = [
    // data exfiltration
    "s3:GetObject",
    "s3:GetObjectVersion",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
    "kms:Decrypt",
    "dynamodb:GetItem",
    "dynamodb:Scan",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    // credentials exposure
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "ec2:GetPasswordData",
    "redshift:GetClusterCredentials",
    "rds-db:connect",
    "sts:AssumeRole",
    "cognito-identity:GetCredentialsForIdentity",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
];

export interface Config {
    readonly actions: string[];
}

/** Selection keys by config object: a stable string is hashed once, not once per document. */
const keys = new WeakMap<Config, string>();

function keyOf(config: Config): string {
    let key = keys.get(config);
    if (key === undefined) {
        key = `sensitive|${config.actions.join(",")}`;
        keys.set(config, key);
    }
    return key;
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    let key: string | undefined;
    let select: ((actions: readonly ActionInfo[]) => readonly ActionInfo[]) | undefined;
    for (const s of doc.statements) {
        if (!s.isAllow || s.actions === undefined) continue;
        const resource = (s.resources ?? []).find(isBroadResource);
        if (resource === undefined || hasResourceScopingCondition(s)) continue;
        if (statementActions(s).all) continue; // iam-no-admin-wildcards reports "*"
        const patterns = ctx.config.actions;
        key = key ?? keyOf(ctx.config);
        select = select ?? ((all) => actionsMatching(all, patterns).filter((a) => !a.wildcardOnly));
        const sensitive = selectActions(s, key, select);
        if (sensitive.length === 0) continue;
        out.push({
            rule: id,
            statement: s.label,
            message:
                `sensitive actions on "${resource}": ${listActions(sensitive)}; ` +
                "name the keys, secrets, parameters, objects or roles",
        });
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        "Data-exfiltration and credential-exposure actions (kms:Decrypt, secretsmanager:GetSecretValue, ssm:GetParameter*, s3:GetObject, ...) name their resources.",
    enforcementLevel: "mandatory",
    kinds: ["identity"],
    configSchema: {
        actions: {
            type: "array",
            items: { type: "string" },
            description:
                "Sensitive actions (globs over service:Name) that must not be granted on all resources.",
        },
    },
    defaults: { actions: [...SENSITIVE_ACTIONS] },
    check,
};

export const policy = toPolicy(rule);
