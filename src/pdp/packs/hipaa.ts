import type { CompliancePack } from './compliance-pack.js';

/** Stages where PHI would leave the covered entity or reach the model. */
const PHI_STAGES = ['input', 'output', 'tool_result'] as const;

/** The value after an identifying label, when it contains a digit: `MRN: A12-3456`. */
const labelled = (labels: string): string =>
  // Label first, then the value in a group named `value`: only the value is redacted, and the
  // search is anchored on the label's letters instead of a lookbehind tried at every position.
  String.raw`\b(?:${labels})\s*(?:is\s*|[:#]\s*)?(?<value>(?=[A-Za-z-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,18}[A-Za-z0-9])(?![A-Za-z0-9-])`;

/**
 * HIPAA Safe Harbor de-identification (45 CFR 164.514(b)(2)) for the identifiers Gatehouse
 * can find. Values are replaced by a label, not masked: Safe Harbor requires removal, and the
 * last four digits of an SSN are still part of the identifier.
 */
export const HIPAA_PACK: CompliancePack = {
  name: 'hipaa',
  title: 'HIPAA Privacy Rule, Safe Harbor de-identification',
  summary:
    'Removes the Safe Harbor identifiers of 45 CFR 164.514(b)(2)(i) that Gatehouse detects (dates of birth, phone ' +
    'numbers, email addresses, SSNs, account and card numbers, passport numbers, medical record and health plan numbers, ' +
    'IP addresses) from prompts, model replies and tool results, so text sent to a model provider is de-identified. ' +
    'Names, street addresses, photographs and biometrics are not detected: add text policies or a check for them.',
  policies: [
    {
      id: 'pack:hipaa/identifiers',
      description:
        'Replaces Safe Harbor identifiers with a label: (C) dates of birth, (D) phone, (F) email, (G) SSN, ' +
        '(J) account numbers (cards, IBANs), (K) certificate/licence numbers (passports).',
      kind: 'detector',
      level: 'system',
      stages: [...PHI_STAGES],
      types: {
        ssn: { action: 'redact', style: 'label' },
        dob: { action: 'redact', style: 'label' },
        phone: { action: 'redact', style: 'label' },
        email: { action: 'redact', style: 'label' },
        passport: { action: 'redact', style: 'label' },
        credit_card: { action: 'redact', style: 'label' },
        iban: { action: 'redact', style: 'label' },
      },
    },
    {
      id: 'pack:hipaa/record-numbers',
      description:
        'Replaces labelled (H) medical record numbers, (I) health plan beneficiary numbers and (O) IPv4 addresses with a label.',
      kind: 'text',
      level: 'system',
      stages: [...PHI_STAGES],
      patterns: [
        labelled(String.raw`mrn|medical\s+record\s+(?:number|no\.?|#)`),
        labelled(String.raw`member\s+id|subscriber\s+id|insurance\s+id|health\s+plan\s+(?:id|number|no\.?)|beneficiary\s+(?:id|number|no\.?)`),
        String.raw`(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)`,
      ],
      action: 'redact',
      style: 'label',
    },
  ],
};
