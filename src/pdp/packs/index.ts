/**
 * The compliance packs, and their expansion into policies.
 */
import { PolicyConfigError } from '../../errors.js';
import { COMPLIANCE_PACKS, type CompliancePackName, type PolicyInput } from '../policy-schema.js';
import { canonicalJson } from '../policy-set/policy-set-version.js';
import type { CompliancePack } from './compliance-pack.js';
import { EU_AI_ACT_PACK } from './eu-ai-act.js';
import { HIPAA_PACK } from './hipaa.js';
import { MAS_FEAT_PACK } from './mas-feat.js';
import { OJK_PACK } from './ojk.js';
import { PCI_DSS_PACK } from './pci-dss.js';
import { RBI_PACK } from './rbi.js';
import { SEBI_PACK } from './sebi.js';

export type { CompliancePack } from './compliance-pack.js';
export { AUDIT_ALL_SUFFIX } from './eu-ai-act.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Every compliance pack by name. Frozen: use {@link expandPacks} for copies you may change.
 *
 * @example
 * ```ts
 * COMPLIANCE_PACK_DEFINITIONS['pci-dss'].policies.map((p) => p.id);
 * // ['pack:pci-dss/card-numbers', 'pack:pci-dss/card-verification-codes']
 * ```
 */
export const COMPLIANCE_PACK_DEFINITIONS: Readonly<Record<CompliancePackName, CompliancePack>> = deepFreeze({
  'pci-dss': PCI_DSS_PACK,
  hipaa: HIPAA_PACK,
  rbi: RBI_PACK,
  sebi: SEBI_PACK,
  'mas-feat': MAS_FEAT_PACK,
  ojk: OJK_PACK,
  'eu-ai-act': EU_AI_ACT_PACK,
});

/** What a policy does, leaving out its name and prose. */
function ruleKey(policy: PolicyInput): string {
  const { id: _id, description: _description, ...rule } = policy;
  return canonicalJson(rule);
}

/**
 * The policies of the named packs, in the order named, as fresh copies.
 *
 * A pack named twice is expanded once, and a rule that an earlier pack already contributed
 * is left out (`rbi` and `sebi` both mask Aadhaar and PAN; with both named, the first one
 * named keeps its policy ids). Every id starts with `pack:<name>/`, so ids never clash.
 *
 * @throws PolicyConfigError at `['packs', i]` for a name that is not a pack.
 *
 * @example
 * ```ts
 * expandPacks(['rbi', 'sebi']).map((p) => p.id);
 * // ['pack:rbi/aadhaar', 'pack:rbi/pan', 'pack:sebi/demat-accounts']
 * ```
 */
export function expandPacks(names: readonly CompliancePackName[]): PolicyInput[] {
  // `names` is typed, but it may come from JSON: check before trusting it.
  if (!Array.isArray(names as unknown)) {
    throw new PolicyConfigError([{ path: ['packs'], message: `must be an array of pack names: ${COMPLIANCE_PACKS.join(', ')}` }]);
  }
  const unknown = names.flatMap((name, i) =>
    typeof name === 'string' && Object.hasOwn(COMPLIANCE_PACK_DEFINITIONS, name)
      ? []
      : [{ path: ['packs', i], message: `unknown compliance pack ${JSON.stringify(String(name))}; use one of ${COMPLIANCE_PACKS.join(', ')}` }],
  );
  if (unknown.length > 0) throw new PolicyConfigError(unknown);

  const seenRules = new Set<string>();
  const out: PolicyInput[] = [];
  for (const name of new Set(names)) {
    for (const policy of COMPLIANCE_PACK_DEFINITIONS[name].policies) {
      const key = ruleKey(policy);
      if (seenRules.has(key)) continue;
      seenRules.add(key);
      out.push(structuredClone(policy));
    }
  }
  return out;
}
