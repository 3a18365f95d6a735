import type { CompliancePack } from './compliance-pack.js';

/** Singapore: MAS FEAT principles for AI in finance, and the PDPC's NRIC advisory guidelines. */
export const MAS_FEAT_PACK: CompliancePack = {
  name: 'mas-feat',
  title: 'MAS FEAT principles and PDPC NRIC advisory guidelines (Singapore)',
  summary:
    'Masks NRIC and FIN numbers to their last 3 digits and checksum letter, the partial form the PDPC\'s Advisory ' +
    'Guidelines on the PDPA for NRIC and other National Identification Numbers (in force 1 Sep 2019) allow; the full ' +
    'number may only be collected or disclosed where law requires it or identity must be established to a high degree ' +
    'of fidelity, which a prompt to a model is not. UENs identify businesses and are public in ACRA\'s register, so ' +
    'they are logged for FEAT accountability rather than removed.',
  policies: [
    {
      id: 'pack:mas-feat/nric-fin',
      description: 'Masks NRIC and FIN numbers, keeping the last 3 digits and the checksum letter (PDPC NRIC advisory guidelines).',
      kind: 'detector',
      level: 'system',
      types: {
        nric: { action: 'redact', style: 'mask' },
        fin: { action: 'redact', style: 'mask' },
      },
    },
    {
      id: 'pack:mas-feat/uen',
      description: 'Logs decisions that carry a UEN, so the audit trail shows which entities\' data reached a model (FEAT: Accountability).',
      kind: 'detector',
      level: 'system',
      types: { uen: { action: 'log' } },
    },
  ],
};
