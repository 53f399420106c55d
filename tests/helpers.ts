// Shared test helpers: plan both stacks under mocks with config overrides, and find what they registered.
import { CONFIG_NAMESPACE } from "../config";
import { CapturedResource, OfflineRun, readStackConfig } from "../tools/offline";
import { planStacks } from "../tools/plan";

export type Overrides = Record<string, string | undefined>;

/** A stack file's config with overrides (bare keys; undefined removes a key). */
export function stackConfig(stack: "dest" | "source", overrides: Overrides = {}): Record<string, string> {
    const config = readStackConfig(stack);
    for (const [k, v] of Object.entries(overrides)) {
        const key = `${CONFIG_NAMESPACE}:${k}`;
        if (v === undefined) delete config[key];
        else config[key] = v;
    }
    return config;
}

export async function planBoth(
    overrides: { dest?: Overrides; source?: Overrides } = {},
): Promise<{ dest: OfflineRun; source: OfflineRun }> {
    const { runs } = await planStacks({
        dest: stackConfig("dest", overrides.dest),
        source: stackConfig("source", overrides.source),
    });
    return { dest: runs[0], source: runs[1] };
}

export function find(run: OfflineRun, type: string, name: string): CapturedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

export function all(run: OfflineRun, type: string): CapturedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** Parses a JSON policy property of a registered resource. */
export function policyOf(r: CapturedResource, prop = "policy"): { Version: string; Statement: Statement[] } {
    const raw = r.inputs[prop];
    if (typeof raw !== "string") throw new Error(`${r.name}.${prop} is not a JSON string`);
    return JSON.parse(raw) as { Version: string; Statement: Statement[] };
}

export interface Statement {
    Sid?: string;
    Effect: string;
    Action?: string | string[];
    Resource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, string | string[]>>;
}

export function countByType(run: OfflineRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}

/** Awaits a promise that must reject and returns its message. */
export async function rejection(p: Promise<unknown>): Promise<string> {
    try {
        await p;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
    throw new Error("expected a rejection");
}

export const ACCOUNT = "123456789012";
export const SOURCE_REGION = "ap-northeast-1";
export const DEST_REGION = "ap-southeast-2";
