/**
 * iam-policy-grammar: the document is a policy IAM (or the owning service) accepts and means what it says:
 * JSON object, Version 2012-10-17, a Statement list, known elements with the right types, Effect Allow/Deny,
 * the Principal/Resource elements the kind of policy needs, known condition operators, condition values of
 * the operator's type, and condition keys that the statement's actions support (per the reference; global
 * aws: keys go with every action).
 */
import {
    describeType,
    isRecord,
    listSome,
    PolicyDocument,
    Statement,
    statementActions,
} from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import {
    ActionInfo,
    conditionKeyPrefix,
    isGlobalConditionKey,
    serviceExists,
    serviceHasConditionKey,
    unassociatedConditionServices,
} from "../lib/reference";
import { DEFAULT_KEY_POLICY } from "../lib/resources";
import { toPolicy } from "../lib/wrap";

export const id = "iam-policy-grammar";

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const ELEMENTS = new Set([
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
]);
const BASE_OPERATORS = new Set(
    [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
    ].map((o) => o.toLowerCase()),
);

/** The base operator of `ForAnyValue:StringLikeIfExists` etc., or undefined for an unknown operator. */
function baseOperator(op: string): string | undefined {
    let rest = op;
    const set = /^(ForAllValues|ForAnyValue):(.*)$/i.exec(rest);
    if (set) rest = set[2];
    if (!set && rest.toLowerCase() === "null") return "null";
    if (/IfExists$/i.test(rest)) rest = rest.slice(0, -"IfExists".length);
    return BASE_OPERATORS.has(rest.toLowerCase()) ? rest.toLowerCase() : undefined;
}

/**
 * Is `lowerKey` one of the reference's `keys`? A key with a placeholder after its slash (`${TagKey}`, `<key>`,
 * `tag-key`, see conditionKeyPrefix) stands for any name there.
 */
function listed(keys: readonly string[], lowerKey: string): boolean {
    for (const k of keys) {
        if (k.toLowerCase() === lowerKey) return true;
        const prefix = conditionKeyPrefix(k);
        if (prefix !== undefined && lowerKey.length > prefix.length && lowerKey.startsWith(prefix))
            return true;
    }
    return false;
}

/** Does one of the actions support the condition key, directly or through one of its resource types? */
function supported(actions: readonly ActionInfo[], lowerKey: string): boolean {
    return actions.some(
        (a) =>
            listed(a.conditionKeys, lowerKey) ||
            a.resourceTypes.some(
                (r) =>
                    listed(r.conditionKeys, lowerKey) ||
                    (r.type !== undefined && listed(r.type.conditionKeys, lowerKey)),
            ),
    );
}

function checkConditionKeys(s: Statement, push: (m: string) => void): void {
    if (s.conditions.length === 0 || s.actions === undefined || s.notActions !== undefined) {
        // Still catch misspelled global keys where the actions cannot be checked.
        for (const c of s.conditions) {
            if (/^aws:/i.test(c.key) && !isGlobalConditionKey(c.key))
                push(`condition key ${c.key} is not a known global condition key`);
        }
        return;
    }
    let expanded: { actions: readonly ActionInfo[]; checkable: boolean } | undefined;
    const statementActionsOnce = (): { actions: readonly ActionInfo[]; checkable: boolean } => {
        if (!expanded) {
            const { actions, all } = statementActions(s);
            expanded = { actions, checkable: !all && actions.length > 0 };
        }
        return expanded;
    };
    for (const c of s.conditions) {
        const key = c.key;
        if (isGlobalConditionKey(key)) continue;
        const lower = key.toLowerCase();
        const colon = lower.indexOf(":");
        const prefix = colon > 0 ? lower.slice(0, colon) : "";
        const { actions, checkable } = statementActionsOnce();
        if (prefix === "aws") {
            if (!checkable || !supported(actions, lower))
                push(`condition key ${key} is not a known global condition key`);
            continue;
        }
        if (!checkable) continue;
        if (serviceExists(prefix)) {
            if (supported(actions, lower)) continue;
            const known = serviceHasConditionKey(prefix, lower);
            push(
                known
                    ? `condition key ${key} is not supported by the statement's actions (${listSome(
                          actions.map((a) => a.id),
                          4,
                      )})`
                    : `condition key ${key} does not exist in service ${prefix}`,
            );
            continue;
        }
        // Identity-provider keys (saml:sub, accounts.google.com:aud, ...) belong to the services that read them;
        // custom OIDC provider prefixes are open-ended and cannot be checked.
        const owners = unassociatedConditionServices(prefix);
        if (owners && !actions.some((a) => owners.includes(a.service))) {
            push(`condition key ${key} applies only to ${owners.join(", ")} actions`);
        }
    }
}

function checkConditionBlock(raw: unknown, push: (m: string) => void): void {
    if (raw === undefined) return;
    if (!isRecord(raw)) {
        push(`Condition must be an object (got ${describeType(raw)})`);
        return;
    }
    for (const [op, block] of Object.entries(raw)) {
        const base = baseOperator(op);
        if (base === undefined) push(`unknown condition operator "${op}"`);
        if (!isRecord(block)) {
            push(`Condition operator ${op} must map keys to values (got ${describeType(block)})`);
            continue;
        }
        for (const [key, value] of Object.entries(block)) {
            const values = Array.isArray(value) ? value : [value];
            if (Array.isArray(value) && value.length === 0)
                push(`condition ${op} ${key} has an empty value list`);
            for (const v of values) {
                if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
                    push(`condition ${op} ${key} has a value that is not a string, number or boolean`);
                } else if ((base === "bool" || base === "null") && !/^(true|false)$/i.test(String(v))) {
                    push(`condition ${op} ${key} needs true or false, not "${String(v)}"`);
                } else if (
                    base?.startsWith("numeric") &&
                    !/^-?\d+(\.\d+)?$/.test(String(v)) &&
                    !String(v).includes("${")
                ) {
                    push(`condition ${op} ${key} needs a number, not "${String(v)}"`);
                }
            }
        }
    }
}

/**
 * IAM rejects a wildcard or any other non-account in a principal ARN's account segment (`arn:aws:iam::*:root`):
 * it must be a 12-digit account ID, or `aws` for AWS-owned principals.
 */
const AWS_PRINCIPAL_RE =
    /^(\*|\d{12}|arn:[a-z-]+:(iam::(\d{12}|aws):(root|user\/.+|role\/.+|federated-user\/.+)|sts::(\d{12}|aws):(assumed-role\/.+|federated-user\/.+)))$/;
const SERVICE_PRINCIPAL_RE = /^[a-z0-9.-]+\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com|aws\.internal)$/;

function checkPrincipal(name: string, raw: unknown, push: (m: string) => void): void {
    if (raw === "*") return;
    if (!isRecord(raw)) {
        push(
            `${name} must be "*" or an object of AWS/Service/Federated/CanonicalUser (got ${describeType(raw)})`,
        );
        return;
    }
    for (const [type, value] of Object.entries(raw)) {
        if (!["AWS", "Service", "Federated", "CanonicalUser"].includes(type)) {
            push(`${name} has an unknown principal type "${type}"`);
            continue;
        }
        const values = Array.isArray(value) ? value : [value];
        if (values.length === 0) push(`${name} ${type} is empty`);
        for (const v of values) {
            if (typeof v !== "string") {
                push(`${name} ${type} entries must be strings (got ${describeType(v)})`);
            } else if (type === "AWS" && !AWS_PRINCIPAL_RE.test(v)) {
                push(
                    `${name} AWS "${v}" is not "*", an account ID, or an IAM/STS principal ARN with an account`,
                );
            } else if (type === "Service" && !SERVICE_PRINCIPAL_RE.test(v)) {
                push(`${name} Service "${v}" is not a service principal (such as backup.amazonaws.com)`);
            }
        }
    }
}

function checkStringList(raw: unknown, element: string, push: (m: string) => void): void {
    if (raw === undefined) return;
    if (typeof raw === "string") {
        if (raw === "") push(`${element} is an empty string`);
        return;
    }
    if (!Array.isArray(raw)) {
        push(`${element} must be a string or a list of strings (got ${describeType(raw)})`);
        return;
    }
    if (raw.length === 0) push(`${element} is an empty list`);
    if (raw.some(notNonEmptyString)) push(`${element} entries must be non-empty strings`);
}

const notNonEmptyString = (v: unknown): boolean => typeof v !== "string" || v === "";

function checkStatement(s: Statement, ctx: DocumentContext<object>, push: (m: string) => void): void {
    if (!s.isObject) {
        push(`statement must be an object (got ${describeType(s.raw)})`);
        return;
    }
    const raw = s.raw as Record<string, unknown>;
    for (const k of Object.keys(raw)) if (!ELEMENTS.has(k)) push(`unknown element "${k}"`);
    const sid = raw.Sid;
    if (sid !== undefined && typeof sid !== "string") push(`Sid must be a string (got ${describeType(sid)})`);
    // IAM (identity and trust policies) takes only letters and digits; resource policies of other services are laxer.
    if (typeof sid === "string" && ctx.kind !== "resource" && !/^[A-Za-z0-9]*$/.test(sid)) {
        push(`Sid "${sid}" may contain only letters and digits`);
    }
    if (raw.Effect === undefined) push("statement has no Effect");
    else if (raw.Effect !== "Allow" && raw.Effect !== "Deny")
        push(`Effect must be "Allow" or "Deny" (got ${JSON.stringify(raw.Effect)})`);
    // Each element is read once: statements come in many shapes, so every read is a slow, megamorphic one.
    const action = raw.Action;
    const notAction = raw.NotAction;
    const resource = raw.Resource;
    const notResource = raw.NotResource;
    const hasAction = action !== undefined;
    const hasNotAction = notAction !== undefined;
    const hasResource = resource !== undefined;
    const hasNotResource = notResource !== undefined;
    const hasPrincipal = raw.Principal !== undefined;
    const hasNotPrincipal = raw.NotPrincipal !== undefined;
    if (hasAction && hasNotAction) push("statement has both Action and NotAction");
    if (!hasAction && !hasNotAction) push("statement has neither Action nor NotAction");
    if (hasResource && hasNotResource) push("statement has both Resource and NotResource");
    if (hasPrincipal && hasNotPrincipal) push("statement has both Principal and NotPrincipal");
    checkStringList(action, "Action", push);
    checkStringList(notAction, "NotAction", push);
    checkStringList(resource, "Resource", push);
    checkStringList(notResource, "NotResource", push);
    if (ctx.kind === "identity") {
        if (hasPrincipal || hasNotPrincipal)
            push("an identity policy must not have Principal or NotPrincipal");
        if (!hasResource && !hasNotResource) push("statement has neither Resource nor NotResource");
    } else {
        if (!hasPrincipal && !hasNotPrincipal) push(`a ${ctx.kind} policy statement needs a Principal`);
        if (ctx.kind === "trust" && (hasResource || hasNotResource))
            push("a trust policy must not have Resource or NotResource");
        if (ctx.kind === "resource" && !hasResource && !hasNotResource)
            push("statement has neither Resource nor NotResource");
    }
    if (hasPrincipal) checkPrincipal("Principal", raw.Principal, push);
    if (hasNotPrincipal) checkPrincipal("NotPrincipal", raw.NotPrincipal, push);
    checkConditionBlock(raw.Condition, push);
    checkConditionKeys(s, push);
}

export function check(doc: PolicyDocument, ctx: DocumentContext<object>): Finding[] {
    const out: Finding[] = [];
    const at =
        (statement: number | string) =>
        (message: string): void => {
            out.push({ rule: id, statement, message });
        };
    // The stand-in for an absent key policy is AWS's own document; its "<this-account>" placeholder (which the
    // principal check now rejects, as IAM would a written one) marks where AWS puts the real account.
    if (doc.value === DEFAULT_KEY_POLICY) return out;
    const top = at("document");
    if (doc.parseError !== undefined) {
        top(`policy document is ${doc.parseError}`);
        return out;
    }
    const value = doc.value as Record<string, unknown>;
    for (const k of Object.keys(value)) if (!TOP_LEVEL.has(k)) top(`unknown top-level element "${k}"`);
    const version = value.Version;
    if (version === undefined) {
        top(
            'Version is missing; without "2012-10-17" IAM uses the 2008 language, which has no policy variables',
        );
    } else if (version === "2008-10-17") {
        top('Version "2008-10-17" is outdated; use "2012-10-17"');
    } else if (version !== "2012-10-17") {
        top(`Version must be "2012-10-17" (got ${JSON.stringify(version)})`);
    }
    const statement = value.Statement;
    if (statement === undefined) top("Statement is missing");
    else if (Array.isArray(statement) && statement.length === 0) top("Statement is an empty list");
    else if (!Array.isArray(statement) && !isRecord(statement))
        top(`Statement must be an object or a list (got ${describeType(statement)})`);
    for (const s of doc.statements) checkStatement(s, ctx, at(s.label));
    return out;
}

export const rule: DocumentRule = {
    id,
    target: "document",
    description:
        "Valid policy grammar: Version 2012-10-17, known elements, Effect, required elements per policy kind, known condition operators and keys the actions support.",
    enforcementLevel: "mandatory",
    kinds: ["identity", "trust", "resource"],
    configSchema: {},
    defaults: {},
    check,
};

export const policy = toPolicy(rule);
