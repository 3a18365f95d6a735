/**
 * The model adapters record into the real audit trail: every decision a wrapped OpenAI call
 * makes (input and output, streamed included) can be queried back by its decision_id, under
 * one trace id, and the org's chain verifies.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { createAuditWriter, queryAuditRecords, verifyChain, type AuditWriter } from '../../src/audit/index.js';
import { createGatehouseCore } from '../../src/pep/guard/index.js';
import { PolicyDeniedError, wrapOpenAI } from '../../src/pep/openai/index.js';
import { AWS_KEY, CARD, MASKED_CARD, modelAdapterEngine } from '../pep/helpers/model-adapter-kit.js';
import { backend, openTestStore, type TestStore } from './helpers/test-store.js';

const auditSecret = 'adapter-audit-test-secret-at-least-32-bytes';

describe(`model adapters write to the audit trail (${backend})`, () => {
  let store: TestStore;
  let audit: AuditWriter;
  let stub: OpenAIStub;
  let client: OpenAI;
  beforeAll(async () => {
    store = await openTestStore();
    audit = await createAuditWriter(store, { auditSecret, mode: 'sync' });
    stub = await startOpenAIStub();
    const gatehouse = createGatehouseCore({ engine: modelAdapterEngine(), audit });
    client = wrapOpenAI(new OpenAI({ apiKey: 'sk-test', baseURL: stub.baseURL, maxRetries: 0 }), gatehouse, { identity: { orgId: 'acme', userId: 'u1' } });
  });
  afterAll(async () => {
    await stub.close();
    await audit.close();
    await store.dispose();
  });

  it('a redacted call, a streamed reply and a denial are all queryable by decision id; the chain verifies', async () => {
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: `charge ${CARD}` }] });
    stub.script({ text: `your card ${CARD} is on file`, splitAt: [14] });
    const stream = await client.chat.completions.create({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'which card?' }] });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
    expect(streamed).not.toContain(CARD);
    expect(streamed).toContain(MASKED_CARD);
    const denied = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: `key ${AWS_KEY}` }] }).catch((e) => e);
    expect(denied).toBeInstanceOf(PolicyDeniedError);

    await audit.flush();
    const { records } = await queryAuditRecords(store, 'acme', { limit: 100 });
    // Two calls with input and output decisions, and one denied input.
    expect(records.map((r) => `${r.stage}:${r.verdict}`)).toEqual(['input:redact', 'output:allow', 'input:allow', 'output:redact', 'input:deny']);
    expect(records.find((r) => r.decisionId === denied.decision.decisionId)?.verdict).toBe('deny');
    // Input and output of one call share a trace id.
    expect(records[2]!.traceId).toBe(records[3]!.traceId);
    expect(records[0]!.traceId).not.toBe(records[2]!.traceId);
    expect(JSON.stringify(records)).not.toContain(CARD);
    expect((await verifyChain(store, 'acme', { auditSecret })).valid).toBe(true);
  });
});
