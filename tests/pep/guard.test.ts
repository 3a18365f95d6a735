import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyEngine, type Decision } from '../../src/index.js';
import {
  createGatehouseCore, PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError,
  type ApprovalGateway, type AuditSink,
} from '../../src/pep/guard/index.js';

const CARD = '4111 1111 1111 1111';

// A stub model on 127.0.0.1: it replies with a fixed text, or echoes the last user message.
let server: Server;
let url = '';
const received: string[] = [];
let nextReply: string | null = null;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      const messages = JSON.parse(body).messages as Array<{ content: string }>;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ text: nextReply ?? `You said: ${messages.at(-1)!.content}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function callModel(input: { messages?: Array<{ role: string; content: string | null }> }): Promise<{ text: string }> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ messages: input.messages }) });
  return (await res.json()) as { text: string };
}

function memoryAudit(): AuditSink & { records: Decision[] } {
  const records: Decision[] = [];
  return { records, record: async (d) => { records.push(d); } };
}

const engine = createPolicyEngine({
  policies: { policies: [
    { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
    { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
    { id: 'keys', kind: 'detector', types: { aws_access_key_id: { action: 'block' } } },
    { id: 'refunds', kind: 'condition', stages: ['input'], when: { field: 'attributes.action', op: 'equals', value: 'refund' }, action: 'require_approval' },
  ] },
});

describe('guard(): input', () => {
  it('the model receives the redacted input, never the card', async () => {
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit });
    nextReply = null;
    received.length = 0;
    const reply = await gh.guard({ orgId: 'acme', userId: 'u1' }, { messages: [{ role: 'user', content: `charge ${CARD}` }] }, callModel);
    expect(received[0]).not.toContain(CARD);
    expect(received[0]).toContain('**** **** **** 1111');
    expect(reply.text).toBe('You said: charge **** **** **** 1111');
    // The reply only holds the masked form, which is not a card: the output is allowed.
    expect(audit.records.map((d) => [d.stage, d.verdict])).toEqual([['input', 'redact'], ['output', 'allow']]);
  });

  it('a denied input throws PolicyDeniedError and the model is never called', async () => {
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit });
    received.length = 0;
    const error = await gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: 'key AKIAZ7Q3KX2LMN4P5R6T' }] }, callModel).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.decision.decisionId).toBe(audit.records[0]!.decisionId);
    expect(received).toHaveLength(0);
  });

  it('if the decision cannot be recorded, the call fails closed', async () => {
    const gh = createGatehouseCore({ engine, audit: { record: async () => { throw new Error('db down'); } } });
    received.length = 0;
    await expect(gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: 'hello' }] }, callModel)).rejects.toBeInstanceOf(AuditRequiredError);
    expect(received).toHaveLength(0);
  });

  it('unreadable breaker state denies (fail closed), and the denial is recorded', async () => {
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit, breakers: { snapshot: () => { throw new Error('stale'); } } });
    const error = await gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: 'hello' }] }, callModel).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(audit.records[0]!.reasons[0]!.code).toBe('circuit_open');
  });

  it('a tripped breaker denies; a violation is reported for automatic trips', async () => {
    const violations: unknown[] = [];
    const gh = createGatehouseCore({ engine, breakers: { snapshot: () => [], recordViolation: (v) => violations.push(v) } });
    await gh.guard({ orgId: 'acme', clientId: 'web' }, { messages: [{ role: 'user', content: 'key AKIAZ7Q3KX2LMN4P5R6T' }] }, callModel).catch(() => {});
    expect(violations).toEqual([{ orgId: 'acme', scope: 'client', key: 'web' }]);
    const tripped = createGatehouseCore({ engine, breakers: { snapshot: () => [{ scope: 'client', key: 'web' }] } });
    await expect(tripped.guard({ orgId: 'acme', clientId: 'web' }, { messages: [{ role: 'user', content: 'hi' }] }, callModel)).rejects.toBeInstanceOf(PolicyDeniedError);
  });
});

describe('guard(): output', () => {
  it('a card in the model output is redacted before it reaches the caller', async () => {
    const gh = createGatehouseCore({ engine });
    nextReply = `Your card is ${CARD}`;
    const reply = await gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: 'what is my card?' }] }, callModel);
    nextReply = null;
    expect(reply.text).toBe('Your card is **** **** **** 1111');
  });

  it('a tokenized input value is restored in the output; the model only saw the token', async () => {
    const gh = createGatehouseCore({ engine });
    received.length = 0;
    const reply = await gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: 'write to ana@example.com' }] }, callModel);
    expect(received[0]).not.toContain('ana@example.com');
    expect(reply.text).toBe('You said: write to ana@example.com');
  });

  it('both decisions share one trace id, taken from a W3C traceparent when given', async () => {
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit });
    await gh.guard({ orgId: 'acme', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, { messages: [{ role: 'user', content: 'hi' }] }, callModel);
    expect(audit.records.map((d) => d.traceId)).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736']);
    await gh.guard({ orgId: 'acme', traceparent: 'garbage' }, { messages: [{ role: 'user', content: 'hi' }] }, callModel);
    const [a, b] = audit.records.slice(2).map((d) => d.traceId);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toBe(a);
  });
});

describe('guard(): approvals', () => {
  // As the approval service answers: outcome allow once approved, deny once rejected or expired.
  // `answer` given: exactly that outcome, even none.
  function gateway(status: string, ...answer: [outcome?: string | null]): ApprovalGateway & { requested: number } {
    const outcome = answer.length > 0 ? answer[0] : status === 'approved' ? 'allow' : 'deny';
    const g = {
      requested: 0,
      request: async () => { g.requested++; return { approvalId: 'ap-1' }; },
      waitFor: async () => ({ status, outcome }),
    };
    return g;
  }
  const refund = { messages: [{ role: 'user', content: 'refund order 7' }], attributes: { action: 'refund' } };

  it('waits for approval, then calls the model', async () => {
    const g = gateway('approved');
    const gh = createGatehouseCore({ engine, approvals: g });
    const reply = await gh.guard({ orgId: 'acme' }, refund, callModel);
    expect(g.requested).toBe(1);
    expect(reply.text).toBe('You said: refund order 7');
  });

  it('a rejected or expired approval stops the call', async () => {
    for (const status of ['rejected', 'expired']) {
      const gh = createGatehouseCore({ engine, approvals: gateway(status) });
      received.length = 0;
      const e = await gh.guard({ orgId: 'acme' }, refund, callModel).catch((x) => x);
      expect(e).toBeInstanceOf(ApprovalDeniedError);
      expect(e.status).toBe(status);
      expect(received).toHaveLength(0);
    }
  });

  it('lets the call through only with outcome allow, as the adapters do (an approved status alone fails closed)', async () => {
    for (const [status, outcome] of [['approved', undefined], ['approved', null], ['approved', 'deny'], ['overridden', 'deny'], ['overridden', undefined]] as const) {
      const gh = createGatehouseCore({ engine, approvals: gateway(status, outcome) });
      received.length = 0;
      const e = await gh.guard({ orgId: 'acme' }, refund, callModel).catch((x) => x);
      expect(e).toBeInstanceOf(ApprovalDeniedError);
      expect(e.status).toBe(status);
      expect(received).toHaveLength(0);
    }
    const overridden = createGatehouseCore({ engine, approvals: gateway('overridden', 'allow') });
    expect((await overridden.guard({ orgId: 'acme' }, refund, callModel)).text).toBe('You said: refund order 7');
  });

  it('throw mode returns the approval id at once; no queue configured fails closed', async () => {
    const gh = createGatehouseCore({ engine, approvals: gateway('approved'), approval: 'throw' });
    const e = await gh.guard({ orgId: 'acme' }, refund, callModel).catch((x) => x);
    expect(e).toBeInstanceOf(ApprovalRequiredError);
    expect(e.approvalId).toBe('ap-1');
    const none = createGatehouseCore({ engine });
    await expect(none.guard({ orgId: 'acme' }, refund, callModel)).rejects.toBeInstanceOf(ApprovalRequiredError);
  });
});

describe('check()', () => {
  it('decides and records without calling anything', async () => {
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit });
    const d = await gh.check({ orgId: 'acme', userId: 'u9' }, { stage: 'input', text: `card ${CARD}` });
    expect(d.verdict).toBe('redact');
    expect(d.identity).toEqual({ orgId: 'acme', clientId: null, userId: 'u9' });
    expect(audit.records).toEqual([d]);
  });
});
