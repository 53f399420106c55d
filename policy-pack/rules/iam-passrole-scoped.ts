/**
 * iam-passrole-scoped: iam:PassRole names the roles it passes and says to which service
 * (iam:PassedToService). Without both, the holder can hand any role to any service that runs code.
 */
import { isBroadResource, PolicyDocument, selectActions, statementActions } from "../lib/document";
import { DocumentRule, Finding } from "../lib/findings";
import { hasConditionKey } from "../lib/helpers";
import type { ActionInfo } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-passrole-scoped";

/** Shared with iam-no-privilege-escalation, which asks the same question under the same key. */
const PASSROLE_KEY = "iam:PassRole";
const passRoleOnly = (actions: readonly ActionInfo[]): ActionInfo[] =>
    actions.filter((a) => a.id === "iam:PassRole");

export function check(doc: PolicyDocument): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (!s.isAllow || s.actions === undefined) continue;
        // "*" is iam-no-admin-wildcards' finding; repeating it per implied action adds nothing.
        if (statementActions(s).all) continue;
        if (selectActions(s, PASSROLE_KEY, passRoleOnly).length === 0) continue;
        for (const r of s.resources ?? []) {
            if (isBroadResource(r)) {
                out.push({
                    rule: id,
                    statement: s.label,
                    message: `iam:PassRole on "${r}" can pass any role; name the roles to pass`,
                });
            }
        }
        if (!hasConditionKey(s, "iam:PassedToService")) {
            out.push({
                rule: id,
                statement: s.label,
                message:
                    "iam:PassRole without an iam:PassedToService condition can pass the role to any service",
            });
        }
    }
    return out;
}

export const rule: DocumentRule = {
    id,
    target: "document",
    description:
        'iam:PassRole is limited to named roles (not "*" or role/*) and to a service via iam:PassedToService.',
    enforcementLevel: "mandatory",
    kinds: ["identity"],
    configSchema: {},
    defaults: {},
    check,
};

export const policy = toPolicy(rule);
