/**
 * The policy set of the openai-wrap and ai-sdk examples, and an audit sink that keeps decisions
 * in memory so the examples can show the trail (use `gatehouse/audit`'s writer in production).
 */
import { createPolicyEngine, type Decision } from '../../src/index.js';
import type { AuditSink } from '../../src/pep/guard/index.js';

/** Cards masked and emails tokenized both ways; AWS keys blocked; "launch codes" never leave the model. */
export const engine = createPolicyEngine({
  policies: { policies: [
    { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
    { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
    { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, private_key: { action: 'block' } } },
    { id: 'no-launch-codes', kind: 'text', stages: ['output'], keywords: ['launch codes'], action: 'block' },
  ] },
});

/** Decisions kept in memory, by id. */
export function memoryAudit(): AuditSink & { decisions: Map<string, Decision> } {
  const decisions = new Map<string, Decision>();
  return { decisions, record: async (d) => void decisions.set(d.decisionId, d) };
}

/** One line per recorded decision: stage, verdict, trace and id. */
export function printTrail(decisions: Map<string, Decision>): void {
  for (const d of decisions.values()) console.log(`   ${d.stage?.padEnd(6)} ${d.verdict.padEnd(8)} trace ${d.traceId?.slice(0, 8)}…  decision_id ${d.decisionId}`);
}
