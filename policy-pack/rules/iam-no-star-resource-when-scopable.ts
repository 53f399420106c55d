/**
 * iam-no-star-resource-when-scopable: `Resource: "*"` (or `arn:...:*`) for actions that accept resource ARNs, at
 * the access levels that change things (Write, Permissions management, Tagging by default). Read and List on "*"
 * are left alone by default: that is how read-only policies are normally written.
 *
 * Identity policies only: in a resource policy "*" means "this resource" (a key policy's "*" is the key).
 * Wildcard-only actions (no resource type in the reference) are never flagged: "*" is the only way to grant them.
 */
import {
    isStarResource,
    listActions,
    PolicyDocument,
    selectActions,
    Statement,
    statementActions,
} from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { actionsMatching, hasAccessLevel, hasResourceScopingCondition } from "../lib/helpers";
import type { ActionInfo } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-no-star-resource-when-scopable";

export interface Config {
    readonly accessLevels: string[];
    /** Actions (globs over service:Name) accepted on "*" anyway. */
    readonly ignoreActions: string[];
}

const labels = new WeakMap<ActionInfo, string>();

/** How the message shows an action: its id and the resource types it takes (built once per action). */
const withTypes = (a: ActionInfo): string => {
    let label = labels.get(a);
    if (label === undefined) {
        label = `${a.id} (${a.resourceTypes.map((r) => r.name).join("|")})`;
        labels.set(a, label);
    }
    return label;
};

/** Selection keys by config object: a stable string is hashed once, not once per document. */
const keys = new WeakMap<Config, string>();

function keyOf(config: Config): string {
    let key = keys.get(config);
    if (key === undefined) {
        key = `scopable|${config.accessLevels.join(",")}|${config.ignoreActions.join(",")}`;
        keys.set(config, key);
    }
    return key;
}

/**
 * An action whose resource types are all optional, called with a positive condition on one of its own service
 * keys (cloudwatch:PutMetricData with cloudwatch:namespace), is scoped by that condition: the request may name
 * no resource at all, so "*" is the only Resource that works for it.
 */
function narrowedByCondition(a: ActionInfo, s: Statement): boolean {
    if (a.resourceTypes.some((r) => r.required)) return false;
    const own = `${a.service.toLowerCase()}:`;
    return s.conditions.some(
        (c) =>
            !/Not|IfExists|^Null$/.test(c.operator) &&
            c.key.toLowerCase().startsWith(own) &&
            a.conditionKeys.some((k) => k.toLowerCase() === c.key.toLowerCase()),
    );
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    let key: string | undefined;
    let select: ((actions: readonly ActionInfo[]) => readonly ActionInfo[]) | undefined;
    for (const s of doc.statements) {
        if (!s.isAllow || s.actions === undefined) continue;
        const star = (s.resources ?? []).find(isStarResource);
        if (star === undefined || hasResourceScopingCondition(s)) continue;
        // "*" and service wildcards are iam-no-admin-wildcards' finding; repeating it here adds nothing.
        if (statementActions(s).all) continue;
        const { accessLevels, ignoreActions } = ctx.config;
        key = key ?? keyOf(ctx.config);
        select =
            select ??
            ((actions) => {
                const ignored = new Set(actionsMatching(actions, ignoreActions));
                return actions.filter(
                    (a) => !a.wildcardOnly && !ignored.has(a) && hasAccessLevel(a, accessLevels),
                );
            });
        const selected = selectActions(s, key, select);
        const scopable =
            s.conditions.length === 0 ? selected : selected.filter((a) => !narrowedByCondition(a, s));
        if (scopable.length === 0) continue;
        out.push({
            rule: id,
            statement: s.label,
            message: `Resource "${star}" for actions that accept resource ARNs: ${listActions(scopable, withTypes)}; name the resources instead`,
        });
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        'No Resource "*" for actions that accept resource ARNs (Write, Permissions management and Tagging by default).',
    enforcementLevel: "mandatory",
    kinds: ["identity"],
    configSchema: {
        accessLevels: {
            type: "array",
            items: { type: "string", enum: ["Read", "List", "Write", "Permissions management", "Tagging"] },
            description:
                'Access levels (from the Service Authorization Reference) that must not use Resource "*".',
        },
        ignoreActions: {
            type: "array",
            items: { type: "string" },
            description: 'Actions (globs such as "ec2:CreateTags") accepted on "*" anyway.',
        },
    },
    defaults: { accessLevels: ["Write", "Permissions management", "Tagging"], ignoreActions: [] },
    check,
};

export const policy = toPolicy(rule);
