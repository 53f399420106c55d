/**
 * Thin @pulumi/policy wrappers around the rules. Only types come from @pulumi/policy, so loading a rule (in the
 * linter, the bench or the offline plan) never pulls in its gRPC server.
 */
import type {
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { exemptionsOf, exemptionsSchema, Exemption, Rule } from "./findings";
import { describeVerdict, runRule } from "./run";
import { staleExemptions } from "./exemptions";

/**
 * Exemptions seen by the resource rules in this analyzer process. @pulumi/policy gives each policy only its own
 * config, and the stack policy that reports stale exemptions runs after every resource was analysed (same
 * process), so the rules record their exemption lists here for it.
 */
const seenExemptions = new Map<string, Exemption[]>();

export function configSchemaOf(rule: Rule): PolicyConfigSchema {
    const properties: Record<string, unknown> = { exemptions: exemptionsSchema };
    for (const [k, v] of Object.entries(rule.configSchema)) {
        properties[k] = { ...v, default: (rule.defaults as Record<string, unknown>)[k] };
    }
    return { properties: properties as PolicyConfigSchema["properties"] };
}

export function toPolicy(rule: Rule): ResourceValidationPolicy {
    return {
        name: rule.id,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        configSchema: configSchemaOf(rule),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
            const settings = args.getConfig<Record<string, unknown>>();
            seenExemptions.set(rule.id, exemptionsOf(settings));
            // The engine already applied the configured enforcement level; pass none so runRule never drops a
            // finding as "disabled" on its own.
            const { enforcementLevel: _ignored, ...rest } = settings;
            const verdicts = runRule(
                rule,
                { type: args.type, name: args.name, urn: args.urn, props: args.props },
                rest,
            );
            for (const v of verdicts) reportViolation(describeVerdict(v), args.urn);
        },
    };
}

export const EXEMPTIONS_POLICY_ID = "iam-exemptions";

export function exemptionsPolicy(): StackValidationPolicy {
    return {
        name: EXEMPTIONS_POLICY_ID,
        description:
            "Every exemption in the pack config names a resource of the stack and gives a reason; stale or " +
            "unexplained exemptions are reported.",
        enforcementLevel: "advisory",
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
            const resources = args.resources.map((r) => ({ name: r.name, urn: r.urn }));
            for (const v of staleExemptions(resources, seenExemptions)) reportViolation(v.message);
        },
    };
}
