/**
 * gatehouse/ai-sdk: the middleware inside `wrapLanguageModel`, driven by `generateText` and
 * `streamText`. A hand-written model talks to the OpenAI-wire stub on 127.0.0.1 over HTTP; the
 * SDK's MockLanguageModelV2 scripts exact stream parts (a value split at every offset).
 */
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV2, simulateReadableStream } from 'ai/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { stubChatModel } from '../../examples/shared/stub-chat-model.js';
import { gatehouseMiddleware, PolicyDeniedError, type AiSdkCallContext, type GatehouseMiddlewareOptions } from '../../src/pep/ai-sdk/index.js';
import { createGatehouseCore } from '../../src/pep/guard/index.js';
import { AWS_KEY, BLOCKED_OUTPUT, CARD, EMAIL, MASKED_CARD, modelAdapterEngine, queryableAudit } from './helpers/model-adapter-kit.js';

const engine = modelAdapterEngine();
let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
});
afterAll(() => stub.close());
afterEach(() => {
  stub.received.length = 0;
});

const who = { orgId: 'acme', userId: 'u1' };

function governed(model = stubChatModel({ baseURL: stub.baseURL, modelId: 'gpt-4.1' }), options: Partial<GatehouseMiddlewareOptions> = {}) {
  const audit = queryableAudit();
  const gatehouse = createGatehouseCore({ engine, audit });
  return { model: wrapLanguageModel({ model, middleware: gatehouseMiddleware(gatehouse, { identity: who, ...options } as GatehouseMiddlewareOptions) }), audit };
}

type Parts = Parameters<typeof simulateReadableStream>[0]['chunks'];

/** A mock model whose stream is the given text deltas. */
function mockStreaming(deltas: string[]) {
  const chunks = [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't1' },
    ...deltas.map((delta) => ({ type: 'text-delta', id: 't1', delta })),
    { type: 'text-end', id: 't1' },
    { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } },
  ] as Parts;
  return new MockLanguageModelV2({ doStream: async () => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs: null, initialDelayInMs: null }) as never }) });
}

describe('gatehouseMiddleware: generateText', () => {
  it('the model receives the redacted prompt, the reply comes back redacted, and both decisions share a trace', async () => {
    const { model, audit } = governed();
    stub.script({ text: `Done. Card ${CARD} refunded.` });
    const { text } = await generateText({ model, system: `Customer ${EMAIL}`, prompt: `Pay with card ${CARD}` });
    expect(stub.received[0]!.raw).not.toContain(CARD);
    expect(stub.received[0]!.raw).not.toContain(EMAIL);
    expect(text).toBe(`Done. Card ${MASKED_CARD} refunded.`);
    expect(audit.records.map((d) => d.stage)).toEqual(['input', 'output']);
    expect(audit.records[1]!.traceId).toBe(audit.records[0]!.traceId);
    expect(audit.byId(audit.records[1]!.decisionId)?.verdict).toBe('redact');
  });

  it('tokenized input values are restored in the reply', async () => {
    const { model } = governed();
    const { text } = await generateText({ model, prompt: `mail ${EMAIL}` });
    expect(stub.received[0]!.raw).toMatch(/\[\[email_[0-9a-f]{8}\]\]/);
    expect(text).toBe(`You said: mail ${EMAIL}`);
  });

  it('a denied prompt throws PolicyDeniedError and the model is never called', async () => {
    const { model, audit } = governed();
    const error = await generateText({ model, prompt: `key ${AWS_KEY}` }).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(stub.received).toHaveLength(0);
    expect(audit.byId(error.decision.decisionId)?.verdict).toBe('deny');
  });

  it('text in tool results and system messages is redacted before the model sees it', async () => {
    const mock = new MockLanguageModelV2({ doGenerate: async () => ({ content: [{ type: 'text', text: 'ok' }], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, warnings: [] }) });
    const { model } = governed(mock);
    await generateText({
      model,
      messages: [
        { role: 'system', content: `Card on file ${CARD}` },
        { role: 'user', content: 'look it up' },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'lookup', output: { type: 'text', value: `found ${CARD}` } }] },
      ],
    });
    const sent = JSON.stringify(mock.doGenerateCalls[0]!.prompt);
    expect(sent).not.toContain(CARD);
    expect(sent).toContain(`Card on file ${MASKED_CARD}`);
    expect(sent).toContain(`found ${MASKED_CARD}`);
  });
});

describe('gatehouseMiddleware: streamText', () => {
  it('a card split across two text deltas at any offset never appears, whole or in part', async () => {
    const text = `Sure. The card on file is ${CARD}, expiring soon.`;
    const start = text.indexOf(CARD);
    for (let at = start; at <= start + CARD.length; at++) {
      const { model } = governed(mockStreaming([text.slice(0, at), text.slice(at)]));
      const deltas: string[] = [];
      for await (const d of streamText({ model, prompt: 'card?' }).textStream) deltas.push(d);
      expect(deltas.join('')).toBe(`Sure. The card on file is ${MASKED_CARD}, expiring soon.`);
      for (const d of deltas) expect(d).not.toMatch(/4111 1111|1111 1111 1111 1111/);
    }
  });

  it('streams through the stub over HTTP: redacted deltas, then the output decision under the input trace', async () => {
    const { model, audit } = governed();
    const reply = `${'Here is a long answer. '.repeat(80)}The card is ${CARD}. ${'Thanks. '.repeat(80)}`;
    stub.script({ text: reply, chunkSize: 6 });
    const result = streamText({ model, prompt: `mail ${EMAIL}` });
    let text = '';
    for await (const d of result.textStream) text += d;
    expect(text).toBe(engine.decide({ orgId: 'acme', stage: 'output', text: reply }).redactedText);
    expect(stub.received[0]!.raw).not.toContain(EMAIL);
    expect(audit.records.map((d) => [d.stage, d.traceId === audit.records[0]!.traceId])).toEqual([['input', true], ['output', true]]);
  });

  it('a blocked output errors the stream with PolicyDeniedError, and the blocked text is not shown', async () => {
    const { model, audit } = governed(mockStreaming(['Fine. ', 'Now the launch ', 'codes are 1234.']));
    const result = streamText({ model, prompt: 'go' });
    let text = '';
    const thrown = await (async () => {
      for await (const d of result.textStream) text += d;
    })().catch((e) => e);
    expect(thrown).toBeInstanceOf(PolicyDeniedError);
    expect(text).not.toContain(BLOCKED_OUTPUT);
    expect(audit.byId((thrown as PolicyDeniedError).decision.decisionId)).toMatchObject({ stage: 'output', verdict: 'deny' });
  });
});

describe('gatehouseMiddleware: options', () => {
  it('resolveIdentity is asked per call with the operation and model', async () => {
    const seen: string[] = [];
    const { model, audit } = governed(undefined, { identity: undefined, resolveIdentity: (ctx: AiSdkCallContext) => { seen.push(`${ctx.type}:${ctx.model.modelId}`); return { orgId: 'beta' }; } } as never);
    await generateText({ model, prompt: 'hi' });
    expect(seen).toEqual(['generate:gpt-4.1']);
    expect(audit.records.map((d) => d.identity.orgId)).toEqual(['beta', 'beta']);
  });

  it('rejects bad arguments with InvalidOptionError', () => {
    const gatehouse = createGatehouseCore({ engine });
    expect(() => gatehouseMiddleware(gatehouse, {} as never)).toThrow(/exactly one of/);
    expect(() => gatehouseMiddleware(null as never, { identity: who })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
