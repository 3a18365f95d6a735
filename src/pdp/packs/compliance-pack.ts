/**
 * The shape of a compliance pack: a named, documented list of ordinary policies.
 *
 * Packs are data in the same policy language users write, so a pack can be read, diffed and
 * extended like any policy file. See docs/compliance-packs.md for what each one enforces and why.
 */
import type { CompliancePackName, PolicyInput } from '../policy-schema.js';

export interface CompliancePack {
  name: CompliancePackName;
  /** Human-readable name of the regime. */
  title: string;
  /** One paragraph: what the pack enforces and on what authority. */
  summary: string;
  /** Policies with ids `pack:<name>/<rule>`, all at level `system`. */
  policies: PolicyInput[];
}

/** The id prefix every policy of pack `name` carries. */
export function packPolicyPrefix(name: CompliancePackName): string {
  return `pack:${name}/`;
}
