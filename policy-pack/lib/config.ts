/**
 * Validation of a pack configuration (the JSON of Pulumi's policy config file). resolveConfig, enforcementOf and
 * exemptionsOf fall back to defaults on input they cannot read, so that a rule never crashes on bad config; this
 * is where that input gets reported instead, so a typo never silently turns a check off or leaves it on.
 */
import { describeType, isRecord } from "./document";
import type { JsonSchema, Rule } from "./findings";
import { rules } from "../rules";
import { EXEMPTIONS_POLICY_ID } from "./wrap";

/** What @pulumi/policy's EnforcementLevel accepts. */
const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];
const EXEMPTION_KEYS: readonly string[] = ["resource", "reason"];

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** "an array of strings", "a boolean", "an integer >= 1": what a schema asks for, for messages. */
function expected(schema: JsonSchema): string {
    const type = schema.type;
    const min = typeof schema.minimum === "number" ? ` >= ${schema.minimum}` : "";
    if (type === "array") {
        const items = isRecord(schema.items) ? expected(schema.items) : "";
        return items === "" ? "an array" : `an array of ${plural(items)}`;
    }
    if (type === "object") {
        const values = isRecord(schema.additionalProperties) ? expected(schema.additionalProperties) : "";
        return values === "" ? "an object" : `an object whose values are ${values}`;
    }
    if (type === "integer") return `an integer${min}`;
    if (type === "number") return `a number${min}`;
    if (type === "boolean") return "a boolean (true or false)";
    if (type === "string") return "a string";
    return "";
}

function plural(singular: string): string {
    // "a string" -> "strings", "an integer >= 1" -> "integers >= 1".
    return singular.replace(/^an? (\w+)/, "$1s");
}

function matches(schema: JsonSchema, value: unknown): boolean {
    const min = typeof schema.minimum === "number" ? schema.minimum : -Infinity;
    switch (schema.type) {
        case "array":
            return (
                Array.isArray(value) &&
                (!isRecord(schema.items) || value.every((v) => matches(schema.items as JsonSchema, v)))
            );
        case "object":
            return (
                isRecord(value) &&
                (!isRecord(schema.additionalProperties) ||
                    Object.values(value).every((v) => matches(schema.additionalProperties as JsonSchema, v)))
            );
        case "integer":
            return typeof value === "number" && Number.isInteger(value) && value >= min;
        case "number":
            return typeof value === "number" && Number.isFinite(value) && value >= min;
        case "boolean":
            return typeof value === "boolean";
        case "string":
            return typeof value === "string";
        default:
            // A schema type this pack does not use: nothing to check against.
            return true;
    }
}

function got(value: unknown): string {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        return `${describeType(value)} ${JSON.stringify(value)}`;
    if (Array.isArray(value)) {
        const odd = value.find((v) => typeof v !== "string");
        return odd === undefined ? "an array" : `an array holding ${describeType(odd)}`;
    }
    return describeType(value);
}

function checkExemptions(id: string, raw: unknown, out: string[]): void {
    if (!Array.isArray(raw)) {
        out.push(`${id}: exemptions must be an array of {"resource", "reason"} objects (got ${got(raw)})`);
        return;
    }
    raw.forEach((e: unknown, i) => {
        const at = `${id}: exemptions[${i}]`;
        if (!isRecord(e)) {
            out.push(`${at} must be an object with "resource" and "reason" strings (got ${got(e)})`);
            return;
        }
        if (typeof e.resource !== "string" || e.resource.trim() === "")
            out.push(`${at} needs a "resource" string (a resource name, URN, or URN suffix)`);
        if (typeof e.reason !== "string" || e.reason.trim() === "")
            out.push(`${at} needs a "reason" string saying why the rule does not apply`);
        for (const k of Object.keys(e))
            if (!EXEMPTION_KEYS.includes(k))
                out.push(`${at} has an unknown key "${k}" (known: resource, reason)`);
    });
}

function defaultOf(rule: Rule | undefined, key: string): unknown {
    return rule ? (rule.defaults as Record<string, unknown>)[key] : undefined;
}

/**
 * One setting against its schema. For a map setting (iam-policy-size's limits) each entry is checked on its
 * own, and names the default map does not have are reported: the rule would look them up and never find them.
 */
function checkSetting(
    id: string,
    key: string,
    schema: JsonSchema,
    value: unknown,
    fallback: unknown,
    out: string[],
): void {
    const values = schema.additionalProperties;
    if (schema.type === "object" && isRecord(value) && isRecord(values)) {
        for (const [name, v] of Object.entries(value)) {
            if (isRecord(fallback) && !has(fallback, name))
                out.push(
                    `${id}: ${key} has an unknown entry "${name}" (known: ${Object.keys(fallback).join(", ")})`,
                );
            else if (!matches(values, v))
                out.push(`${id}: ${key}.${name} must be ${expected(values)} (got ${got(v)})`);
        }
        return;
    }
    if (!matches(schema, value)) out.push(`${id}: ${key} must be ${expected(schema)} (got ${got(value)})`);
}

function checkSection(id: string, rule: Rule | undefined, section: unknown, out: string[]): void {
    if (typeof section === "string" && LEVELS.includes(section)) {
        // Pulumi accepts a bare level; the offline plan and the linter read only the object form, so say so.
        out.push(
            `${id}: write {"enforcementLevel": "${section}"}; a bare level is not read by the offline checks`,
        );
        return;
    }
    if (!isRecord(section)) {
        out.push(`${id}: must be an object such as {"enforcementLevel": "advisory"} (got ${got(section)})`);
        return;
    }
    const schema = rule?.configSchema ?? {};
    const known = rule ? ["enforcementLevel", "exemptions", ...Object.keys(schema)] : ["enforcementLevel"];
    for (const [key, value] of Object.entries(section)) {
        if (key === "enforcementLevel") {
            if (typeof value !== "string" || !LEVELS.includes(value))
                out.push(`${id}: enforcementLevel must be one of ${LEVELS.join(", ")} (got ${got(value)})`);
        } else if (key === "exemptions" && rule) {
            checkExemptions(id, value, out);
        } else if (has(schema, key)) {
            checkSetting(id, key, schema[key], value, defaultOf(rule, key), out);
        } else {
            out.push(`${id}: unknown setting "${key}" (known: ${known.join(", ")})`);
        }
    }
}

/**
 * Every problem with a pack configuration, one message each; empty when it is valid. Unknown rule ids and
 * settings, enforcement levels @pulumi/policy does not know, values of the wrong JSON type for the rule's
 * configSchema, and exemptions without a `resource` or `reason` string.
 */
export function validatePackConfig(config: unknown): string[] {
    if (!isRecord(config)) return [`pack config must be a JSON object (got ${got(config)})`];
    const byId = new Map<string, Rule>(rules.map((r) => [r.id, r]));
    const ids = [...byId.keys(), EXEMPTIONS_POLICY_ID];
    const out: string[] = [];
    for (const [id, section] of Object.entries(config)) {
        // An explicit undefined is how a TypeScript caller leaves a section out (PackConfig allows it).
        if (section === undefined) continue;
        const rule = byId.get(id);
        if (rule === undefined && id !== EXEMPTIONS_POLICY_ID) {
            out.push(
                id === "all"
                    ? `"all" is not read by the offline checks; set enforcementLevel per rule (known: ${ids.join(", ")})`
                    : `unknown rule "${id}" (known: ${ids.join(", ")})`,
            );
            continue;
        }
        checkSection(id, rule, section, out);
    }
    return out;
}
