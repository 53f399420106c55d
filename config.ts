// Every setting of both stacks, read once from raw stack config into a typed, validated object.
// The loader is a pure function of the raw key/value map so that tests and the offline plan can feed
// it the same YAML a real `pulumi preview` reads, and bad input fails before any resource exists.
import * as pulumi from "@pulumi/pulumi";

/** The config namespace: the project name in Pulumi.yaml. */
export const CONFIG_NAMESPACE = "efs-backup";

export type Site = "source" | "dest";
export type NatGatewayStrategy = "None" | "Single" | "OnePerAz";

/** A bad config value. Extends RunError so that the Pulumi CLI prints the message without a stack trace. */
export class ConfigError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

export interface Lifecycle {
    /** Days after creation before a recovery point moves to cold storage; undefined: never. */
    readonly coldStorageAfterDays?: number;
    /** Days after creation before a recovery point is deleted; undefined: never. */
    readonly deleteAfterDays?: number;
}

export interface SelectionTag {
    /** Tag key as AWS Backup matches it, e.g. `aws:ResourceTag/backup`. */
    readonly key: string;
    readonly value: string;
}

export interface PlanSettings {
    readonly planName: string;
    readonly ruleName: string;
    readonly schedule: string;
    readonly startWindowMinutes: number;
    readonly completionWindowMinutes: number;
    readonly lifecycle: Lifecycle;
    readonly copyLifecycle: Lifecycle;
    readonly selectionName: string;
    readonly selectionTags: readonly SelectionTag[];
}

export interface NetworkSettings {
    readonly vpcName: string;
    readonly vpcCidr: string;
    readonly publicSubnetCidrs: readonly string[];
    readonly privateSubnetCidrs: readonly string[];
    readonly natGateways: NatGatewayStrategy;
    readonly fileSystemName: string;
    readonly bastionInstanceType: string;
    readonly bastionKeyPairName?: string;
    readonly sshIngressCidrs: readonly string[];
    readonly flowLogRetentionDays: number;
}

export interface RoleNames {
    readonly serviceRoleName: string;
    readonly adminRoleName: string;
    readonly operatorRoleName: string;
}

export interface SourceSettings {
    /** Fully qualified name of the dest stack, read through a StackReference. */
    readonly destStack: string;
    /** The one principal that may assume the admin and operator roles. */
    readonly trustedPrincipalArn: string;
    readonly maxSessionHours: number;
    readonly network: NetworkSettings;
    readonly plan: PlanSettings;
}

export interface SiteConfig {
    readonly site: Site;
    readonly region: string;
    /** When set, the provider refuses to touch any other account. */
    readonly accountId?: string;
    /** Who runs `pulumi up`; may use the vault keys through AWS Backup. Default: the caller identity. */
    readonly deployerArn?: string;
    readonly vaultName: string;
    readonly keyAlias: string;
    readonly keyDeletionWindowDays: number;
    /** Deny recovery-point deletion to every principal but the admin role in the vault access policy. */
    readonly vaultLockdown: boolean;
    readonly roles: RoleNames;
    /** Present on the source site only. */
    readonly source?: SourceSettings;
}

export const DEFAULT_REGIONS: Record<Site, string> = { source: "ap-northeast-1", dest: "ap-southeast-2" };
export const DEFAULT_VAULT_NAMES: Record<Site, string> = {
    source: "TestEFS-Source-BackupVault",
    dest: "TestEFS-Dest-BackupVault",
};

interface KeySpec {
    readonly sites: readonly Site[];
    readonly help: string;
}

// The closed set of keys: a misspelled key is an error, never a silently ignored value.
const KEYS: Record<string, KeySpec> = {
    site: { sites: ["source", "dest"], help: "which site this stack is: source or dest" },
    region: { sites: ["source", "dest"], help: "AWS region of this site" },
    accountId: { sites: ["source", "dest"], help: "12-digit account ID the stack must deploy into" },
    deployerArn: { sites: ["source", "dest"], help: "IAM user or role that runs pulumi up" },
    vaultName: { sites: ["source", "dest"], help: "backup vault name" },
    keyAlias: { sites: ["source", "dest"], help: "KMS alias of the vault key" },
    keyDeletionWindowDays: { sites: ["source", "dest"], help: "KMS key deletion window, 7-30" },
    vaultLockdown: { sites: ["source", "dest"], help: "deny recovery-point deletion to all but the admin" },
    adminRoleName: { sites: ["source", "dest"], help: "name of the backup admin role" },
    operatorRoleName: { sites: ["source", "dest"], help: "name of the backup operator role" },
    serviceRoleName: { sites: ["source", "dest"], help: "name of the AWS Backup service role" },
    destStack: { sites: ["source"], help: "fully qualified dest stack name, e.g. myorg/efs-backup/dest" },
    trustedPrincipalArn: { sites: ["source"], help: "IAM user or role ARN that may assume admin/operator" },
    maxSessionHours: { sites: ["source"], help: "maximum session of the admin and operator roles, 1-12" },
    vpcName: { sites: ["source"], help: "VPC name" },
    vpcCidr: { sites: ["source"], help: "VPC CIDR" },
    publicSubnetCidrs: { sites: ["source"], help: "two public subnet CIDRs" },
    privateSubnetCidrs: { sites: ["source"], help: "two private subnet CIDRs" },
    natGateways: { sites: ["source"], help: "None, Single or OnePerAz" },
    fileSystemName: { sites: ["source"], help: "Name tag of the EFS file system" },
    bastionInstanceType: { sites: ["source"], help: "EC2 instance type of the bastion" },
    bastionKeyPairName: { sites: ["source"], help: "existing EC2 key pair for the bastion" },
    sshIngressCidrs: { sites: ["source"], help: "CIDRs allowed to SSH to the bastion" },
    flowLogRetentionDays: { sites: ["source"], help: "retention of the VPC flow log group" },
    planName: { sites: ["source"], help: "backup plan name" },
    ruleName: { sites: ["source"], help: "backup rule name" },
    schedule: { sites: ["source"], help: "AWS cron expression, e.g. cron(0 5/12 ? * * *)" },
    startWindowMinutes: { sites: ["source"], help: "backup start window" },
    completionWindowMinutes: { sites: ["source"], help: "backup completion window" },
    coldStorageAfterDays: { sites: ["source"], help: "days before cold storage" },
    deleteAfterDays: { sites: ["source"], help: "days before deletion" },
    copyColdStorageAfterDays: { sites: ["source"], help: "days before cold storage of the copy" },
    copyDeleteAfterDays: { sites: ["source"], help: "days before deletion of the copy" },
    selectionName: { sites: ["source"], help: "backup selection name" },
    selectionTags: { sites: ["source"], help: 'list of {"key","value"} tag conditions' },
};

// Values in CloudWatch Logs' fixed retention menu; anything else is rejected by the API.
const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const REGION_RE =
    /^[a-z]{2}(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d$/;
// A user or role only: a whole account (`:root`) would let every principal in it assume the personas.
const PRINCIPAL_ARN_RE = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;
const IAM_NAME_RE = /^[\w+=,.@-]{1,64}$/;
const VAULT_NAME_RE = /^[a-zA-Z0-9\-_]{2,50}$/;
const PLAN_NAME_RE = /^[a-zA-Z0-9\-_.]{1,50}$/;
const STACK_RE = /^([\w.-]+\/){0,2}[\w.-]+$/;

type Raw = Readonly<Record<string, string | undefined>>;

function fail(key: string, problem: string, fix: string): never {
    throw new ConfigError(`${CONFIG_NAMESPACE}:${key} ${problem}. ${fix}`);
}

function str(raw: Raw, key: string, dflt: string): string {
    const v = raw[key];
    if (v === undefined) return dflt;
    if (v.trim() === "") fail(key, "is empty", `Remove it to use the default "${dflt}", or set a value`);
    return v.trim();
}

function int(raw: Raw, key: string, dflt: number, min: number, max: number): number {
    const v = raw[key];
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v.trim()))
        fail(key, `is "${v}", not a whole number`, `Set a number from ${min} to ${max}`);
    const n = Number(v.trim());
    if (n < min || n > max) fail(key, `is ${n}, outside ${min}-${max}`, `Set a number from ${min} to ${max}`);
    return n;
}

function optionalDays(raw: Raw, key: string, dflt: number | undefined): number | undefined {
    if (raw[key] !== undefined && raw[key]!.trim().toLowerCase() === "never") return undefined;
    if (raw[key] === undefined) return dflt;
    return int(raw, key, 0, 1, 36500);
}

function bool(raw: Raw, key: string, dflt: boolean): boolean {
    const v = raw[key];
    if (v === undefined) return dflt;
    if (v === "true") return true;
    if (v === "false") return false;
    return fail(key, `is "${v}", not a boolean`, "Set true or false");
}

function list(raw: Raw, key: string, dflt: readonly string[]): string[] {
    const v = raw[key];
    if (v === undefined) return [...dflt];
    let parsed: unknown;
    try {
        parsed = JSON.parse(v);
    } catch {
        return fail(key, `is "${v}", not a list`, `Set a YAML list or a JSON array of strings`);
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string")) {
        fail(key, "is not a list of strings", "Set a YAML list or a JSON array of strings");
    }
    return parsed as string[];
}

function region(raw: Raw, key: string, dflt: string): string {
    const r = str(raw, key, dflt);
    if (!REGION_RE.test(r))
        fail(key, `is "${r}", not an AWS region`, "Use a region code such as ap-northeast-1");
    return r;
}

function iamName(raw: Raw, key: string, dflt: string): string {
    const n = str(raw, key, dflt);
    if (!IAM_NAME_RE.test(n)) {
        fail(key, `is "${n}", not a valid IAM role name`, "Use 1-64 letters, digits and +=,.@_-");
    }
    return n;
}

/** Parses "a.b.c.d/n" and returns [network address as a 32-bit number, prefix length], or undefined. */
export function parseCidr(cidr: string): [number, number] | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const addr = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    if (addr % size !== 0) return undefined; // host bits set: AWS rejects it
    return [addr, prefix];
}

function cidrWithin(inner: [number, number], outer: [number, number]): boolean {
    const outerSize = 2 ** (32 - outer[1]);
    const innerSize = 2 ** (32 - inner[1]);
    return inner[0] >= outer[0] && inner[0] + innerSize <= outer[0] + outerSize;
}

function cidrsOverlap(a: [number, number], b: [number, number]): boolean {
    return cidrWithin(a, b) || cidrWithin(b, a);
}

function cidr(key: string, value: string): [number, number] {
    const parsed = parseCidr(value);
    if (!parsed)
        fail(key, `has "${value}", not an IPv4 CIDR block`, "Use a network address such as 10.1.0.0/24");
    return parsed;
}

const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[] }> = [
    { name: "minutes", min: 0, max: 59 },
    { name: "hours", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31 },
    {
        name: "month",
        min: 1,
        max: 12,
        names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    },
    { name: "day-of-week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
    { name: "year", min: 1970, max: 2199 },
];

/** Returns why an AWS six-field cron expression is invalid, or undefined when it is valid. */
export function cronProblem(expr: string): string | undefined {
    const m = /^cron\((.*)\)$/.exec(expr);
    if (!m) return "must have the form cron(minutes hours day-of-month month day-of-week year)";
    const fields = m[1].trim().split(/\s+/);
    if (fields.length !== 6) return `has ${fields.length} fields; AWS cron takes exactly 6`;
    const [dom, dow] = [fields[2], fields[4]];
    if ((dom === "?") === (dow === "?")) return "must have ? in exactly one of day-of-month and day-of-week";
    for (let i = 0; i < 6; i++) {
        const f = CRON_FIELDS[i];
        const value = fields[i];
        if (value === "*" || (value === "?" && (i === 2 || i === 4))) continue;
        if (i === 2 && /^(L|LW|([1-9]|[12]\d|3[01])W)$/.test(value)) continue;
        if (i === 4 && /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])$/.test(value)) continue;
        for (const part of value.split(",")) {
            const pm = /^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/.exec(part);
            if (!pm) return `has an invalid ${f.name} field "${value}"`;
            const bounds = pm[1] === "*" ? [] : pm[1].split("-");
            for (const b of bounds) {
                const n =
                    f.names && f.names.includes(b)
                        ? f.names.indexOf(b) + 1
                        : /^\d+$/.test(b)
                          ? Number(b)
                          : NaN;
                if (!(n >= f.min && n <= f.max)) {
                    return `has ${f.name} "${b}" outside ${f.min}-${f.max}`;
                }
            }
            if (pm[2] !== undefined && Number(pm[2]) === 0) return `has a zero step in ${f.name}`;
        }
    }
    // AWS Backup rejects schedules more frequent than hourly.
    if (fields[0].includes(",") || fields[0].includes("/") || fields[0].includes("-") || fields[0] === "*") {
        return "runs more than once an hour; AWS Backup needs a single minute value";
    }
    return undefined;
}

/** AWS bills cold storage for at least this long and rejects a lifecycle that deletes sooner. */
export const MIN_COLD_STORAGE_DAYS = 90;

/** The first day a recovery point that went cold on day `coldDays` may be deleted. */
export function earliestDeleteDay(coldDays: number): number {
    return coldDays + MIN_COLD_STORAGE_DAYS;
}

function lifecycle(raw: Raw, coldKey: string, deleteKey: string, dflt: Lifecycle): Lifecycle {
    const cold = optionalDays(raw, coldKey, dflt.coldStorageAfterDays);
    const del = optionalDays(raw, deleteKey, dflt.deleteAfterDays);
    if (cold !== undefined && del !== undefined && del < earliestDeleteDay(cold)) {
        fail(
            deleteKey,
            `is ${del}, but recovery points move to cold storage after ${cold} days (${coldKey}) and must stay there at least ${MIN_COLD_STORAGE_DAYS} days`,
            `Set ${deleteKey} to ${earliestDeleteDay(cold)} or more, or raise/remove ${coldKey}`,
        );
    }
    return { coldStorageAfterDays: cold, deleteAfterDays: del };
}

function selectionTags(raw: Raw): SelectionTag[] {
    const v = raw["selectionTags"];
    if (v === undefined) return [];
    let parsed: unknown;
    try {
        parsed = JSON.parse(v);
    } catch {
        return fail("selectionTags", "is not a list", 'Set a list of {"key": ..., "value": ...} objects');
    }
    if (!Array.isArray(parsed)) {
        return fail("selectionTags", "is not a list", 'Set a list of {"key": ..., "value": ...} objects');
    }
    return parsed.map((t: unknown, i) => {
        const o = t as Record<string, unknown>;
        if (typeof o !== "object" || o === null || typeof o.key !== "string" || typeof o.value !== "string") {
            return fail(
                `selectionTags[${i}]`,
                'is not a {"key", "value"} object of strings',
                "Fix the entry",
            );
        }
        // AWS Backup matches resource tags with this exact key form; the runbook's misspelt
        // `aws:elasticfilesystem:custome-backup` silently selected nothing.
        if (!/^aws:ResourceTag\/[\w .:/=+\-@]{1,128}$/.test(o.key)) {
            fail(
                `selectionTags[${i}].key`,
                `is "${o.key}", not a resource tag condition key`,
                "Use aws:ResourceTag/<tag-key>, e.g. aws:ResourceTag/backup",
            );
        }
        return { key: o.key, value: o.value };
    });
}

/**
 * Validates and types the raw config of one stack. `raw` maps bare keys (no namespace) to the string
 * values Pulumi stores; lists and objects are JSON strings.
 */
export function loadConfig(raw: Raw): SiteConfig {
    const siteValue = raw["site"];
    if (siteValue === undefined) {
        fail("site", "is not set", "Set it to source or dest: pulumi config set site dest");
    }
    if (siteValue !== "source" && siteValue !== "dest") {
        fail("site", `is "${siteValue}", not a known site`, "Set it to source or dest");
    }
    const site: Site = siteValue;
    for (const key of Object.keys(raw)) {
        const spec = KEYS[key];
        if (!spec) {
            fail(
                key,
                "is not a setting of this program",
                `Remove it; known settings: ${Object.keys(KEYS).join(", ")}`,
            );
        }
        if (!spec.sites.includes(site)) {
            fail(
                key,
                `applies to the ${spec.sites.join("/")} site only (${spec.help})`,
                `Remove it from the ${site} stack`,
            );
        }
    }

    const accountIdValue = raw["accountId"];
    if (accountIdValue !== undefined && !/^\d{12}$/.test(accountIdValue)) {
        fail(
            "accountId",
            `is "${accountIdValue}", not a 12-digit account ID`,
            "Set the account ID, e.g. 123456789012",
        );
    }
    const vaultName = str(raw, "vaultName", DEFAULT_VAULT_NAMES[site]);
    if (!VAULT_NAME_RE.test(vaultName)) {
        fail("vaultName", `is "${vaultName}", not a valid vault name`, "Use 2-50 letters, digits, - and _");
    }
    const keyAlias = str(raw, "keyAlias", "alias/Key_For_EFSBackup");
    if (!/^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/.test(keyAlias)) {
        fail(
            "keyAlias",
            `is "${keyAlias}", not a customer KMS alias`,
            "Use alias/<name>, not under alias/aws/",
        );
    }
    const roles: RoleNames = {
        serviceRoleName: iamName(raw, "serviceRoleName", "BackupTest-ServiceBackupPolicy"),
        adminRoleName: iamName(raw, "adminRoleName", "BackupTest-AdminRole"),
        operatorRoleName: iamName(raw, "operatorRoleName", "BackupTest-OperatorRole"),
    };
    if (new Set(Object.values(roles)).size !== 3) {
        fail(
            "adminRoleName",
            "equals another role name",
            "Give the service, admin and operator roles distinct names",
        );
    }
    const deployerArn = raw["deployerArn"];
    if (deployerArn !== undefined && !PRINCIPAL_ARN_RE.test(deployerArn)) {
        fail(
            "deployerArn",
            `is "${deployerArn}", not an IAM user or role ARN`,
            "Use the user or role that runs pulumi up, e.g. arn:aws:iam::123456789012:role/deployer",
        );
    }
    const base = {
        site,
        region: region(raw, "region", DEFAULT_REGIONS[site]),
        accountId: accountIdValue,
        deployerArn,
        vaultName,
        keyAlias,
        keyDeletionWindowDays: int(raw, "keyDeletionWindowDays", 30, 7, 30),
        vaultLockdown: bool(raw, "vaultLockdown", true),
        roles,
    };
    if (site === "dest") return base;
    return { ...base, source: loadSourceSettings(raw) };
}

function loadSourceSettings(raw: Raw): SourceSettings {
    const destStack = raw["destStack"];
    if (destStack === undefined || destStack.trim() === "") {
        fail(
            "destStack",
            "is not set; the source site reads the dest vault and key from the dest stack",
            "Deploy the dest stack first, then: pulumi config set destStack <org>/efs-backup/dest",
        );
    }
    if (!STACK_RE.test(destStack)) {
        fail(
            "destStack",
            `is "${destStack}", not a stack name`,
            "Use <org>/<project>/<stack>, e.g. myorg/efs-backup/dest",
        );
    }
    const trustedPrincipalArn = raw["trustedPrincipalArn"];
    if (trustedPrincipalArn === undefined) {
        fail(
            "trustedPrincipalArn",
            "is not set; the admin and operator roles need one principal that may assume them",
            "Set an IAM user or role ARN, e.g. arn:aws:iam::123456789012:user/alice",
        );
    }
    if (!PRINCIPAL_ARN_RE.test(trustedPrincipalArn)) {
        fail(
            "trustedPrincipalArn",
            `is "${trustedPrincipalArn}", not an IAM user or role ARN`,
            "Use e.g. arn:aws:iam::123456789012:user/alice or arn:aws:iam::123456789012:role/ops",
        );
    }
    return {
        destStack,
        trustedPrincipalArn,
        maxSessionHours: int(raw, "maxSessionHours", 12, 1, 12),
        network: loadNetwork(raw),
        plan: loadPlan(raw),
    };
}

function loadNetwork(raw: Raw): NetworkSettings {
    const vpcCidr = str(raw, "vpcCidr", "10.1.0.0/16");
    const vpc = cidr("vpcCidr", vpcCidr);
    if (vpc[1] < 16 || vpc[1] > 28)
        fail("vpcCidr", `is ${vpcCidr}`, "AWS allows VPC prefixes from /16 to /28");
    const publicSubnetCidrs = list(raw, "publicSubnetCidrs", ["10.1.0.0/24", "10.1.16.0/24"]);
    const privateSubnetCidrs = list(raw, "privateSubnetCidrs", ["10.1.32.0/19", "10.1.128.0/19"]);
    const seen: Array<[string, [number, number]]> = [];
    for (const [key, cidrs] of [
        ["publicSubnetCidrs", publicSubnetCidrs],
        ["privateSubnetCidrs", privateSubnetCidrs],
    ] as const) {
        if (cidrs.length !== 2)
            fail(key, `has ${cidrs.length} entries`, "List exactly 2 CIDRs, one per availability zone");
        for (const c of cidrs) {
            const parsed = cidr(key, c);
            if (!cidrWithin(parsed, vpc))
                fail(key, `has ${c}, outside vpcCidr ${vpcCidr}`, "Use CIDRs inside the VPC");
            const clash = seen.find(([, other]) => cidrsOverlap(parsed, other));
            if (clash) fail(key, `has ${c}, which overlaps ${clash[0]}`, "Use non-overlapping subnet CIDRs");
            seen.push([c, parsed]);
        }
    }
    const natGateways = str(raw, "natGateways", "None");
    if (natGateways !== "None" && natGateways !== "Single" && natGateways !== "OnePerAz") {
        fail("natGateways", `is "${natGateways}"`, "Set None, Single or OnePerAz");
    }
    const sshIngressCidrs = list(raw, "sshIngressCidrs", []);
    for (const c of sshIngressCidrs) {
        const parsed = cidr("sshIngressCidrs", c);
        if (parsed[1] < 8) {
            fail(
                "sshIngressCidrs",
                `has ${c}, which opens SSH to a large part of the internet`,
                "List your own /8 or narrower ranges, or leave it empty and use SSM Session Manager",
            );
        }
    }
    const keyPair = raw["bastionKeyPairName"];
    if (keyPair !== undefined && !/^[\x20-\x7e]{1,255}$/.test(keyPair)) {
        fail("bastionKeyPairName", `is "${keyPair}"`, "Use the name of an existing EC2 key pair");
    }
    const instanceType = str(raw, "bastionInstanceType", "t3.micro");
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
        fail("bastionInstanceType", `is "${instanceType}", not an EC2 instance type`, "Use e.g. t3.micro");
    }
    const retention = int(raw, "flowLogRetentionDays", 90, 1, 3653);
    if (!LOG_RETENTION_DAYS.includes(retention)) {
        fail(
            "flowLogRetentionDays",
            `is ${retention}`,
            `Use one of CloudWatch's values: ${LOG_RETENTION_DAYS.join(", ")}`,
        );
    }
    return {
        vpcName: str(raw, "vpcName", "BackupPoCVPC"),
        vpcCidr,
        publicSubnetCidrs,
        privateSubnetCidrs,
        natGateways,
        fileSystemName: str(raw, "fileSystemName", "BackupTest-Volume"),
        bastionInstanceType: instanceType,
        bastionKeyPairName: keyPair,
        sshIngressCidrs,
        flowLogRetentionDays: retention,
    };
}

function loadPlan(raw: Raw): PlanSettings {
    const planName = str(raw, "planName", "TestEFS-testplan");
    if (!PLAN_NAME_RE.test(planName))
        fail("planName", `is "${planName}"`, "Use 1-50 letters, digits and -_.");
    const ruleName = str(raw, "ruleName", "HalfDayBackups");
    if (!PLAN_NAME_RE.test(ruleName))
        fail("ruleName", `is "${ruleName}"`, "Use 1-50 letters, digits and -_.");
    const schedule = str(raw, "schedule", "cron(0 5/12 ? * * *)");
    const problem = cronProblem(schedule);
    if (problem) fail("schedule", `is "${schedule}", which ${problem}`, "Use e.g. cron(0 5/12 ? * * *)");
    const startWindowMinutes = int(raw, "startWindowMinutes", 480, 60, 43200);
    const completionWindowMinutes = int(raw, "completionWindowMinutes", 10080, 60, 5256000);
    if (completionWindowMinutes <= startWindowMinutes) {
        fail(
            "completionWindowMinutes",
            `is ${completionWindowMinutes}, not longer than startWindowMinutes (${startWindowMinutes})`,
            "A job must be able to finish after it starts: raise completionWindowMinutes",
        );
    }
    const selectionName = str(raw, "selectionName", "TestEFS-selection");
    if (!PLAN_NAME_RE.test(selectionName))
        fail("selectionName", `is "${selectionName}"`, "Use 1-50 letters, digits and -_.");
    return {
        planName,
        ruleName,
        schedule,
        startWindowMinutes,
        completionWindowMinutes,
        lifecycle: lifecycle(raw, "coldStorageAfterDays", "deleteAfterDays", {
            coldStorageAfterDays: 8,
            deleteAfterDays: 100,
        }),
        copyLifecycle: lifecycle(raw, "copyColdStorageAfterDays", "copyDeleteAfterDays", {
            coldStorageAfterDays: 8,
            deleteAfterDays: 100,
        }),
        selectionName,
        selectionTags: selectionTags(raw),
    };
}

/**
 * Reads this stack's raw config from the Pulumi runtime, stripped of the namespace. AWS provider keys are
 * refused: default providers are disabled, so a value such as aws:region would be silently ignored.
 */
export function rawStackConfig(
    all: Record<string, string> = pulumi.runtime.allConfig(),
): Record<string, string> {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(all)) {
        if (k.startsWith(prefix)) raw[k.slice(prefix.length)] = v;
        else if (k.startsWith("aws:")) {
            throw new ConfigError(
                `${k} is set, but this program ignores provider config: each site's provider takes its region ` +
                    `from ${CONFIG_NAMESPACE}:region. Remove ${k} (pulumi config rm ${k})`,
            );
        }
    }
    return raw;
}
