/** The framework-free pieces the adapters share: body extraction, result text, approval binding. */
import { describe, expect, it } from 'vitest';
import { ChatInputMissingError, readChatInput, requestDigest, withSafeChatInput } from '../../src/pep/adapter-kit/index.js';
import { resultPayload } from '../../src/pep/mcp/tool-result-text.js';
import { adapterEngine, CARD, EMAIL } from './helpers/adapter-kit.js';

const engine = adapterEngine();

describe('readChatInput', () => {
  it('finds messages, then prompt, then input (string or message array), with the model', () => {
    expect(readChatInput({ model: 'm', messages: [{ role: 'user', content: 'a' }], prompt: 'ignored' })).toEqual({ field: 'messages', messages: [{ role: 'user', content: 'a' }], model: 'm' });
    expect(readChatInput({ prompt: 'p' })).toEqual({ field: 'prompt', text: 'p' });
    expect(readChatInput({ input: 'i' })).toEqual({ field: 'input', text: 'i' });
    expect(readChatInput({ input: [{ role: 'user', content: 'x' }] })).toMatchObject({ field: 'input', messages: [{ role: 'user', content: 'x' }] });
  });

  it('refuses a body with nothing to govern, or a named field of the wrong type', () => {
    for (const body of [null, 'text', [], { question: 'q' }, { prompt: 42 }]) expect(() => readChatInput(body)).toThrow(ChatInputMissingError);
    expect(() => readChatInput({ q: { nested: true } }, 'q')).toThrow(/"q"/);
    // A named field is the only one read: a messages array elsewhere does not count.
    expect(() => readChatInput({ messages: [] }, 'q')).toThrow(ChatInputMissingError);
  });

  it('withSafeChatInput swaps in the redacted field without touching the caller\'s body', () => {
    const body = { model: 'm', prompt: `card ${CARD}`, keep: { a: 1 } };
    const input = readChatInput(body);
    const d = engine.decide({ orgId: 'acme', stage: 'input', text: input.text! });
    const safe = withSafeChatInput(body, input, d);
    expect(safe).toEqual({ model: 'm', prompt: 'card **** **** **** 1111', keep: { a: 1 } });
    expect(body.prompt).toBe(`card ${CARD}`);
    const allowed = engine.decide({ orgId: 'acme', stage: 'input', text: 'hello' });
    expect(withSafeChatInput(body, input, allowed)).toBe(body);
  });
});

describe('requestDigest', () => {
  it('changes with the requester or the content, and not with anything else', () => {
    const a = requestDigest({ orgId: 'acme', userId: 'u1' }, { stage: 'input', text: 'refund 42' });
    expect(requestDigest({ orgId: 'acme', userId: 'u1', traceparent: 'x' }, { stage: 'input', text: 'refund 42' })).toBe(a);
    expect(requestDigest({ orgId: 'acme', userId: 'u2' }, { stage: 'input', text: 'refund 42' })).not.toBe(a);
    expect(requestDigest({ orgId: 'acme', userId: 'u1' }, { stage: 'input', text: 'refund 43' })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('resultPayload (MCP tool results)', () => {
  it('a single text item is checked as it is', () => {
    const p = resultPayload({ content: [{ type: 'text', text: 'hi' }, { type: 'image', data: 'AAA', mimeType: 'image/png' }] })!;
    expect(p.kind).toBe('text');
    expect(p.kind === 'text' && p.write('bye')).toEqual({ content: [{ type: 'text', text: 'bye' }, { type: 'image', data: 'AAA', mimeType: 'image/png' }] });
  });

  it('several text items, resource texts and structured content go in one JSON document and come back in place', () => {
    const result = {
      content: [{ type: 'text', text: EMAIL }, { type: 'resource', resource: { uri: 'crm://1', text: CARD } }, { type: 'resource', resource: { uri: 'b://1', blob: 'AA==' } }],
      structuredContent: { email: EMAIL },
      isError: false,
    };
    const p = resultPayload(result)!;
    expect(p.kind).toBe('json');
    if (p.kind !== 'json') return;
    expect(p.value).toEqual({ content: [EMAIL, CARD], structuredContent: { email: EMAIL } });
    const out = p.write({ content: ['E', 'C'], structuredContent: { email: 'E' } });
    expect(out).toEqual({
      content: [{ type: 'text', text: 'E' }, { type: 'resource', resource: { uri: 'crm://1', text: 'C' } }, { type: 'resource', resource: { uri: 'b://1', blob: 'AA==' } }],
      structuredContent: { email: 'E' },
      isError: false,
    });
    expect(result.content[0]).toEqual({ type: 'text', text: EMAIL });
  });

  it('a result without text has nothing to check', () => {
    expect(resultPayload({ content: [{ type: 'image', data: 'AAA', mimeType: 'image/png' }] })).toBeNull();
    expect(resultPayload({ content: [] })).toBeNull();
  });
});
