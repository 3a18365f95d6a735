import type { CompliancePack } from './compliance-pack.js';

/** Id suffix of the pack's audit-everything policy. */
export const AUDIT_ALL_SUFFIX = '/audit-all';

/**
 * EU AI Act: keep records of everything (Art. 12), put a human in the loop where a high-risk
 * system acts (Art. 14), and refuse prohibited uses (Art. 5). The host declares its system's
 * risk class in `attributes.risk`.
 */
export const EU_AI_ACT_PACK: CompliancePack = {
  name: 'eu-ai-act',
  title: 'EU AI Act (Regulation (EU) 2024/1689)',
  summary:
    'Audits every decision in full (Art. 12 record-keeping: automatic logs over the system\'s lifetime; Art. 19 and ' +
    '26(6): keep them). Requires human approval of tool calls when the host marks the request ' +
    'attributes.risk = "high" (Art. 14 human oversight of high-risk systems), and blocks requests marked ' +
    'attributes.risk = "unacceptable" (Art. 5 prohibited practices).',
  policies: [
    {
      id: `pack:eu-ai-act${AUDIT_ALL_SUFFIX}`,
      description: 'Matches every request, so the engine attaches a full-audit obligation (Art. 12 record-keeping).',
      kind: 'condition',
      level: 'system',
      audit: 'full',
      // `stage` is required on every valid request: this holds for all of them.
      when: { field: 'stage', op: 'exists' },
      action: 'log',
    },
    {
      id: 'pack:eu-ai-act/human-oversight',
      description: 'Tool calls of a system the host marks high-risk wait for human approval (Art. 14).',
      kind: 'condition',
      level: 'system',
      stages: ['tool_call'],
      when: { field: 'attributes.risk', op: 'equals', value: 'high' },
      action: 'require_approval',
    },
    {
      id: 'pack:eu-ai-act/prohibited-practices',
      description: 'Blocks every request the host marks as a prohibited practice (Art. 5).',
      kind: 'condition',
      level: 'system',
      when: { field: 'attributes.risk', op: 'equals', value: 'unacceptable' },
      action: 'block',
    },
  ],
};
