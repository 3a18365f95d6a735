import type { CompliancePack } from './compliance-pack.js';

/** Indonesia: OJK consumer-protection rules and the Personal Data Protection Law. */
export const OJK_PACK: CompliancePack = {
  name: 'ojk',
  title: 'OJK consumer data protection and UU PDP (Indonesia)',
  summary:
    'Masks NIK (national identity number) and NPWP (tax number) at every stage. POJK 22/2023 requires financial ' +
    'services firms to keep consumer data confidential and not hand it to third parties without consent, and UU PDP ' +
    '(Law 27/2022) makes the firm the controller accountable for every transfer; an external model provider is such a ' +
    'third party.',
  policies: [
    {
      id: 'pack:ojk/nik-npwp',
      description: 'Masks NIK and NPWP numbers, keeping the last 4 digits (POJK 22/2023; UU PDP, Law 27/2022).',
      kind: 'detector',
      level: 'system',
      types: {
        nik: { action: 'redact', style: 'mask' },
        npwp: { action: 'redact', style: 'mask' },
      },
    },
  ],
};
