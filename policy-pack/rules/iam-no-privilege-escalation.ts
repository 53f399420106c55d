/**
 * iam-no-privilege-escalation: grants that let the holder give itself more permissions.
 * - Permissions-management actions (access level from the reference) on all resources of their type.
 * - Known single-action escalations (policy versions, attaching or putting policies, trust policy updates,
 *   access keys and login profiles, permissions boundaries, replacing code that runs under a role) on all
 *   resources of their type.
 * - iam:PassRole on any role together with an action that launches compute with a role.
 * The two lists name the escalation paths the issue calls out (after Rhino Security Labs' catalogue); a test
 * checks every entry against the reference.
 */
import {
    isBroadResource,
    listActions,
    PolicyDocument,
    selectActions,
    Statement,
    statementActions,
} from "../lib/document";
import { DocumentContext, DocumentRule, Finding } from "../lib/findings";
import { actionsMatching, hasAccessLevel, hasResourceScopingCondition } from "../lib/helpers";
import { ActionInfo } from "../lib/reference";
import { toPolicy } from "../lib/wrap";

export const id = "iam-no-privilege-escalation";

export const ESCALATION_ACTIONS: readonly string[] = [
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "iam:PutUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "lambda:UpdateFunctionCode",
    "glue:UpdateDevEndpoint",
];

export const PASSROLE_LAUNCH_ACTIONS: readonly string[] = [
    "ec2:RunInstances",
    "ec2:RequestSpotInstances",
    "autoscaling:CreateLaunchConfiguration",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionConfiguration",
    "glue:CreateDevEndpoint",
    "glue:CreateJob",
    "cloudformation:CreateStack",
    "cloudformation:UpdateStack",
    "datapipeline:CreatePipeline",
    "ecs:RunTask",
    "ecs:StartTask",
    "ecs:CreateService",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "codebuild:CreateProject",
    "states:CreateStateMachine",
];

export interface Config {
    readonly escalationActions: string[];
    readonly passRoleLaunchActions: string[];
}

const PASSROLE_KEY = "iam:PassRole";
export const passRoleOnly = (actions: readonly ActionInfo[]): ActionInfo[] =>
    actions.filter((a) => a.id === "iam:PassRole");

const MANAGEMENT_KEY = "permissions-management";
const MANAGEMENT_LEVELS = ["Permissions management"];
const managementOnly = (actions: readonly ActionInfo[]): ActionInfo[] =>
    actions.filter((a) => !a.wildcardOnly && hasAccessLevel(a, MANAGEMENT_LEVELS));

function broad(s: Statement): string | undefined {
    if (hasResourceScopingCondition(s)) return undefined;
    return (s.resources ?? []).find(isBroadResource);
}

interface Keys {
    readonly launch: string;
    readonly escalation: string;
}

/** Selection keys by config object: stable strings are hashed once, not once per document. */
const keysByConfig = new WeakMap<Config, Keys>();

function keysOf(config: Config): Keys {
    let keys = keysByConfig.get(config);
    if (keys === undefined) {
        keys = {
            launch: `launch|${config.passRoleLaunchActions.join(",")}`,
            escalation: `escalation|${config.escalationActions.join(",")}`,
        };
        keysByConfig.set(config, keys);
    }
    return keys;
}

export function check(doc: PolicyDocument, ctx: DocumentContext<Config>): Finding[] {
    const out: Finding[] = [];
    let passRole: { statement: Statement; resource: string } | undefined;
    const launch = new Set<ActionInfo>();
    let keys: Keys | undefined;
    let selectLaunch: ((all: readonly ActionInfo[]) => readonly ActionInfo[]) | undefined;
    let selectEscalation: ((all: readonly ActionInfo[]) => readonly ActionInfo[]) | undefined;
    for (const s of doc.statements) {
        if (!s.isAllow || s.actions === undefined) continue;
        if (statementActions(s).all) continue; // iam-no-admin-wildcards reports "*"
        const { passRoleLaunchActions, escalationActions } = ctx.config;
        keys = keys ?? keysOf(ctx.config);
        selectLaunch = selectLaunch ?? ((all) => actionsMatching(all, passRoleLaunchActions));
        for (const a of selectActions(s, keys.launch, selectLaunch)) launch.add(a);
        const resource = broad(s);
        if (resource === undefined) continue;
        if (!passRole && selectActions(s, PASSROLE_KEY, passRoleOnly).length > 0)
            passRole = { statement: s, resource };
        selectEscalation = selectEscalation ?? ((all) => actionsMatching(all, escalationActions));
        const escalations = selectActions(s, keys.escalation, selectEscalation);
        if (escalations.length > 0) {
            out.push({
                rule: id,
                statement: s.label,
                message:
                    `${listActions(escalations)} on "${resource}" can grant the holder more ` +
                    `permissions (privilege escalation); name the resources`,
            });
        }
        let management = selectActions(s, MANAGEMENT_KEY, managementOnly);
        if (management.length > 0 && escalations.length > 0) {
            const known = new Set(escalations);
            management = management.filter((a) => !known.has(a));
        }
        if (management.length > 0) {
            out.push({
                rule: id,
                statement: s.label,
                message: `permissions-management actions on "${resource}": ${listActions(management)}; name the resources`,
            });
        }
    }
    if (passRole && launch.size > 0) {
        out.push({
            rule: id,
            statement: passRole.statement.label,
            message:
                `iam:PassRole on "${passRole.resource}" together with ${listActions([...launch])} ` +
                `can run code under any role (privilege escalation)`,
        });
    }
    return out;
}

export const rule: DocumentRule<Config> = {
    id,
    target: "document",
    description:
        "No unscoped permissions-management actions, known privilege-escalation actions, or iam:PassRole on any role with compute launch.",
    enforcementLevel: "mandatory",
    kinds: ["identity"],
    configSchema: {
        escalationActions: {
            type: "array",
            items: { type: "string" },
            description: "Actions that escalate privileges when granted on every resource of their type.",
        },
        passRoleLaunchActions: {
            type: "array",
            items: { type: "string" },
            description:
                "Actions that run code under a passed role; with iam:PassRole on any role they escalate.",
        },
    },
    defaults: {
        escalationActions: [...ESCALATION_ACTIONS],
        passRoleLaunchActions: [...PASSROLE_LAUNCH_ACTIONS],
    },
    check,
};

export const policy = toPolicy(rule);
