import type { CompliancePack } from './compliance-pack.js';

/**
 * PCI DSS: a card number (PAN) never reaches the model, a tool or the user unmasked, and card
 * verification codes never leave the process at all.
 */
export const PCI_DSS_PACK: CompliancePack = {
  name: 'pci-dss',
  title: 'PCI DSS v4.0',
  summary:
    'Masks primary account numbers at every stage, keeping only the last four digits (PCI DSS v4.0 Req. 3.4.1, ' +
    'formerly 3.3: PAN is masked when displayed; Req. 3.5.1, formerly 3.4: PAN is unreadable wherever it is stored, ' +
    'which includes a model provider\'s logs). Removes card verification codes next to their label (Req. 3.3.1.2: ' +
    'CVV/CVC is never retained after authorisation).',
  policies: [
    {
      id: 'pack:pci-dss/card-numbers',
      description:
        'Masks card numbers on input, output, tool calls and tool results, keeping the last 4 digits (PCI DSS Req. 3.4.1 / 3.5.1). ' +
        'Tool results are masked rather than blocked, so an agent can still say "the card ending 1111" without ever seeing the PAN.',
      kind: 'detector',
      level: 'system',
      types: { credit_card: { action: 'redact', style: 'mask' } },
    },
    {
      id: 'pack:pci-dss/card-verification-codes',
      description: 'Removes a 3-4 digit code that follows a CVV, CVC, CID, CSC or "security code" label (PCI DSS Req. 3.3.1.2).',
      kind: 'text',
      level: 'system',
      patterns: [
        String.raw`\b(?:cvv2?|cvc2?|cvn|cid|csc|card\s+verification\s+(?:value|code|number)|(?:card\s+)?security\s+code)\s*(?:is\s*|[:#=-]\s*)?(?<value>\d{3,4})(?!\d)`,
      ],
      action: 'redact',
      style: 'label',
    },
  ],
};
