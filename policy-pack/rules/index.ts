/**
 * Every rule's pure definition, in reporting order. The @pulumi/policy wrappers are in ../policies.ts.
 */
import type { Rule } from "../lib/findings";
import * as grammar from "./iam-policy-grammar";
import * as knownActions from "./iam-known-actions";
import * as adminWildcards from "./iam-no-admin-wildcards";
import * as starResource from "./iam-no-star-resource-when-scopable";
import * as resourceArns from "./iam-valid-resource-arns";
import * as passRole from "./iam-passrole-scoped";
import * as notElements from "./iam-no-not-elements-with-allow";
import * as escalation from "./iam-no-privilege-escalation";
import * as redundancy from "./iam-no-redundancy";
import * as trust from "./iam-trust-scoped";
import * as resourcePolicy from "./iam-resource-policy-scoped";
import * as allowlist from "./iam-managed-policy-allowlist";
import * as sensitive from "./iam-sensitive-access-scoped";
import * as size from "./iam-policy-size";

export const modules = [
    grammar,
    knownActions,
    adminWildcards,
    starResource,
    resourceArns,
    passRole,
    notElements,
    escalation,
    redundancy,
    trust,
    resourcePolicy,
    allowlist,
    sensitive,
    size,
] as const;

export const rules: readonly Rule[] = modules.map((m) => m.rule as Rule);
