/**
 * gatehouse/next records into the real audit trail: an App Router route handler wrapped with
 * withGatehouse (served on 127.0.0.1 through the node:http ⇄ Web Request bridge) and a Server
 * Action wrapped with governAction. Denials, redactions and approvals (approved by a reviewer
 * through the store-backed service) are read back by decision id with queryAuditRecords; no raw
 * value is stored and the org's chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import {
  APPROVAL_ID_HEADER, ApprovalRequiredError, createGatehouseCore, governAction, PolicyDeniedError, withGatehouse, type GatehouseCore,
} from '../../src/pep/next/index.js';
import { serveWebHandler, type BridgeServer } from '../fixtures/web-request-bridge.js';
import { adapterEngine, AWS_KEY, CARD, chatCompletion, EMAIL } from '../pep/helpers/adapter-kit.js';
import {
  approve, approvedWhileWaiting, auditedDecision, expectHttpApprovalRoundTrip, expectSoundTrail, matchedPolicies, openAuditedStore, ORG, postChat, recordedBy, REVIEWER, tracedVerdicts, type AuditedStore,
} from './helpers/adapter-audit-kit.js';
import { backend } from './helpers/test-store.js';

const MASKED_CARD = '**** **** **** 1111';
const RAW_VALUES = [CARD, EMAIL, AWS_KEY];
const identity = { orgId: ORG, userId: 'u1' };

let db: AuditedStore;
let gh: GatehouseCore;
beforeAll(async () => {
  db = await openAuditedStore();
  gh = createGatehouseCore({ engine: adapterEngine(), audit: db.audit });
});
afterAll(() => db.close());

describe(`gatehouse/next withGatehouse writes to the audit trail (${backend})`, () => {
  let stub: OpenAIStub;
  let bridge: BridgeServer;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    // app/api/chat/route.ts, and a copy that holds the request until a reviewer acts.
    const handler = withGatehouse(async (req, ctx) => {
      const { messages } = (await req.json()) as { messages: unknown[] };
      return Response.json({ reply: await chatCompletion(stub.baseURL, { model: 'gpt-4.1', messages }), decision_id: ctx.gatehouse.decision.decisionId });
    }, gh, { resolveIdentity: (req) => ({ orgId: ORG, userId: req.headers.get('x-test-user') ?? 'anonymous' }), approvals: db.approvals });
    const waiting = withGatehouse(async () => Response.json({ reply: 'refund queued' }), gh, {
      resolveIdentity: () => identity, approvals: db.approvals, approval: 'wait', approvalTimeoutMs: 10_000,
    });
    bridge = await serveWebHandler((req) => (new URL(req.url).pathname === '/api/chat/wait' ? waiting(req, {}) : handler(req, {})));
  });
  afterAll(async () => {
    await bridge.close();
    await stub.close();
  });

  it('a redacted prompt and a redacted JSON response are stored under one trace, found by the decision id the response names', async () => {
    stub.script({ text: `Card on file: ${CARD}` });
    const res = await postChat(`${bridge.url}/api/chat`, `Charge ${CARD}, receipt to ${EMAIL}`);
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe(`Card on file: ${MASKED_CARD}`);
    expect(stub.received.at(-1)!.raw).not.toContain(CARD);
    expect(res.headers.get('gatehouse-decision-id')).toBe(res.body.decision_id);

    const input = await auditedDecision(db.store, res.body.decision_id);
    expect(input).toMatchObject({ stage: 'input', verdict: 'redact', userId: 'u1', findingCounts: { credit_card: 1, email: 1 } });
    expect(input.redactedText).toContain(MASKED_CARD);
    expect(await tracedVerdicts(db.store, input.traceId)).toEqual(['input:redact', 'output:redact']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a blocked secret and an SQL-injection prompt are 403s stored as denials; the handler never runs', async () => {
    const calls = stub.received.length;
    const secret = await postChat(`${bridge.url}/api/chat`, `use ${AWS_KEY}`);
    const injection = await postChat(`${bridge.url}/api/chat`, 'id 1; DROP TABLE users; --');
    expect([secret.status, injection.status]).toEqual([403, 403]);
    expect(stub.received).toHaveLength(calls);
    const secretRecord = await auditedDecision(db.store, secret.body.decision_id);
    expect(secretRecord).toMatchObject({ stage: 'input', verdict: 'deny', findingCounts: { aws_access_key_id: 1 } });
    expect(matchedPolicies(secretRecord)).toEqual(['keys']);
    expect(await tracedVerdicts(db.store, secretRecord.traceId)).toEqual(['input:deny']);
    expect(matchedPolicies(await auditedDecision(db.store, injection.body.decision_id))).toEqual(['prompt-sql']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('require_approval is 202 bound to the stored decision; after a reviewer approves, the header resumes the request', async () => {
    const resumed = await expectHttpApprovalRoundTrip(db, `${bridge.url}/api/chat`, 'refund order 42 please', APPROVAL_ID_HEADER);
    expect(resumed.body.reply).toBe('You said: refund order 42 please');
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('approval: "wait" holds the request until the reviewer approves it', async () => {
    const { result: res, approval } = await approvedWhileWaiting(db.approvals, () => postChat(`${bridge.url}/api/chat/wait`, 'refund order 7'));
    expect(res).toMatchObject({ status: 200, body: { reply: 'refund queued' } });
    const input = await auditedDecision(db.store, res.headers.get('gatehouse-decision-id')!);
    expect(approval.decisionId).toBe(input.decisionId);
    expect(await tracedVerdicts(db.store, input.traceId)).toEqual(['input:require_approval', 'output:allow']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });
});

describe(`gatehouse/next governAction writes to the audit trail (${backend})`, () => {
  it('the action sees masked arguments, its result is redacted, and both decisions are stored under one trace', async () => {
    const seen: string[] = [];
    const action = governAction(async (note: string) => { seen.push(note); return `Saved. Card ${CARD} charged.`; }, gh, { identity });
    const { outcome, records } = await recordedBy(db.store, () => action(`charge ${CARD}`));
    expect(outcome).toBe(`Saved. Card ${MASKED_CARD} charged.`);
    expect(seen).toEqual([`charge ${MASKED_CARD}`]);
    expect(records.map((r) => `${r.stage}:${r.verdict}`)).toEqual(['input:redact', 'output:redact']);
    expect(records[1]!.traceId).toBe(records[0]!.traceId);
    expect(records[1]!.redactedText).toBe(`Saved. Card ${MASKED_CARD} charged.`);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a denied argument throws PolicyDeniedError whose decision is stored as a denial; the action never runs', async () => {
    let ran = false;
    const action = governAction(async (_q: string) => { ran = true; }, gh, { identity });
    const error = await action(`key ${AWS_KEY}`).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(ran).toBe(false);
    const record = await auditedDecision(db.store, error.decision.decisionId);
    expect(record).toMatchObject({ stage: 'input', verdict: 'deny', findingCounts: { aws_access_key_id: 1 } });
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('require_approval throws ApprovalRequiredError with the approval id; once approved, presenting it resumes the call', async () => {
    let presented: string | undefined; // what a header or cookie would carry
    const action = governAction(async (text: string) => `done: ${text}`, gh, { identity, approvals: db.approvals, approvalId: () => presented });
    const error = await action('refund order 42').catch((e) => e);
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(await auditedDecision(db.store, error.decision.decisionId)).toMatchObject({ stage: 'input', verdict: 'require_approval' });
    expect(await db.approvals.get(ORG, error.approvalId)).toMatchObject({ status: 'pending', decisionId: error.decision.decisionId });
    expect(await approve(db.approvals, error.approvalId)).toMatchObject({ status: 'approved', reviewer: REVIEWER.id });
    presented = error.approvalId;
    const { outcome, records } = await recordedBy(db.store, () => action('refund order 42'));
    expect(outcome).toBe('done: refund order 42');
    expect(records.map((r) => `${r.stage}:${r.verdict}`)).toEqual(['input:require_approval', 'output:allow']);
    expect(records[1]!.traceId).toBe(records[0]!.traceId);
  });

  it('approval: "wait" holds the action until the reviewer approves it', async () => {
    const action = governAction(async (text: string) => `done: ${text}`, gh, { identity, approvals: db.approvals, approval: 'wait', approvalTimeoutMs: 10_000 });
    const { result: { outcome, records }, approval } = await approvedWhileWaiting(db.approvals, () => recordedBy(db.store, () => action('refund order 9')));
    expect(outcome).toBe('done: refund order 9');
    expect(records.map((r) => `${r.stage}:${r.verdict}`)).toEqual(['input:require_approval', 'output:allow']);
    expect(approval.decisionId).toBe(records[0]!.decisionId);
    await expectSoundTrail(db.store, RAW_VALUES);
  });
});
