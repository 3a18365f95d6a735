/**
 * Aadhaar and PAN rules shared by the `rbi` and `sebi` packs. Both packs build them here, so
 * the two copies are identical apart from their ids, and `expandPacks` keeps one when both
 * packs are named.
 */
import type { CompliancePackName, PolicyInput } from '../policy-schema.js';
import { packPolicyPrefix } from './compliance-pack.js';

export function indiaKycIdentifierPolicies(pack: CompliancePackName, authority: string): PolicyInput[] {
  const prefix = packPolicyPrefix(pack);
  return [
    {
      id: `${prefix}aadhaar`,
      description:
        `Masks Aadhaar numbers so only the last 4 digits remain (UIDAI's masked-Aadhaar format; Aadhaar Act 2016 s.29). ${authority}`,
      kind: 'detector',
      level: 'system',
      types: { aadhaar: { action: 'redact', style: 'mask' } },
    },
    {
      id: `${prefix}pan`,
      description: `Masks PAN (Permanent Account Number) so only the last 4 characters remain. ${authority}`,
      kind: 'detector',
      level: 'system',
      types: { pan: { action: 'redact', style: 'mask' } },
    },
  ];
}
