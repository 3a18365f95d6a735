/**
 * Shared by the model-client adapter suites (OpenAI, AI SDK) and the streaming suites: one policy
 * set, and an in-memory audit sink whose decisions can be looked up by id and by trace.
 */
import { createPolicyEngine, type PolicyEngine } from '../../../src/pdp/create-policy-engine.js';
import type { Decision } from '../../../src/pdp/decision.js';
import type { AuditSink } from '../../../src/pep/guard/index.js';

export const CARD = '4111 1111 1111 1111';
export const MASKED_CARD = '**** **** **** 1111';
export const EMAIL = 'ana.lima@example.com';
export const AWS_KEY = 'AKIAZ7Q3KX2LMN4P5R6T';
/** A phrase the output policy blocks. */
export const BLOCKED_OUTPUT = 'launch codes';

/**
 * Cards masked and emails tokenized (both stages), AWS keys blocked, private keys redacted,
 * "launch codes" blocked in model output, and "refund" needing approval on input.
 */
export function modelAdapterEngine(): PolicyEngine {
  return createPolicyEngine({
    redactionSecret: 'f'.repeat(64),
    policies: { policies: [
      { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
      { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
      { id: 'keys', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, private_key: { action: 'redact' } } },
      { id: 'codes', kind: 'text', stages: ['output'], keywords: [BLOCKED_OUTPUT], action: 'block' },
      { id: 'refunds', kind: 'text', stages: ['input'], keywords: ['refund'], action: 'require_approval' },
    ] },
  });
}

/** An audit sink that keeps decisions, queryable by decision id and by trace id. */
export interface QueryableAudit extends AuditSink {
  readonly records: Decision[];
  byId(decisionId: string): Decision | undefined;
  byTrace(traceId: string): Decision[];
}

export function queryableAudit(): QueryableAudit {
  const records: Decision[] = [];
  return {
    records,
    async record(decision) {
      records.push(structuredClone(decision));
    },
    byId: (id) => records.find((d) => d.decisionId === id),
    byTrace: (traceId) => records.filter((d) => d.traceId === traceId),
  };
}
