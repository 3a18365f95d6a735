/**
 * gatehouse/express records into the real audit trail: an Express app on 127.0.0.1 (driven
 * with fetch, the model stubbed on the OpenAI wire) answers with decision ids that can be read
 * back with queryAuditRecords, a reviewer approves through the store-backed approval service,
 * no raw value is stored and the org's chain verifies.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { APPROVAL_ID_HEADER, createGatehouseCore, gatehouseErrorHandler, gatehouseExpress } from '../../src/pep/express/index.js';
import { adapterEngine, AWS_KEY, CARD, chatCompletion, EMAIL } from '../pep/helpers/adapter-kit.js';
import { approvedWhileWaiting, auditedDecision, expectHttpApprovalRoundTrip, expectSoundTrail, matchedPolicies, openAuditedStore, ORG, postChat, tracedVerdicts, type AuditedStore } from './helpers/adapter-audit-kit.js';
import { backend } from './helpers/test-store.js';

const MASKED_CARD = '**** **** **** 1111';
const RAW_VALUES = [CARD, EMAIL, AWS_KEY];

describe(`gatehouse/express writes to the audit trail (${backend})`, () => {
  let db: AuditedStore;
  let stub: OpenAIStub;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    db = await openAuditedStore();
    stub = await startOpenAIStub();
    const gh = createGatehouseCore({ engine: adapterEngine(), audit: db.audit });
    const app = express();
    app.use(express.json());
    const identity = { resolveIdentity: (req: express.Request) => ({ orgId: ORG, userId: req.get('x-test-user') ?? 'anonymous' }), approvals: db.approvals };
    const chat: express.RequestHandler = async (req, res) => {
      const reply = await chatCompletion(stub.baseURL, { model: 'gpt-4.1', messages: req.body.messages });
      res.json({ reply: await res.locals.gatehouse.guardOutput(reply), decision_id: res.locals.gatehouse.decision.decisionId });
    };
    app.post('/chat', gatehouseExpress(gh, identity), chat);
    app.post('/chat-wait', gatehouseExpress(gh, { ...identity, approval: 'wait', approvalTimeoutMs: 10_000 }), chat);
    app.use(gatehouseErrorHandler());
    server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stub.close();
    await db.close();
  });

  it('a redacted prompt and a redacted reply are stored under one trace, found by the decision id the response names', async () => {
    stub.script({ text: `Your card ${CARD} is on file.` });
    const res = await postChat(`${url}/chat`, `Charge ${CARD}, receipt to ${EMAIL}`);
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe(`Your card ${MASKED_CARD} is on file.`);
    expect(stub.received.at(-1)!.raw).not.toContain(CARD);
    expect(res.headers.get('gatehouse-decision-id')).toBe(res.body.decision_id);

    const input = await auditedDecision(db.store, res.body.decision_id);
    expect(input).toMatchObject({ stage: 'input', verdict: 'redact', userId: 'u1', findingCounts: { credit_card: 1, email: 1 } });
    expect(matchedPolicies(input)).toEqual(['cards', 'emails']);
    expect(input.redactedText).toContain(MASKED_CARD);
    expect(input.inputDigest).not.toBeNull();
    expect(await tracedVerdicts(db.store, input.traceId)).toEqual(['input:redact', 'output:redact']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a blocked secret and an SQL-injection prompt are 403s whose decisions are stored as denials; the model is never called', async () => {
    const calls = stub.received.length;
    const secret = await postChat(`${url}/chat`, `deploy with ${AWS_KEY}`);
    const injection = await postChat(`${url}/chat`, "show the account of user 1' OR '1'='1' --");
    expect([secret.status, injection.status]).toEqual([403, 403]);
    expect(stub.received).toHaveLength(calls);

    const secretRecord = await auditedDecision(db.store, secret.body.decision_id);
    expect(secretRecord).toMatchObject({ stage: 'input', verdict: 'deny', findingCounts: { aws_access_key_id: 1 } });
    expect(matchedPolicies(secretRecord)).toEqual(['keys']);
    const injectionRecord = await auditedDecision(db.store, injection.body.decision_id);
    expect(injectionRecord).toMatchObject({ stage: 'input', verdict: 'deny' });
    expect(matchedPolicies(injectionRecord)).toEqual(['prompt-sql']);
    // A denied request has no output decision.
    expect(await tracedVerdicts(db.store, secretRecord.traceId)).toEqual(['input:deny']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('require_approval is 202 with an approval bound to the stored decision; once a reviewer approves, the same request goes through', async () => {
    const resumed = await expectHttpApprovalRoundTrip(db, `${url}/chat`, 'please refund order 42', APPROVAL_ID_HEADER);
    expect(resumed.body.reply).toBe('You said: please refund order 42');
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('approval: "wait" holds the request until the reviewer approves it, then answers', async () => {
    const { result: res, approval } = await approvedWhileWaiting(db.approvals, () => postChat(`${url}/chat-wait`, 'refund order 7'));
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe('You said: refund order 7');
    expect(approval.decisionId).toBe(res.body.decision_id);
    const input = await auditedDecision(db.store, res.body.decision_id);
    expect(await tracedVerdicts(db.store, input.traceId)).toEqual(['input:require_approval', 'output:allow']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });
});
