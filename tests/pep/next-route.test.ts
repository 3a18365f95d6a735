/**
 * gatehouse/next withGatehouse(): an App Router route handler served on 127.0.0.1 through the
 * node:http ⇄ Web Request bridge (Next's Node runtime does the same conversion). Redaction in
 * and out, denials, approvals, body limits and identity, each decision id checked against the
 * audit sink.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { serveWebHandler, type BridgeServer } from '../fixtures/web-request-bridge.js';
import { APPROVAL_ID_HEADER, createGatehouseCore, withGatehouse, type WithGatehouseOptions } from '../../src/pep/next/index.js';
import { adapterEngine, AWS_KEY, CARD, EMAIL, memoryApprovals, memoryAudit, memoryKey, type MemoryApprovals, type MemoryAudit, chatCompletion, lastUserText } from './helpers/adapter-kit.js';

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

interface Route {
  url: string;
  audit: MemoryAudit;
  approvals: MemoryApprovals;
  calls: number;
  seenParams: unknown[];
}
const servers: BridgeServer[] = [];
afterEach(async () => {
  modelReply = null;
  stub.received.length = 0;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Ctx = { params: Promise<{ room: string }> };

/** `app/api/chat/[room]/route.ts`, served behind the bridge. */
async function serveRoute(options: Partial<WithGatehouseOptions> = {}, respond?: (req: Request) => Promise<Response>): Promise<Route> {
  const audit = memoryAudit();
  const approvals = memoryApprovals();
  const gh = createGatehouseCore({ engine, audit });
  const route: Route = { url: '', audit, approvals, calls: 0, seenParams: [] };
  const POST = withGatehouse<Ctx>(async (req, ctx) => {
    route.calls++;
    route.seenParams.push(await ctx.params);
    if (respond) return respond(req);
    const { messages } = (await req.json()) as { messages: Array<{ role: string; content: string }> };
    const reply = await chatCompletion(stub.baseURL, { model: 'gpt-4.1', messages });
    return Response.json({ reply, decision_id: ctx.gatehouse.decision.decisionId });
  }, gh, { resolveIdentity: (req) => { const u = req.headers.get('x-test-user'); return u ? { orgId: 'acme', userId: u } : null; }, approvals, ...options });
  const server = await serveWebHandler((req) => POST(req, { params: Promise.resolve({ room: 'support' }) }));
  servers.push(server);
  route.url = `${server.url}/api/chat/support`;
  return route;
}

async function post(route: Route, body: unknown, headers: Record<string, string> = { 'x-test-user': 'u1' }) {
  const res = await fetch(route.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, body: json };
}

const ask = (content: string) => ({ model: 'gpt-4.1', messages: [{ role: 'user', content }] });

describe('gatehouse/next withGatehouse: redaction', () => {
  it('the handler and the model see redacted messages; the JSON response restores the email', async () => {
    const route = await serveRoute();
    const res = await post(route, ask(`Charge ${CARD}, receipt to ${EMAIL}`));
    expect(res.status).toBe(200);
    const seen = stub.received[0]!.raw;
    expect(seen).not.toContain(CARD);
    expect(seen).not.toContain(EMAIL);
    expect(res.body.reply).toBe(`You said: Charge **** **** **** 1111, receipt to ${EMAIL}`);
    expect(res.body.decision_id).toBe(route.audit.records[0]!.decisionId);
    expect(res.headers.get('gatehouse-decision-id')).toBe(route.audit.records[0]!.decisionId);
    expect(route.audit.records.map((d) => [d.stage, d.verdict])).toEqual([['input', 'redact'], ['output', 'allow']]);
    expect(route.seenParams).toEqual([{ room: 'support' }]);
  });

  it('a card the model puts in a JSON response is masked before it leaves', async () => {
    const route = await serveRoute();
    modelReply = () => `Card on file: ${CARD}`;
    const res = await post(route, ask('which card is on file?'));
    expect(res.body.reply).toBe('Card on file: **** **** **** 1111');
    expect(res.text).not.toContain(CARD);
    expect(route.audit.records[1]).toMatchObject({ stage: 'output', verdict: 'redact' });
  });

  it('a text/plain response is checked as text', async () => {
    const route = await serveRoute({}, async () => new Response(`card ${CARD}`, { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    const res = await post(route, ask('hi'));
    expect(res.text).toBe('card **** **** **** 1111');
  });

  it('a binary response passes through untouched, with no output decision', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250]);
    const route = await serveRoute({}, async () => new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
    const res = await fetch(route.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-user': 'u1' }, body: JSON.stringify(ask('hi')) });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(route.audit.records.map((d) => d.stage)).toEqual(['input']);
  });
});

describe('gatehouse/next withGatehouse: denials', () => {
  it('a secret in the prompt is 403 with the audited decision id; the handler never runs', async () => {
    const route = await serveRoute();
    const res = await post(route, ask(`use ${AWS_KEY}`));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'denied', decision_id: route.audit.records[0]!.decisionId, stage: 'input' });
    expect(res.text).not.toContain(AWS_KEY);
    expect(route.calls).toBe(0);
  });

  it('an SQL-injection payload in the prompt is 403', async () => {
    const route = await serveRoute();
    const res = await post(route, ask("id 1; DROP TABLE users; --"));
    expect(res.status).toBe(403);
    expect(res.body.reasons[0].policy_id).toBe('prompt-sql');
  });

  it('a secret in the handler\'s response is withheld with a 403 at the output stage', async () => {
    const route = await serveRoute();
    modelReply = () => `the key is ${AWS_KEY}`;
    const res = await post(route, ask('what is the key?'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'denied', stage: 'output', decision_id: route.audit.records[1]!.decisionId });
    expect(res.text).not.toContain(AWS_KEY);
  });

  it('bad bodies: not JSON is 400, the wrong type 415, over the limit 413; none reaches the handler', async () => {
    const route = await serveRoute({ bodyLimitBytes: 1_000 });
    expect((await post(route, '{not json')).status).toBe(400);
    expect((await post(route, 'x', { 'x-test-user': 'u1', 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(route, ask('a'.repeat(2_000)))).status).toBe(413);
    expect((await post(route, { question: 'hi' })).status).toBe(400);
    expect(route.calls).toBe(0);
  });

  it('no identity is 401', async () => {
    const route = await serveRoute();
    const res = await post(route, ask('hi'), {});
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthenticated');
  });

  it('an API key resolves the caller\'s org', async () => {
    const { store, key } = await memoryKey('acme', 'next-app');
    const audit = memoryAudit();
    const POST = withGatehouse(async (_req, ctx) => Response.json({ who: ctx.gatehouse.identity }), createGatehouseCore({ engine, audit }), { apiKeys: store });
    const server = await serveWebHandler((req) => POST(req, {}));
    servers.push(server);
    const res = await fetch(`${server.url}/api/x`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ prompt: 'hi' }) });
    expect(await res.json()).toEqual({ who: { orgId: 'acme', clientId: 'next-app' } });
  });
});

describe('gatehouse/next withGatehouse: approvals', () => {
  it('202 with the approval id; after approval the same request goes through with the header', async () => {
    const route = await serveRoute();
    const first = await post(route, ask('refund order 42 please'));
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'pending_approval', decision_id: route.audit.records[0]!.decisionId });
    expect(route.calls).toBe(0);
    route.approvals.approve(first.body.approval_id);
    const resumed = await post(route, ask('refund order 42 please'), { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: first.body.approval_id });
    expect(resumed.status).toBe(200);
    expect(resumed.body.reply).toBe('You said: refund order 42 please');
    const tampered = await post(route, ask('refund order 42 and 43 please'), { 'x-test-user': 'u1', [APPROVAL_ID_HEADER]: first.body.approval_id });
    expect(tampered.body).toMatchObject({ error: 'approval_refused', approval_status: 'mismatch' });
  });
});
