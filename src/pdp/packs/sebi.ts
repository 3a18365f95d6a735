import type { CompliancePack } from './compliance-pack.js';
import { indiaKycIdentifierPolicies } from './india-kyc-identifiers.js';

/** Securities and Exchange Board of India: KYC identifiers and demat accounts of investors. */
export const SEBI_PACK: CompliancePack = {
  name: 'sebi',
  title: 'SEBI KYC requirements',
  summary:
    'Masks Aadhaar numbers (last 4 digits only, per UIDAI) and PAN, the identifiers of SEBI\'s KYC process, and masks ' +
    'demat account numbers (NSDL DP ID + client ID, labelled CDSL BO IDs). Intermediaries using Aadhaar e-KYC follow ' +
    'UIDAI\'s rules: the number is not displayed in full (Aadhaar Act 2016 s.29).',
  policies: [
    ...indiaKycIdentifierPolicies('sebi', 'SEBI KYC: intermediaries doing Aadhaar e-KYC follow UIDAI\'s masking rules.'),
    {
      id: 'pack:sebi/demat-accounts',
      description: 'Masks demat account identifiers: NSDL "IN" + 14 digits, and 16-digit CDSL BO IDs after a BO ID / demat label.',
      kind: 'text',
      level: 'system',
      patterns: [
        String.raw`\bIN\d{14}(?!\d)`,
        String.raw`\b(?:bo\s*id|beneficiary\s+owner\s+id|demat\s+(?:account\s+)?(?:id|number|no\.?))\s*(?:is\s*|[:#]\s*)?(?<value>\d{16})(?!\d)`,
      ],
      action: 'redact',
      style: 'mask',
    },
  ],
};
