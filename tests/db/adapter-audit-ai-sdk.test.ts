/**
 * gatehouse/ai-sdk records into the real audit trail: the middleware inside `wrapLanguageModel`,
 * driven by `generateText` and `streamText` against the OpenAI-wire stub on 127.0.0.1. Input
 * and output decisions (streamed ones included) are read back by decision id with
 * queryAuditRecords under one trace; a reviewer approves through the store-backed service; no
 * raw value is stored and the org's chain verifies.
 */
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { stubChatModel } from '../../examples/shared/stub-chat-model.js';
import { ApprovalRequiredError, gatehouseMiddleware, PolicyDeniedError, type GatehouseMiddlewareOptions } from '../../src/pep/ai-sdk/index.js';
import { createGatehouseCore, type GatehouseCore } from '../../src/pep/guard/index.js';
import { AWS_KEY, BLOCKED_OUTPUT, CARD, EMAIL, MASKED_CARD, modelAdapterEngine } from '../pep/helpers/model-adapter-kit.js';
import { auditedDecision, approvedWhileWaiting, expectSoundTrail, openAuditedStore, ORG, recordedBy, REVIEWER, tracedVerdicts, type AuditedStore } from './helpers/adapter-audit-kit.js';
import { backend } from './helpers/test-store.js';

const RAW_VALUES = [CARD, EMAIL, AWS_KEY];
const verdicts = (records: { stage: string; verdict: string }[]) => records.map((r) => `${r.stage}:${r.verdict}`);

describe(`gatehouse/ai-sdk writes to the audit trail (${backend})`, () => {
  let db: AuditedStore;
  let stub: OpenAIStub;
  let gh: GatehouseCore;
  beforeAll(async () => {
    db = await openAuditedStore();
    stub = await startOpenAIStub();
    gh = createGatehouseCore({ engine: modelAdapterEngine(), audit: db.audit, approvals: db.approvals });
  });
  afterAll(async () => {
    await stub.close();
    await db.close();
  });

  function governedModel(options: Partial<GatehouseMiddlewareOptions> = {}) {
    const middleware = gatehouseMiddleware(gh, { identity: { orgId: ORG, userId: 'u1' }, ...options } as GatehouseMiddlewareOptions);
    return wrapLanguageModel({ model: stubChatModel({ baseURL: stub.baseURL, modelId: 'gpt-4.1' }), middleware });
  }

  it('generateText: the redacted prompt and the redacted reply are stored under one trace', async () => {
    stub.script({ text: `Done. Card ${CARD} refunded.` });
    const { outcome, records } = await recordedBy(db.store, async () => (await generateText({ model: governedModel(), prompt: `Pay with card ${CARD}, receipt to ${EMAIL}` })).text);
    expect(outcome).toBe(`Done. Card ${MASKED_CARD} refunded.`);
    expect(stub.received.at(-1)!.raw).not.toContain(CARD);
    expect(verdicts(records)).toEqual(['input:redact', 'output:redact']);
    const input = await auditedDecision(db.store, records[0]!.decisionId);
    expect(input).toMatchObject({ userId: 'u1', findingCounts: { credit_card: 1, email: 1 } });
    expect(await tracedVerdicts(db.store, input.traceId)).toEqual(['input:redact', 'output:redact']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('streamText: a card split across two streamed chunks is masked, and the output decision is stored under the input\'s trace', async () => {
    const reply = `your card ${CARD} is on file`;
    stub.script({ text: reply, splitAt: [reply.indexOf(CARD) + 4] });
    const { outcome, records } = await recordedBy(db.store, async () => {
      let text = '';
      for await (const delta of streamText({ model: governedModel(), prompt: 'which card do I have?' }).textStream) text += delta;
      return text;
    });
    expect(outcome).toBe(`your card ${MASKED_CARD} is on file`);
    expect(verdicts(records)).toEqual(['input:allow', 'output:redact']);
    const output = await auditedDecision(db.store, records[1]!.decisionId);
    expect(output).toMatchObject({ stage: 'output', findingCounts: { credit_card: 1 }, redactedText: `your card ${MASKED_CARD} is on file` });
    expect(output.traceId).toBe(records[0]!.traceId);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a denied prompt throws PolicyDeniedError whose decision is stored; the model is never called', async () => {
    const calls = stub.received.length;
    const error = await generateText({ model: governedModel(), prompt: `deploy with ${AWS_KEY}` }).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(stub.received).toHaveLength(calls);
    const record = await auditedDecision(db.store, error.decision.decisionId);
    expect(record).toMatchObject({ stage: 'input', verdict: 'deny', findingCounts: { aws_access_key_id: 1 } });
    expect(await tracedVerdicts(db.store, record.traceId)).toEqual(['input:deny']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('a streamed reply the output policy blocks errors the stream; the denial is stored under the input\'s trace', async () => {
    stub.script({ text: `Fine. Now the ${BLOCKED_OUTPUT} are 1234.`, chunkSize: 5 });
    let shown = '';
    const error = await (async () => {
      for await (const delta of streamText({ model: governedModel(), prompt: 'go' }).textStream) shown += delta;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(shown).not.toContain(BLOCKED_OUTPUT);
    const record = await auditedDecision(db.store, error.decision.decisionId);
    expect(record).toMatchObject({ stage: 'output', verdict: 'deny' });
    expect(await tracedVerdicts(db.store, record.traceId)).toEqual(['input:allow', 'output:deny']);
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('approval: "throw" throws ApprovalRequiredError with the id of an approval bound to the stored decision', async () => {
    const calls = stub.received.length;
    const error = await generateText({ model: governedModel({ approval: 'throw' }), prompt: 'refund order 42' }).catch((e) => e);
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(stub.received).toHaveLength(calls);
    expect(await auditedDecision(db.store, error.decision.decisionId)).toMatchObject({ stage: 'input', verdict: 'require_approval' });
    expect(await db.approvals.get(ORG, error.approvalId)).toMatchObject({ status: 'pending', decisionId: error.decision.decisionId, requestedBy: 'u1' });
    const rejected = await db.approvals.reject({ orgId: ORG, approvalId: error.approvalId, reviewer: REVIEWER, justification: 'no refunds today' });
    expect(rejected).toMatchObject({ status: 'rejected', outcome: 'deny' });
    await expectSoundTrail(db.store, RAW_VALUES);
  });

  it('approval: "wait" holds the call until a reviewer approves it; then the model is called and its reply governed', async () => {
    const model = governedModel({ approval: 'wait', approvalTimeoutMs: 10_000 });
    const { result: { outcome, records }, approval } = await approvedWhileWaiting(db.approvals, () => recordedBy(db.store, async () => (await generateText({ model, prompt: 'refund order 7' })).text));
    expect(outcome).toBe('You said: refund order 7');
    expect(verdicts(records)).toEqual(['input:require_approval', 'output:allow']);
    expect(approval.decisionId).toBe(records[0]!.decisionId);
    expect(records[1]!.traceId).toBe(records[0]!.traceId);
    await expectSoundTrail(db.store, RAW_VALUES);
  });
});
