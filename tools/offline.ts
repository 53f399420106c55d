// Runs the Pulumi program under Pulumi's own mock runtime and records everything it registers, as the
// engine would see it: type, name, parent, provider, protect flag and inputs. This is the one module
// that touches Pulumi's internal runtime APIs (the mock monitor, runInPulumiStack, waitForRPCs);
// tests/tools/offline.test.ts fails loudly if an upgrade breaks them.
import * as fs from "fs";
import * as path from "path";
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "yaml";
import { CONFIG_NAMESPACE, ConfigError } from "../config";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const OFFLINE_ACCOUNT_ID = "123456789012";

export interface CapturedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** URN of the parent, or undefined for the stack itself. */
    readonly parent?: string;
    /** Provider reference (`urn::id`) a custom resource was registered with. */
    readonly provider?: string;
    /** Region of that provider, when it is an AWS provider. */
    readonly region?: string;
    readonly protect: boolean;
    /** "read" for resources the program only reads, such as a StackReference. */
    readonly operation: "register" | "read";
    readonly inputs: Record<string, unknown>;
    readonly id: string;
}

export interface OfflineRun {
    readonly stack: string;
    readonly resources: CapturedResource[];
    readonly outputs: Record<string, unknown>;
    /** Invoke tokens the program called, in order. */
    readonly invokes: string[];
}

export interface OfflineRunOptions {
    readonly stack: string;
    /** Stack config with namespaced keys (`efs-backup:site`), values as Pulumi stores them. */
    readonly config: Record<string, string>;
    /** Outputs of other stacks, by fully qualified name, for StackReferences. */
    readonly stackOutputs?: Record<string, Record<string, unknown>>;
    readonly accountId?: string;
    /** Defaults to the program's entry point (index.ts). */
    readonly program?: () => Promise<Record<string, unknown>>;
}

/** Deterministic fake IDs, so plans and tests are stable from run to run. */
function fakeId(prefix: string, name: string, len = 17): string {
    return `${prefix}${crypto.createHash("sha256").update(name).digest("hex").slice(0, len)}`;
}

function mockState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    region: string,
    account: string,
): { id: string; state: Record<string, unknown> } {
    const physical = typeof inputs.name === "string" ? inputs.name : name;
    switch (type) {
        case "aws:kms/key:Key": {
            const keyId = crypto.createHash("sha256").update(name).digest("hex");
            const uuid = `${keyId.slice(0, 8)}-${keyId.slice(8, 12)}-${keyId.slice(12, 16)}-${keyId.slice(16, 20)}-${keyId.slice(20, 32)}`;
            return {
                id: uuid,
                state: { ...inputs, keyId: uuid, arn: `arn:aws:kms:${region}:${account}:key/${uuid}` },
            };
        }
        case "aws:kms/alias:Alias":
            return {
                id: physical,
                state: { ...inputs, arn: `arn:aws:kms:${region}:${account}:${physical}` },
            };
        case "aws:backup/vault:Vault":
            return {
                id: physical,
                state: { ...inputs, arn: `arn:aws:backup:${region}:${account}:backup-vault:${physical}` },
            };
        case "aws:backup/plan:Plan": {
            const id = fakeId("", name, 32);
            return {
                id,
                state: {
                    ...inputs,
                    arn: `arn:aws:backup:${region}:${account}:backup-plan:${id}`,
                    version: "1",
                },
            };
        }
        case "aws:iam/role:Role": {
            const roleName = typeof inputs.name === "string" ? inputs.name : `${name}-${fakeId("", name, 7)}`;
            return {
                id: roleName,
                state: {
                    ...inputs,
                    name: roleName,
                    arn: `arn:aws:iam::${account}:role/${roleName}`,
                    uniqueId: fakeId("AROA", name),
                },
            };
        }
        case "aws:iam/instanceProfile:InstanceProfile": {
            const profileName = `${name}-${fakeId("", name, 7)}`;
            return {
                id: profileName,
                state: {
                    ...inputs,
                    name: profileName,
                    arn: `arn:aws:iam::${account}:instance-profile/${profileName}`,
                },
            };
        }
        case "aws:efs/fileSystem:FileSystem": {
            const id = fakeId("fs-", name);
            return {
                id,
                state: { ...inputs, arn: `arn:aws:elasticfilesystem:${region}:${account}:file-system/${id}` },
            };
        }
        case "aws:ec2/instance:Instance":
            return { id: fakeId("i-", name), state: { ...inputs } };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { id: fakeId("sg-", name), state: { ...inputs } };
        case "aws:cloudwatch/logGroup:LogGroup":
            return {
                id: physical,
                state: { ...inputs, arn: `arn:aws:logs:${region}:${account}:log-group:${physical}` },
            };
        case "awsx:ec2:Vpc":
            // awsx's VPC is a remote component: under mocks it has no children, so its outputs are faked here.
            return {
                id: "",
                state: {
                    vpcId: fakeId("vpc-", name),
                    publicSubnetIds: [
                        fakeId("subnet-", `${name}-public-1`),
                        fakeId("subnet-", `${name}-public-2`),
                    ],
                    privateSubnetIds: [
                        fakeId("subnet-", `${name}-private-1`),
                        fakeId("subnet-", `${name}-private-2`),
                    ],
                    isolatedSubnetIds: [],
                },
            };
        default:
            return { id: `${name}-id`, state: { ...inputs } };
    }
}

/** Reads a stack file's config into the string map Pulumi hands a program. */
export function readStackConfig(stack: string, root = PROJECT_ROOT): Record<string, string> {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    let doc: { config?: Record<string, unknown> } | null;
    try {
        doc = yaml.parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    } catch (e) {
        throw new ConfigError(
            `${file} is not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
        );
    }
    if (
        doc !== null &&
        (typeof doc !== "object" || (doc.config !== undefined && typeof doc.config !== "object"))
    ) {
        throw new ConfigError(`${file} must be a mapping with a config: section of key: value pairs`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc?.config ?? {})) {
        out[k] = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
    }
    return out;
}

// Mocks are process-wide, so runs are serialised.
let queue: Promise<unknown> = Promise.resolve();

/** Runs the program for one stack under mocks and returns what it registered and exported. */
export function runOffline(opts: OfflineRunOptions): Promise<OfflineRun> {
    const run = queue.then(() => runOnce(opts));
    queue = run.catch(() => undefined);
    return run;
}

async function runOnce(opts: OfflineRunOptions): Promise<OfflineRun> {
    const account = opts.accountId ?? OFFLINE_ACCOUNT_ID;
    const resources: CapturedResource[] = [];
    const invokes: string[] = [];
    // The SDK drops a mock's error message on the way to the program, so unmocked invokes are reported here.
    const unexpected: string[] = [];
    const providerRegions = new Map<string, string>();

    const regionOf = (providerRef: string | undefined): string | undefined =>
        providerRef ? providerRegions.get(providerRef) : undefined;

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                if (args.type === "pulumi:pulumi:StackReference") {
                    const name = String(args.inputs.name);
                    const outputs = opts.stackOutputs?.[name];
                    // The engine fails the same way when the referenced stack does not exist.
                    if (!outputs) throw new Error(`unknown stack "${name}"`);
                    return { id: name, state: { name, outputs, secretOutputNames: [] } };
                }
                if (args.type === "pulumi:providers:aws") {
                    return { id: `${args.name}-provider-id`, state: { ...args.inputs } };
                }
                const region = regionOf(args.provider) ?? "unknown-region";
                return mockState(args.type, args.name, args.inputs, region, account);
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokes.push(args.token);
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return {
                            accountId: account,
                            arn: `arn:aws:iam::${account}:user/offline-plan`,
                            userId: "AIDAOFFLINE",
                        };
                    case "aws:ec2/getAmi:getAmi":
                        return {
                            id: "ami-0offline0000000000",
                            imageId: "ami-0offline0000000000",
                            name: "al2023-ami-2023.offline-x86_64",
                        };
                    default:
                        unexpected.push(args.token);
                        throw new Error(
                            `unexpected invoke ${args.token}: the offline runtime has no mock for it`,
                        );
                }
            },
        },
        CONFIG_NAMESPACE,
        opts.stack,
        true,
    );
    pulumi.runtime.setAllConfig(opts.config);

    // Wrap the mock monitor to see what the engine sees: parent, provider and protect are not in MockResourceArgs.
    type Req = {
        getType(): string;
        getName(): string;
        getParent(): string;
        getProvider(): string;
        getProvidersMap(): { toObject(): Array<[string, string]> };
        getCustom(): boolean;
        getProtect(): boolean;
        getObject(): unknown;
        getProperties(): unknown;
    };
    type Res = { getUrn(): string; getId(): string } | undefined;
    const monitor = (pulumi.runtime as unknown as { getMonitor(): unknown }).getMonitor() as {
        registerResource(req: Req, cb: (err: Error | null, res: Res) => void): void;
        readResource(req: Req, cb: (err: Error | null, res: Res) => void): void;
    };
    if (typeof monitor?.registerResource !== "function" || typeof monitor.readResource !== "function") {
        throw new Error(
            "Pulumi's mock monitor no longer exposes registerResource/readResource: update tools/offline.ts",
        );
    }
    const originalRead = monitor.readResource.bind(monitor);
    monitor.readResource = (req, cb) => {
        originalRead(req, (err, res) => {
            if (!err && res) {
                resources.push({
                    urn: res.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: true,
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    protect: false,
                    operation: "read",
                    inputs: pulumi.runtime.deserializeProperties(req.getProperties() as never) as Record<
                        string,
                        unknown
                    >,
                    id: req.getName(),
                });
            }
            cb(err, res);
        });
    };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        // A remote component (awsx) carries its providers in a map rather than one reference.
        const providerRef = req.getProvider() || req.getProvidersMap().toObject()[0]?.[1] || undefined;
        original(req, (err, res) => {
            if (!err && res) {
                const inputs = pulumi.runtime.deserializeProperties(req.getObject() as never) as Record<
                    string,
                    unknown
                >;
                const type = req.getType();
                if (type === "pulumi:providers:aws" && typeof inputs.region === "string") {
                    providerRegions.set(`${res.getUrn()}::${res.getId()}`, inputs.region);
                }
                resources.push({
                    urn: res.getUrn(),
                    type,
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: providerRef,
                    region:
                        type === "pulumi:providers:aws" ? (inputs.region as string) : regionOf(providerRef),
                    protect: req.getProtect(),
                    operation: "register",
                    inputs,
                    id: res.getId(),
                });
            }
            cb(err, res);
        });
    };

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = opts.program ?? (require("../index") as () => Promise<Record<string, unknown>>);
    const runtime = pulumi.runtime as unknown as {
        runInPulumiStack(init: () => Promise<unknown>): Promise<Record<string, unknown> | undefined>;
        waitForRPCs?: () => Promise<void>;
    };
    let outputs: Record<string, unknown>;
    try {
        outputs = (await runtime.runInPulumiStack(program)) ?? {};
    } finally {
        if (unexpected.length > 0) {
            // eslint-disable-next-line no-unsafe-finally
            throw new Error(
                `unexpected invoke ${unexpected.join(", ")}: the offline runtime has no mock for it`,
            );
        }
    }
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }; // eslint-disable-line @typescript-eslint/no-require-imports
    await settings.waitForRPCs();
    return { stack: opts.stack, resources, outputs, invokes };
}
