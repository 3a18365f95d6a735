/**
 * gatehouse/express against a real Express app on 127.0.0.1, with the model stubbed by the
 * OpenAI-wire stub: redaction in and out, denials, the approval round trip, identity, and
 * fail-closed audit. Every decision's id is checked against what the audit sink received.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { APPROVAL_ID_HEADER, createGatehouseCore, gatehouseErrorHandler, gatehouseExpress, type GatehouseExpressOptions } from '../../src/pep/express/index.js';
import { adapterEngine, AWS_KEY, CARD, EMAIL, memoryApprovals, memoryAudit, memoryKey, until, type MemoryApprovals, type MemoryAudit, chatCompletion, lastUserText } from './helpers/adapter-kit.js';

const engine = adapterEngine();
let stub: OpenAIStub;
let modelReply: ((last: string) => string) | null = null;
beforeAll(async () => {
  stub = await startOpenAIStub({ replies: (request) => {
    const last = lastUserText(request.body);
    return { text: modelReply ? modelReply(last) : `You said: ${last}` };
  } });
});
afterAll(() => stub.close());

interface App {
  url: string;
  audit: MemoryAudit;
  approvals: MemoryApprovals;
  handlerCalls: number;
  close(): Promise<void>;
}
const open: App[] = [];
afterEach(async () => {
  modelReply = null;
  stub.received.length = 0;
  await Promise.all(open.splice(0).map((a) => a.close()));
});

/** An Express app with one governed chat route that calls the stub model. */
async function startApp(options: Partial<GatehouseExpressOptions> = {}): Promise<App> {
  const audit = memoryAudit();
  const approvals = memoryApprovals();
  const gh = createGatehouseCore({ engine, audit });
  const app = express();
  app.use(express.json());
  const state = { handlerCalls: 0 };
  app.post('/chat', gatehouseExpress(gh, { resolveIdentity: (req) => { const user = req.get('x-test-user'); return user ? { orgId: 'acme', userId: user } : null; }, approvals, ...options }), async (req, res) => {
    state.handlerCalls++;
    const reply = await chatCompletion(stub.baseURL, { model: 'gpt-4.1', messages: req.body.messages });
    res.json({ reply: await res.locals.gatehouse.guardOutput(reply), decision_id: res.locals.gatehouse.decision.decisionId, approval_id: res.locals.gatehouse.approvalId });
  });
  app.use(gatehouseErrorHandler());
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const a: App = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    audit, approvals,
    get handlerCalls() { return state.handlerCalls; },
    close: () => new Promise((r) => server.close(() => r())),
  };
  open.push(a);
  return a;
}

async function chat(app: App, content: string, headers: Record<string, string> = { 'x-test-user': 'u1' }) {
  const res = await fetch(`${app.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content }] }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

describe('gatehouse/express: redaction', () => {
  it('the model sees the card masked and the email tokenized; the reply restores the email and keeps the card masked', async () => {
    const app = await startApp();
    const res = await chat(app, `Charge ${CARD} and mail ${EMAIL}`);
    expect(res.status).toBe(200);
    const seen = stub.received[0]!.raw;
    expect(seen).not.toContain(CARD);
    expect(seen).not.toContain(EMAIL);
    expect(seen).toContain('**** **** **** 1111');
    expect(res.body.reply).toBe(`You said: Charge **** **** **** 1111 and mail ${EMAIL}`);
    // Input (redact) then output (allow: the reply only held the mask and the token), one trace.
    expect(app.audit.records.map((d) => [d.stage, d.verdict])).toEqual([['input', 'redact'], ['output', 'allow']]);
    expect(res.body.decision_id).toBe(app.audit.records[0]!.decisionId);
    expect(res.headers.get('gatehouse-decision-id')).toBe(app.audit.records[0]!.decisionId);
    expect(app.audit.records[1]!.traceId).toBe(app.audit.records[0]!.traceId);
  });

  it('a card the model invents in its reply is masked by guardOutput', async () => {
    const app = await startApp();
    modelReply = () => `Your card on file is ${CARD}.`;
    const res = await chat(app, 'what card do I have on file?');
    expect(res.body.reply).toBe('Your card on file is **** **** **** 1111.');
    expect(app.audit.records.map((d) => [d.stage, d.verdict])).toEqual([['input', 'allow'], ['output', 'redact']]);
  });

  it('the traceparent header links both decisions to the caller\'s trace', async () => {
    const app = await startApp();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await chat(app, 'hello', { 'x-test-user': 'u1', traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(app.audit.records.map((d) => d.traceId)).toEqual([traceId, traceId]);
  });
});

describe('gatehouse/express: denials', () => {
  it('a secret in the prompt is 403 with the audited decision id, and neither handler nor model runs', async () => {
    const app = await startApp();
    const res = await chat(app, `deploy with ${AWS_KEY}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'denied', decision_id: app.audit.records[0]!.decisionId, stage: 'input' });
    expect(res.body.reasons[0]).toMatchObject({ code: 'detector_finding', policy_id: 'keys' });
    expect(JSON.stringify(res.body)).not.toContain(AWS_KEY);
    expect(app.handlerCalls).toBe(0);
    expect(stub.received).toHaveLength(0);
  });

  it('an SQL-injection payload in the prompt is blocked', async () => {
    const app = await startApp();
    const res = await chat(app, "show the account of user 1' OR '1'='1' --");
    expect(res.status).toBe(403);
    expect(res.body.reasons[0]).toMatchObject({ code: 'custom_check', policy_id: 'prompt-sql' });
    expect(stub.received).toHaveLength(0);
  });

  it('a secret in the model reply is withheld: 403 at the output stage', async () => {
    const app = await startApp();
    modelReply = () => `use ${AWS_KEY}`;
    const res = await chat(app, 'which key should I use?');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'denied', stage: 'output', decision_id: app.audit.records[1]!.decisionId });
    expect(JSON.stringify(res.body)).not.toContain(AWS_KEY);
  });

  it('a malformed message is 400 invalid_request, still with a decision id', async () => {
    const app = await startApp();
    const res = await fetch(`${app.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-user': 'u1' }, body: JSON.stringify({ messages: [{ content: 'no role' }] }) });
    const body = (await res.json()) as any;
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', decision_id: app.audit.records[0]!.decisionId });
  });

  it('a body with nothing to govern is 400, without a decision', async () => {
    const app = await startApp();
    const res = await fetch(`${app.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-user': 'u1' }, body: JSON.stringify({ question: 'hi' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toBe('invalid_request');
    expect(app.audit.records).toHaveLength(0);
    expect(app.handlerCalls).toBe(0);
  });

  it('bodyField governs a named field', async () => {
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit });
    const app = express();
    app.use(express.json());
    app.post('/ask', gatehouseExpress(gh, { resolveIdentity: () => ({ orgId: 'acme' }), bodyField: 'question' }), (req, res) => { res.json({ question: req.body.question, other: req.body.other }); });
    const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: `card ${CARD}`, other: 'kept' }) });
      expect(await res.json()).toEqual({ question: 'card **** **** **** 1111', other: 'kept' });
    } finally {
      await new Promise((r) => server.close(() => r(undefined)));
    }
  });

  it('if the decision cannot be recorded, the request fails closed with 503', async () => {
    const app = await startApp();
    app.audit.fail = true;
    const res = await chat(app, 'hello');
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('audit_unavailable');
    expect(app.handlerCalls).toBe(0);
  });
});

describe('gatehouse/express: approvals', () => {
  it('require_approval is 202 with the approval id; once approved, the same request goes through with it', async () => {
    const app = await startApp();
    const first = await chat(app, 'please refund order 42');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'pending_approval', decision_id: app.audit.records[0]!.decisionId });
    const approvalId = first.body.approval_id as string;
    expect(app.approvals.records.get(approvalId)).toMatchObject({ status: 'pending', requestedBy: 'u1', decisionId: first.body.decision_id });
    expect(app.handlerCalls).toBe(0);

    // Before a reviewer acts, presenting the id is still 202 for the same approval.
    const early = await chat(app, 'please refund order 42', { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: approvalId });
    expect(early.status).toBe(202);
    expect(early.body.approval_id).toBe(approvalId);

    app.approvals.approve(approvalId);
    const resumed = await chat(app, 'please refund order 42', { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: approvalId });
    expect(resumed.status).toBe(200);
    expect(resumed.body.approval_id).toBe(approvalId);
    expect(resumed.body.reply).toBe('You said: please refund order 42');
    expect(app.approvals.records.size).toBe(1);
  });

  it('an approved id does not carry a different request, or another user\'s request', async () => {
    const app = await startApp();
    const first = await chat(app, 'please refund order 42');
    const approvalId = first.body.approval_id as string;
    app.approvals.approve(approvalId);
    const other = await chat(app, 'please refund order 43 and 44', { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: approvalId });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: 'approval_refused', approval_status: 'mismatch' });
    const someoneElse = await chat(app, 'please refund order 42', { 'x-test-user': 'u2', [APPROVAL_ID_HEADER]: approvalId });
    expect(someoneElse.body).toMatchObject({ error: 'approval_refused', approval_status: 'mismatch' });
    const unknown = await chat(app, 'please refund order 42', { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: '0190aaaa-0000-7000-8000-000000000000' });
    expect(unknown.body).toMatchObject({ error: 'approval_refused', approval_status: 'not_found' });
    expect(app.handlerCalls).toBe(0);
  });

  it('a rejected approval is refused', async () => {
    const app = await startApp();
    const approvalId = (await chat(app, 'refund me')).body.approval_id as string;
    app.approvals.reject(approvalId);
    const res = await chat(app, 'refund me', { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: approvalId });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'approval_refused', approval_status: 'rejected' });
  });

  it('approval: "wait" holds the request until a reviewer approves it', async () => {
    const app = await startApp({ approval: 'wait', approvalTimeoutMs: 10_000 });
    const pending = chat(app, 'refund order 7');
    await until(() => app.approvals.records.size === 1);
    expect(app.handlerCalls).toBe(0);
    app.approvals.approve([...app.approvals.records.keys()][0]!);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe('You said: refund order 7');
  });

  it('an approval service that is down fails closed with 503', async () => {
    const app = await startApp();
    app.approvals.failing = true;
    const res = await chat(app, 'refund order 9');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: 'approval_unavailable', decision_id: app.audit.records[0]!.decisionId });
  });
});

describe('gatehouse/express: identity', () => {
  it('no identity is 401; an API key (Bearer or Basic) resolves the org and client', async () => {
    const { store, key } = await memoryKey('acme', 'web');
    const audit = memoryAudit();
    const gh = createGatehouseCore({ engine, audit });
    const app = express();
    app.use(express.json());
    app.post('/chat', gatehouseExpress(gh, { apiKeys: store, resolveIdentity: (req, caller) => (caller ? { orgId: caller.orgId, userId: req.get('x-user') ?? undefined } : null) }), (_req, res) => { res.json({ identity: res.locals.gatehouse.identity }); });
    const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ prompt: 'hello' }) });
    try {
      const anonymous = await post({});
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      expect((await post({ authorization: 'Bearer gh_live_not_a_real_key' })).status).toBe(401);
      const bearer = await post({ authorization: `Bearer ${key}`, 'x-user': 'u9' });
      expect(bearer.status).toBe(200);
      expect(((await bearer.json()) as any).identity).toEqual({ orgId: 'acme', clientId: 'web', userId: 'u9' });
      const basic = await post({ authorization: `Basic ${Buffer.from(`web:${key}`).toString('base64')}` });
      expect(basic.status).toBe(200);
      expect(audit.records.map((d) => d.identity.orgId)).toEqual(['acme', 'acme']);
    } finally {
      await new Promise((r) => server.close(() => r(undefined)));
    }
  });

  it('a resolver that names another org than the key is refused with 403', async () => {
    const { store, key } = await memoryKey('acme');
    const gh = createGatehouseCore({ engine });
    const app = express();
    app.use(express.json());
    app.post('/chat', gatehouseExpress(gh, { apiKeys: store, resolveIdentity: () => ({ orgId: 'globex' }) }), (_req, res) => { res.json({}); });
    const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ prompt: 'hi' }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error).toBe('org_mismatch');
    } finally {
      await new Promise((r) => server.close(() => r(undefined)));
    }
  });

  it('without resolveIdentity or apiKeys the middleware refuses to be built', () => {
    expect(() => gatehouseExpress(createGatehouseCore({ engine }), {})).toThrow(/resolveIdentity .* or apiKeys/);
  });
});
