import type { CompliancePack } from './compliance-pack.js';
import { indiaKycIdentifierPolicies } from './india-kyc-identifiers.js';

/** Reserve Bank of India: KYC identifiers of bank customers. */
export const RBI_PACK: CompliancePack = {
  name: 'rbi',
  title: 'RBI Master Direction on KYC',
  summary:
    'Masks Aadhaar numbers (last 4 digits only, the UIDAI masked-Aadhaar format) and PAN at every stage. RBI\'s KYC ' +
    'Master Direction (2016, as amended) has regulated entities that accept proof of possession of Aadhaar ensure the ' +
    'number is redacted or blacked out, and the Aadhaar Act 2016 (s.29) forbids displaying it.',
  policies: indiaKycIdentifierPolicies('rbi', 'RBI Master Direction - KYC: Aadhaar numbers are redacted or blacked out.'),
};
