/**
 * gatehouse/openai: the real `openai` client, pointed at the OpenAI-wire stub on 127.0.0.1.
 * Denials before any request, redacted requests, redacted replies (streamed too, with values
 * split across SSE chunks), both decisions audited under one trace id, and untouched methods.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../../examples/shared/openai-stub.js';
import { createGatehouseCore, type Identity } from '../../src/pep/guard/index.js';
import { ApprovalRequiredError, PolicyDeniedError, UngovernedMethodError, wrapOpenAI, type OpenAICallContext, type WrapOpenAIOptions } from '../../src/pep/openai/index.js';
import { AWS_KEY, BLOCKED_OUTPUT, CARD, EMAIL, MASKED_CARD, modelAdapterEngine, queryableAudit, type QueryableAudit } from './helpers/model-adapter-kit.js';

const engine = modelAdapterEngine();
let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
});
afterAll(() => stub.close());
afterEach(() => {
  stub.received.length = 0;
});

const who: Identity = { orgId: 'acme', userId: 'u1' };

function governed(options: Partial<WrapOpenAIOptions> = {}): { client: OpenAI; audit: QueryableAudit } {
  const audit = queryableAudit();
  const gatehouse = createGatehouseCore({ engine, audit });
  const raw = new OpenAI({ apiKey: 'sk-test', baseURL: stub.baseURL, maxRetries: 0 });
  return { client: wrapOpenAI(raw, gatehouse, { identity: who, ...options } as WrapOpenAIOptions), audit };
}

const wholeOutput = (text: string) => engine.decide({ orgId: 'acme', stage: 'output', text }).redactedText ?? text;

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const deltas: string[] = [];
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    deltas.push(chunk.choices[0]?.delta?.content ?? '');
  }
  return { text: deltas.join(''), deltas, chunks };
}

describe('wrapOpenAI: chat.completions.create input', () => {
  it('a denied prompt throws PolicyDeniedError before any HTTP request, and the decision is audited', async () => {
    const { client, audit } = governed();
    const error = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: `my key is ${AWS_KEY}` }] }).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(error.code).toBe('POLICY_DENIED');
    expect(stub.received).toHaveLength(0);
    expect(audit.byId(error.decision.decisionId)?.verdict).toBe('deny');
  });

  it('the request the API receives carries the redacted messages; other fields and messages are untouched', async () => {
    const { client } = governed();
    await client.chat.completions.create({
      model: 'gpt-4.1', temperature: 0.2,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: `charge ${CARD}, receipt to ${EMAIL}` }] },
      ],
    });
    const sent = stub.received[0]!;
    expect(sent.raw).not.toContain(CARD);
    expect(sent.raw).not.toContain(EMAIL);
    expect(sent.body.temperature).toBe(0.2);
    const messages = sent.body.messages as Array<{ role: string; content: unknown }>;
    expect(messages[0]).toEqual({ role: 'system', content: 'You are terse.' });
    expect(JSON.stringify(messages[1]!.content)).toMatch(new RegExp(`charge \\*{4} \\*{4} \\*{4} 1111, receipt to \\[\\[email_[0-9a-f]{8}\\]\\]`));
  });

  it('a prompt that needs approval throws ApprovalRequiredError when no queue is configured, without calling the API', async () => {
    const { client } = governed();
    await expect(client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'please refund order 7' }] })).rejects.toBeInstanceOf(ApprovalRequiredError);
    expect(stub.received).toHaveLength(0);
  });

  it('resolveIdentity is asked per call, with the method and the body', async () => {
    const seen: unknown[] = [];
    const { client, audit } = governed({ identity: undefined, resolveIdentity: (ctx: OpenAICallContext) => { seen.push([ctx.method, ctx.params.model]); return { orgId: 'beta', userId: 'u9' }; } } as never);
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(seen).toEqual([['chat.completions.create', 'gpt-4.1']]);
    expect(audit.records.map((d) => d.identity)).toEqual([{ orgId: 'beta', clientId: null, userId: 'u9' }, { orgId: 'beta', clientId: null, userId: 'u9' }]);
  });
});

describe('wrapOpenAI: chat.completions.create output', () => {
  it('a reply is redacted, tokenized input values are restored, and both decisions share one trace id', async () => {
    const { client, audit } = governed();
    stub.script({ text: `Card ${CARD} is on file.` });
    const reply = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'status?' }] });
    expect(reply.choices[0]!.message.content).toBe(`Card ${MASKED_CARD} is on file.`);

    const echoed = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
    expect(echoed.choices[0]!.message.content).toBe(`You said: mail ${EMAIL}`); // the model saw a token; the caller gets the address back

    const [input, output] = audit.records.slice(-2);
    expect([input!.stage, output!.stage]).toEqual(['input', 'output']);
    expect(input!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(output!.traceId).toBe(input!.traceId);
    expect(audit.byTrace(input!.traceId!)).toHaveLength(2);
  });

  it('a caller traceparent is kept as the trace id of both decisions', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { client, audit } = governed({ identity: { ...who, traceparent } });
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(audit.byTrace('4bf92f3577b34da6a3ce929d0e0e4736').map((d) => d.stage)).toEqual(['input', 'output']);
  });

  it('a reply the output policy blocks throws PolicyDeniedError with the recorded decision', async () => {
    const { client, audit } = governed();
    stub.script({ text: `Here are the ${BLOCKED_OUTPUT}: 0000.` });
    const error = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(audit.byId(error.decision.decisionId)?.stage).toBe('output');
  });
});

describe('wrapOpenAI: streamed chat completions', () => {
  it('a card split across two SSE chunks at any offset never appears, whole or in part', async () => {
    const { client } = governed();
    const text = `Sure. The card on file is ${CARD}, expiring soon.`;
    const start = text.indexOf(CARD);
    for (let at = start; at <= start + CARD.length; at++) {
      stub.script({ text, splitAt: [at] });
      const stream = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'card?' }], stream: true });
      const { text: got, deltas } = await collect(stream);
      expect(got).toBe(`Sure. The card on file is ${MASKED_CARD}, expiring soon.`);
      for (const d of deltas) expect(d).not.toMatch(/4111 1111|1111 1111 1111 1111/);
    }
  });

  it('a long streamed reply is released before it ends, and equals the redaction of the whole reply', async () => {
    const { client, audit } = governed();
    // Distinct cards: the engine masks a repeated value differently from its first occurrence,
    // so a repeat within the lookahead keeps the two occurrences in one segment.
    const cards = ['4111 1111 1111 1111', '5500 0000 0000 0004', '4012 8888 8888 1881', '6011 1111 1111 1117', '5105 1051 0510 5100', '4222 2222 2222 2', '3530 1113 3330 0000', '6011 0009 9013 9424', '4000 0566 5566 5556'];
    const text = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? `Line ${i}: card ${cards[(i - 3) / 7]} and mail ${EMAIL}.` : `Line ${i}: nothing sensitive here, just words.`)).join('\n');
    stub.script({ text, chunkSize: 5 });
    const stream = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'list' }], stream: true });
    const { text: got, chunks } = await collect(stream);
    expect(got).toBe(wholeOutput(text));
    for (const card of cards) expect(got).not.toContain(card);
    // Text flowed during the stream, not only at the end: several chunks carry content before the finish.
    const finish = chunks.findIndex((c) => c.choices[0]?.finish_reason != null);
    expect(chunks.slice(0, finish).filter((c) => (c.choices[0]?.delta?.content ?? '') !== '').length).toBeGreaterThan(1);
    expect(chunks[finish]!.choices[0]!.finish_reason).toBe('stop');
    const [input, output] = audit.records;
    expect(output!.stage).toBe('output');
    expect(output!.verdict).toBe('redact');
    expect(output!.traceId).toBe(input!.traceId);
  });

  it('a streamed reply with blocked output throws PolicyDeniedError, after recording the output decision', async () => {
    const { client, audit } = governed();
    stub.script({ text: `Fine. ${'Words. '.repeat(300)}Now the ${BLOCKED_OUTPUT} are 1234. ${'More. '.repeat(300)}`, chunkSize: 9 });
    const stream = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'go' }], stream: true });
    let seen = '';
    const error = await (async () => {
      for await (const chunk of stream) seen += chunk.choices[0]?.delta?.content ?? '';
    })().catch((e) => e);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(seen).not.toContain(BLOCKED_OUTPUT);
    expect(audit.byId(error.decision.decisionId)).toMatchObject({ stage: 'output', verdict: 'deny' });
  });

  it('the stream is the SDK class, with a working controller and toReadableStream()', async () => {
    const { client } = governed();
    stub.script({ text: `card ${CARD}`, splitAt: [9] });
    const stream = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }], stream: true });
    expect(stream.controller).toBeInstanceOf(AbortController);
    const lines = (await new Response(stream.toReadableStream()).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(`card ${MASKED_CARD}`);
  });
});

describe('wrapOpenAI: responses.create', () => {
  it('instructions and input are redacted before the request; the response text and output_text are redacted', async () => {
    const { client, audit } = governed();
    stub.script({ text: `Refunded to ${CARD}.` });
    const response = await client.responses.create({ model: 'gpt-4.1', instructions: `Customer email ${EMAIL}`, input: `card ${CARD}` });
    const sent = stub.received[0]!;
    expect(sent.raw).not.toContain(CARD);
    expect(sent.raw).not.toContain(EMAIL);
    expect(sent.body.input).toBe(`card ${MASKED_CARD}`);
    expect(response.output_text).toBe(`Refunded to ${MASKED_CARD}.`);
    expect(JSON.stringify(response.output)).not.toContain(CARD);
    expect(audit.records.map((d) => d.stage)).toEqual(['input', 'output']);
  });

  it('input items (messages with content parts) are redacted in place', async () => {
    const { client } = governed();
    await client.responses.create({ model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_text', text: `pay with ${CARD}` }] }] });
    const input = stub.received[0]!.body.input as Array<{ content: Array<{ text: string }> }>;
    expect(input[0]!.content[0]!.text).toBe(`pay with ${MASKED_CARD}`);
  });

  it('a denied input throws before any request', async () => {
    const { client } = governed();
    await expect(client.responses.create({ model: 'gpt-4.1', input: `key ${AWS_KEY}` })).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(stub.received).toHaveLength(0);
  });

  it('a streamed response never shows a value split across text deltas, and its done events carry the redacted text', async () => {
    const { client, audit } = governed();
    const text = `The card is ${CARD}. ${'Thanks for waiting. '.repeat(80)}`;
    stub.script({ text, splitAt: [text.indexOf(CARD) + 7, text.indexOf(CARD) + 12] });
    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'card?', stream: true });
    let deltas = '';
    const events: Array<{ type: string; [k: string]: unknown }> = [];
    for await (const event of stream) {
      events.push(event as never);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
    }
    expect(deltas).toBe(wholeOutput(text));
    expect(JSON.stringify(events)).not.toMatch(/4111 1111/);
    const done = events.find((e) => e.type === 'response.output_text.done')!;
    expect(done.text).toBe(wholeOutput(text));
    const completed = events.find((e) => e.type === 'response.completed') as unknown as { response: { output: Array<{ content: Array<{ text: string }> }> } };
    expect(completed.response.output[0]!.content[0]!.text).toBe(wholeOutput(text));
    expect(audit.records.map((d) => [d.stage, d.traceId === audit.records[0]!.traceId])).toEqual([['input', true], ['output', true]]);
  });
});

describe('wrapOpenAI: the rest of the client', () => {
  it('leaves other methods and properties as they were, and withOptions() returns a governed client', async () => {
    const raw = new OpenAI({ apiKey: 'sk-test', baseURL: stub.baseURL, maxRetries: 0 });
    const client = wrapOpenAI(raw, createGatehouseCore({ engine }), { identity: who });
    expect(client.baseURL).toBe(raw.baseURL);
    expect(client.models).toBe(raw.models);
    expect(typeof client.buildURL('/x', {})).toBe('string'); // a method that reads #private state still works
    const other = client.withOptions({ timeout: 5_000 });
    await expect(other.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: `key ${AWS_KEY}` }] })).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(stub.received).toHaveLength(0);
  });

  it('refuses the SDK helpers that would reach the model around the governed create()', () => {
    const { client } = governed();
    expect(() => client.chat.completions.stream({ model: 'gpt-4.1', messages: [] })).toThrow(UngovernedMethodError);
    expect(() => client.chat.completions.parse({ model: 'gpt-4.1', messages: [] })).toThrow(/UNGOVERNED|would call the model/);
    expect(() => client.responses.stream({ model: 'gpt-4.1', input: 'x' })).toThrow(UngovernedMethodError);
  });

  it('rejects bad arguments with InvalidOptionError', () => {
    const gatehouse = createGatehouseCore({ engine });
    const raw = new OpenAI({ apiKey: 'sk-test', baseURL: stub.baseURL });
    expect(() => wrapOpenAI(raw, gatehouse, {} as never)).toThrow(/exactly one of/);
    expect(() => wrapOpenAI(raw, gatehouse, { identity: who, resolveIdentity: () => who } as never)).toThrow(/exactly one of/);
    expect(() => wrapOpenAI(raw, {} as never, { identity: who })).toThrow(/enforcement point/);
    expect(() => wrapOpenAI(null as never, gatehouse, { identity: who })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('wrapOpenAI: several choices, refusals and log probabilities', () => {
  /** A client whose create() answers with the given chunks as a plain async iterable (not the SDK's Stream class). */
  function fakeClient(chunks: unknown[]) {
    const sent: unknown[] = [];
    return {
      sent,
      chat: { completions: { create: async (body: unknown) => { sent.push(body); return (async function* () { yield* chunks; })(); } } },
    };
  }
  const chunk = (choices: unknown[], usage: unknown = null) => ({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, usage });
  const logprobs = (token: string) => ({ content: [{ token, logprob: -0.1, bytes: null, top_logprobs: [] }] });

  it('each choice and the refusal are redacted on their own, logprobs are dropped, and chunk order is kept', async () => {
    const choice0 = `Card ${CARD} is fine. ${'Words go on. '.repeat(120)}`;
    const choice1 = `I cannot repeat ${CARD}.`;
    const chunks: unknown[] = [];
    for (let i = 0; i < Math.max(choice0.length, choice1.length); i += 6) {
      const choices = [];
      if (i < choice0.length) choices.push({ index: 0, delta: { content: choice0.slice(i, i + 6) }, logprobs: logprobs(choice0.slice(i, i + 6)), finish_reason: null });
      if (i < choice1.length) choices.push({ index: 1, delta: { refusal: choice1.slice(i, i + 6) }, logprobs: logprobs(choice1.slice(i, i + 6)), finish_reason: null });
      chunks.push(chunk(choices));
    }
    chunks.push(chunk([{ index: 1, delta: {}, logprobs: null, finish_reason: 'stop' }]));
    chunks.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
    chunks.push(chunk([], { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }));

    const audit = queryableAudit();
    const fake = fakeClient(chunks);
    const client = wrapOpenAI(fake, createGatehouseCore({ engine, audit }), { identity: who });
    const stream = (await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true })) as AsyncIterable<any>;
    const out: any[] = [];
    for await (const c of stream) out.push(c);

    const text = (index: number, field: string) => out.flatMap((c) => c.choices).filter((c: any) => c.index === index).map((c: any) => c.delta?.[field] ?? '').join('');
    expect(text(0, 'content')).toBe(wholeOutput(choice0));
    expect(text(1, 'refusal')).toBe(`I cannot repeat ${MASKED_CARD}.`);
    expect(JSON.stringify(out)).not.toMatch(/4111 11|1111 1111 1111 1111/);
    expect(out.flatMap((c) => c.choices).every((c: any) => c.logprobs === null || c.logprobs === undefined)).toBe(true);
    expect(out.at(-1).usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    expect(out.flatMap((c) => c.choices).filter((c: any) => c.finish_reason === 'stop').map((c: any) => c.index)).toEqual([1, 0]);
    const output = audit.records.find((d) => d.stage === 'output')!;
    expect(new Set(output.findings.map((f) => f.source))).toEqual(new Set(['messages[0].content', 'messages[1].content']));
  });
});
