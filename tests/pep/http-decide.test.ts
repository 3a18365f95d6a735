/**
 * POST /api/v1/decide on a real server on 127.0.0.1: verdicts and obligations in the Decision
 * Mode shape, the credentials' org always winning, traceparent, approvals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/pdp/decision.js';
import { ORG_MISMATCH_POLICY_ID, CLIENT_MISMATCH_POLICY_ID, type ApprovalRequester } from '../../src/pep/http/index.js';
import {
  AWS_KEY, CARD, basic, bearer, memoryAudit, memoryKeys, postJson, recordingLogger, startServer, testEngine,
  type MemoryAudit, type RecordingLogger, type RunningServer,
} from './helpers/http-kit.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let server: RunningServer;
let audit: MemoryAudit;
let logger: RecordingLogger;
let acmeKey: string;
let decide: string;
const approvalRequests: { orgId: string; decision: Decision; requestedBy?: string | null }[] = [];
const approvals: ApprovalRequester = {
  async request(input) {
    approvalRequests.push(input);
    return { approvalId: `0199aaaa-0000-7000-8000-${String(approvalRequests.length).padStart(12, '0')}`, expiresAt: new Date('2030-01-01T00:00:00Z') };
  },
};

beforeAll(async () => {
  const keys = memoryKeys();
  acmeKey = (await keys.tenant('acme', 'gateway')).key;
  audit = memoryAudit();
  logger = recordingLogger();
  server = await startServer({ engine: testEngine(), apiKeys: keys.store, audit, approvals, logger });
  decide = `${server.url}/api/v1/decide`;
});
afterAll(() => server.close());

describe('POST /api/v1/decide: verdicts', () => {
  it('allows a clean prompt, records the decision under the key\'s org and client', async () => {
    const before = audit.records.length;
    const res = await postJson(decide, { stage: 'input', query: 'What is the capital of France?', target: { type: 'model', model: 'gpt-4o', provider: 'openai' } }, bearer(acmeKey));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'allow', reasons: [], obligations: [], expires_at: null });
    expect(res.body.decision_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(res.body).sort()).toEqual(['decision_id', 'evaluated_policies', 'expires_at', 'obligations', 'reasons', 'trace_id', 'verdict']);
    expect(audit.records.length).toBe(before + 1);
    expect(audit.records.at(-1)).toMatchObject({ decisionId: res.body.decision_id, identity: { orgId: 'acme', clientId: 'gateway' } });
  });

  it('answers redaction as allow plus a redact obligation carrying the redacted query; the card never comes back', async () => {
    const res = await postJson(decide, { stage: 'input', query: `refund card ${CARD} please` }, bearer(acmeKey));
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('allow');
    expect(res.body.obligations).toEqual([{ type: 'redact', styles: { credit_card: 'mask' }, redacted_query: 'refund card **** **** **** 1111 please' }]);
    expect(res.body.evaluated_policies[0]).toEqual({ id: 'cards', matched: true, action: 'redact' });
    expect(res.text).not.toContain(CARD);
  });

  it('redacts a messages query in place and returns the redacted messages', async () => {
    const messages = [{ role: 'system', content: 'be brief' }, { role: 'user', content: `my card is ${CARD}` }];
    const res = await postJson(decide, { stage: 'input', query: messages }, bearer(acmeKey));
    expect(res.body.verdict).toBe('allow');
    expect(res.body.obligations[0].redacted_query).toEqual([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'my card is **** **** **** 1111' }]);
  });

  it('omits the restore token map unless include_restore_tokens is set', async () => {
    const query = 'mail ana.lima@example.com about it';
    const plain = await postJson(decide, { stage: 'input', query }, bearer(acmeKey));
    expect(plain.body.obligations).toContainEqual({ type: 'restore', tokens_omitted: 1 });
    expect(plain.text).not.toContain('ana.lima@example.com');
    const withTokens = await postJson(decide, { stage: 'input', query, include_restore_tokens: true }, bearer(acmeKey));
    const restore = withTokens.body.obligations.find((o: { type: string }) => o.type === 'restore');
    expect(Object.values(restore.tokens)).toEqual(['ana.lima@example.com']);
    const redacted = withTokens.body.obligations.find((o: { type: string }) => o.type === 'redact').redacted_query as string;
    expect(redacted).toContain(Object.keys(restore.tokens)[0]);
  });

  it('denies a prompt with an AWS key, with reasons and no redacted payload', async () => {
    const res = await postJson(decide, { stage: 'input', query: `use ${AWS_KEY} and card ${CARD}` }, bearer(acmeKey));
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('deny');
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toContain('detector_finding');
    expect(res.body.obligations.filter((o: { type: string }) => o.type === 'redact')).toEqual([]);
    expect(res.text).not.toContain(AWS_KEY);
    expect(audit.records.at(-1)).toMatchObject({ decisionId: res.body.decision_id, verdict: 'deny' });
  });

  it('denies a denied tool on a tool target, scanning the JSON arguments', async () => {
    const res = await postJson(decide, { stage: 'tool_call', query: { cmd: 'rm -rf /' }, target: { type: 'tool', tool: 'shell.exec' } }, bearer(acmeKey));
    expect(res.body.verdict).toBe('deny');
    expect(res.body.reasons[0].code).toBe('tool_denied');
    const ok = await postJson(decide, { stage: 'tool_call', query: { note: `card ${CARD}` }, target: { type: 'mcp', server: 'notes', tool: 'notes.write' } }, bearer(acmeKey));
    expect(ok.body.verdict).toBe('allow');
    expect(ok.body.obligations[0].redacted_query).toEqual({ note: 'card **** **** **** 1111' });
  });

  it('answers require_approval as needs_approval, opening an approval and naming it in the obligations', async () => {
    const res = await postJson(decide, { stage: 'input', query: 'refund order 1234', context: { action: 'refund' }, caller_identity: { user_id: 'u-7' } }, bearer(acmeKey));
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('needs_approval');
    const request = approvalRequests.at(-1)!;
    expect(request).toMatchObject({ orgId: 'acme', requestedBy: 'u-7' });
    expect(request.decision.decisionId).toBe(res.body.decision_id);
    expect(res.body.obligations).toContainEqual({ type: 'approval', policy_ids: ['refunds'], approval_id: `0199aaaa-0000-7000-8000-${String(approvalRequests.length).padStart(12, '0')}`, status: 'pending' });
    expect(res.body.expires_at).toBe('2030-01-01T00:00:00.000Z');
  });

  it('passes caller_identity roles and user to the engine\'s conditions', async () => {
    const res = await postJson(decide, { stage: 'input', query: 'hi', caller_identity: { user_id: 'u-1', roles: ['blocked_role'] } }, bearer(acmeKey));
    expect(res.body.verdict).toBe('deny');
    expect(audit.records.at(-1)!.identity.userId).toBe('u-1');
  });

  it('accepts Basic auth with the key\'s client id', async () => {
    const res = await postJson(decide, { stage: 'input', query: 'hi' }, basic('gateway', acmeKey));
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('allow');
  });

  it('honours a W3C traceparent: the decision and its audit record carry its trace id', async () => {
    const res = await postJson(decide, { stage: 'input', query: 'hi' }, { ...bearer(acmeKey), traceparent: TRACEPARENT });
    expect(res.body.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(audit.records.at(-1)!.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const bad = await postJson(decide, { stage: 'input', query: 'hi' }, { ...bearer(acmeKey), traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' });
    expect(bad.body.trace_id).not.toBe('00000000000000000000000000000000');
    expect(bad.body.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('POST /api/v1/decide: the credentials\' org always wins', () => {
  it('refuses a body naming another org with 403, and audits the attempt in the caller\'s chain', async () => {
    const before = audit.records.length;
    for (const body of [
      { stage: 'input', query: 'hi', org_id: 'globex' },
      { stage: 'input', query: 'hi', caller_identity: { org_id: 'globex' } },
      { stage: 'input', query: 'hi', caller_identity: { orgId: 'globex' } },
      { orgId: 'globex', query: 12 }, // invalid otherwise too: the mismatch still wins and is audited
    ]) {
      const res = await postJson(decide, body, { ...bearer(acmeKey), traceparent: TRACEPARENT });
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error.code).toBe('ORG_MISMATCH');
      expect(res.text).not.toContain('globex');
    }
    const recorded = audit.records.slice(before);
    expect(recorded).toHaveLength(4);
    for (const d of recorded) {
      expect(d).toMatchObject({ verdict: 'deny', identity: { orgId: 'acme', clientId: 'gateway', userId: null }, evaluatedPolicies: [{ id: ORG_MISMATCH_POLICY_ID, matched: true, action: 'block' }], traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    }
    expect(recorded[0]!.stage).toBe('input');
    expect(recorded[3]!.stage).toBeNull();
    const warned = logger.lines.filter((l) => l.message.includes('named another org'));
    expect(warned.at(-1)!.fields).toMatchObject({ orgId: 'acme', requestedOrgId: 'globex', keyId: expect.any(String) });
  });

  it('accepts a body that repeats the credentials\' own org', async () => {
    const res = await postJson(decide, { stage: 'input', query: 'hi', org_id: 'acme', caller_identity: { org_id: 'acme' } }, bearer(acmeKey));
    expect(res.status).toBe(200);
  });

  it('refuses a body naming another client than the key\'s, also audited', async () => {
    const res = await postJson(decide, { stage: 'input', query: 'hi', caller_identity: { client_id: 'someone-else' } }, bearer(acmeKey));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CLIENT_MISMATCH');
    expect(audit.records.at(-1)!.evaluatedPolicies[0]!.id).toBe(CLIENT_MISMATCH_POLICY_ID);
  });
});

describe('POST /api/v1/decide: fail closed', () => {
  it('answers 503 when the decision cannot be recorded, and never returns the verdict', async () => {
    audit.fail = true;
    try {
      const res = await postJson(decide, { stage: 'input', query: `card ${CARD}` }, bearer(acmeKey));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('AUDIT_UNAVAILABLE');
      expect(res.body.verdict).toBeUndefined();
      expect(res.text).not.toContain(CARD);
    } finally {
      audit.fail = false;
    }
  });

  it('answers needs_approval with approval_id null when no approval queue is configured', async () => {
    const keys = memoryKeys();
    const { key } = await keys.tenant('acme');
    const bare = await startServer({ engine: testEngine(), apiKeys: keys.store });
    try {
      const res = await postJson(`${bare.url}/api/v1/decide`, { stage: 'input', query: 'refund', context: { action: 'refund' } }, bearer(key));
      expect(res.body.verdict).toBe('needs_approval');
      expect(res.body.obligations).toContainEqual({ type: 'approval', policy_ids: ['refunds'], approval_id: null, status: 'unavailable' });
    } finally {
      await bare.close();
    }
  });

  it('answers 503 when the approval request cannot be created', async () => {
    const keys = memoryKeys();
    const { key } = await keys.tenant('acme');
    const broken = await startServer({ engine: testEngine(), apiKeys: keys.store, approvals: { request: async () => { throw new Error('db down'); } } });
    try {
      const res = await postJson(`${broken.url}/api/v1/decide`, { stage: 'input', query: 'refund', context: { action: 'refund' } }, bearer(key));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('APPROVAL_UNAVAILABLE');
    } finally {
      await broken.close();
    }
  });

  it('denies every decision while breaker state cannot be read', async () => {
    const keys = memoryKeys();
    const { key } = await keys.tenant('acme');
    const s = await startServer({ engine: testEngine(), apiKeys: keys.store, breakers: { snapshot: () => { throw new Error('stale'); } } });
    try {
      const res = await postJson(`${s.url}/api/v1/decide`, { stage: 'input', query: 'hi' }, bearer(key));
      expect(res.body.verdict).toBe('deny');
      expect(res.body.reasons[0].code).toBe('circuit_open');
    } finally {
      await s.close();
    }
  });
});

describe('logs', () => {
  it('never carry a detected value, a prompt or a key from any request above', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    const text = JSON.stringify(logger.lines);
    for (const needle of [CARD, AWS_KEY, 'ana.lima@example.com', 'refund order 1234', acmeKey, acmeKey.slice(20, 64)]) expect(text).not.toContain(needle);
  });
});
