/**
 * Drives @pulumi/policy the way the engine does, without a gRPC server or the Pulumi CLI.
 *
 * This module is the only place that touches @pulumi/policy internals (its server's analyze entry point and the
 * unknown-value sentinels of its proxy). harness.test.ts fails loudly if an upgrade changes them.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as serverModule from "@pulumi/policy/server";
import * as proxyModule from "@pulumi/policy/proxy";
import type {
    Policies,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    PolicyResource,
} from "@pulumi/policy";

type Callback = (err: Error | undefined, response: analyzerproto.AnalyzeResponse | undefined) => void;
type AnalyzeFn = (call: { request: analyzerproto.AnalyzeRequest }, callback: Callback) => Promise<void>;

interface ServerInternals {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policies): AnalyzeFn;
}
interface ProxyInternals {
    unknownStringValue: string;
    unknownCheckingProxy<T extends object>(value: T): T;
    UnknownValueError: new (...args: unknown[]) => Error;
}

// The .d.ts files of these modules are empty (a known packaging bug), hence the casts.
const server = serverModule as unknown as ServerInternals;
const proxy = proxyModule as unknown as ProxyInternals;

/** What the engine sees for a string that is unknown during preview. */
export const UNKNOWN_STRING: string = proxy.unknownStringValue;
export const UnknownValueError = proxy.UnknownValueError;

export function internalsAvailable(): string[] {
    const missing: string[] = [];
    if (typeof server.makeAnalyzeRpcFun !== "function") missing.push("server.makeAnalyzeRpcFun");
    if (typeof proxy.unknownCheckingProxy !== "function") missing.push("proxy.unknownCheckingProxy");
    if (typeof proxy.unknownStringValue !== "string") missing.push("proxy.unknownStringValue");
    if (typeof proxy.UnknownValueError !== "function") missing.push("proxy.UnknownValueError");
    return missing;
}

export interface EngineDiagnostic {
    readonly policyName: string;
    readonly message: string;
    readonly enforcementLevel: string;
    readonly urn: string;
}

const LEVELS: Record<number, string> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

export interface ResourceSpec {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly urn?: string;
}

export function urnOf(r: ResourceSpec): string {
    return r.urn ?? `urn:pulumi:test::efs-backup::${r.type}::${r.name}`;
}

/** Runs the policies through @pulumi/policy's own analyze RPC handler, as `pulumi preview` would. */
export async function analyze(policies: Policies, resource: ResourceSpec): Promise<EngineDiagnostic[]> {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(urnOf(resource));
    request.setProperties(
        Struct.fromJavaScript(resource.props as Parameters<typeof Struct.fromJavaScript>[0]),
    );
    request.setOptions(new analyzerproto.AnalyzerResourceOptions());
    const fn = server.makeAnalyzeRpcFun("efs-backup-least-privilege", "0.0.0-test", "advisory", policies);
    const response = await new Promise<analyzerproto.AnalyzeResponse>((resolve, reject) => {
        void fn({ request }, (err, res) =>
            err || !res ? reject(err ?? new Error("no response")) : resolve(res),
        );
    });
    return response.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        message: d.getMessage(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? String(d.getEnforcementlevel()),
        urn: d.getUrn(),
    }));
}

interface TypedClass {
    __pulumiType?: string;
}

/** A hand-made ResourceValidationArgs whose props are behind the engine's unknown-checking proxy. */
export function resourceArgs(
    resource: ResourceSpec,
    config: Record<string, unknown> = {},
): ResourceValidationArgs {
    const props = proxy.unknownCheckingProxy({ ...resource.props });
    const isType = (cls: unknown): boolean => (cls as TypedClass).__pulumiType === resource.type;
    return {
        type: resource.type,
        props,
        urn: urnOf(resource),
        name: resource.name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: isType as ResourceValidationArgs["isType"],
        asType: ((cls: unknown) => (isType(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: (<T extends object>() => config as T) as ResourceValidationArgs["getConfig"],
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason ?? ""}`);
        },
    };
}

/** Calls a policy's validateResource directly and collects what it reports. */
export async function validate(
    policy: ResourceValidationPolicy,
    resource: ResourceSpec,
    config: Record<string, unknown> = {},
): Promise<string[]> {
    const messages: string[] = [];
    const report: ReportViolation = (message: string) => {
        messages.push(message);
    };
    const fns = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const fn of fns) if (fn) await fn(resourceArgs(resource, config), report);
    return messages;
}

/** Calls a stack policy with hand-made StackValidationArgs. */
export async function validateStack(
    policy: StackValidationPolicy,
    resources: readonly ResourceSpec[],
    config: Record<string, unknown> = {},
): Promise<string[]> {
    const messages: string[] = [];
    const policyResources = resources.map((r) => {
        const args = resourceArgs(r);
        const pr: PolicyResource = {
            type: r.type,
            props: args.props,
            urn: args.urn,
            name: r.name,
            opts: args.opts,
            dependencies: [],
            propertyDependencies: {},
            isType: args.isType,
            asType: args.asType as PolicyResource["asType"],
        };
        return pr;
    });
    const args: StackValidationArgs = {
        resources: policyResources,
        stackTags: new Map(),
        getConfig: (<T extends object>() => config as T) as StackValidationArgs["getConfig"],
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason ?? ""}`);
        },
    };
    await policy.validateStack(args, (message: string) => {
        messages.push(message);
    });
    return messages;
}
