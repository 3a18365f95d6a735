/**
 * The example's policy set: cards masked, emails tokenized (and put back in the reply), cloud
 * keys blocked, an SQL-injection payload in a prompt blocked, and refunds held for a human.
 */
import { createPolicyEngine, scanSql } from '../../src/index.js';

function userText(req: { text?: string; messages?: Array<{ role: string; content: unknown }> }): string {
  if (req.text !== undefined) return req.text;
  return (req.messages ?? []).filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

export const engine = createPolicyEngine({
  policies: {
    version: 'express-chat-example.1',
    packs: ['pci-dss'],
    policies: [
      { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
      { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, private_key: { action: 'block' } } },
      { id: 'prompt-sql-injection', kind: 'check', stages: ['input'], check: 'sqlInjection', action: 'block' },
      { id: 'refunds', kind: 'text', stages: ['input'], keywords: ['refund'], action: 'require_approval' },
    ],
  },
  checks: { sqlInjection: (req) => scanSql(userText(req)).detected },
});
