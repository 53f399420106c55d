/**
 * Exemption hygiene: an exemption must name a resource that exists and must say why.
 */
import type { Exemption, Verdict } from "./findings";
import { exemptionMatches } from "./run";

export function staleExemptions(
    resources: readonly { name: string; urn?: string }[],
    exemptionsByRule: ReadonlyMap<string, readonly Exemption[]>,
): Verdict[] {
    const out: Verdict[] = [];
    for (const [rule, exemptions] of exemptionsByRule) {
        for (const e of exemptions) {
            if (e.reason === undefined || e.reason.trim() === "") {
                out.push({
                    rule: "iam-exemptions",
                    enforcementLevel: "advisory",
                    resource: e.resource,
                    message: `exemption of "${e.resource}" from ${rule} has no reason`,
                });
            }
            if (!resources.some((r) => exemptionMatches(e, r))) {
                out.push({
                    rule: "iam-exemptions",
                    enforcementLevel: "advisory",
                    resource: e.resource,
                    message: `exemption of "${e.resource}" from ${rule} is stale: no resource in the stack matches it`,
                });
            }
        }
    }
    return out;
}
