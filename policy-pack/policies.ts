/**
 * The pack's policies: one ResourceValidationPolicy per rule, plus the stack policy that reports stale or
 * unexplained exemptions. Importing this module has no side effects (no PolicyPack, no server).
 */
import type { Policies } from "@pulumi/policy";
import { modules } from "./rules";
import { exemptionsPolicy } from "./lib/wrap";

export const policies: Policies = [...modules.map((m) => m.policy), exemptionsPolicy()];
