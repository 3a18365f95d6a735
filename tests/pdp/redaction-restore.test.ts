import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../src/errors.js';
import type { Obligation } from '../../src/pdp/decision.js';
import { createRestorer, deriveOrgKeys, redactString, restore } from '../../src/pdp/redaction/index.js';

describe('restore', () => {
  it('replaces every token from a Map, a record or a decision', () => {
    const tokens = { '[[email_0a1b2c3d]]': 'ana@example.com', '4539 1488 0343 6467': '4111 1111 1111 1111' };
    const reply = 'Wrote to [[email_0a1b2c3d]] about card 4539 1488 0343 6467; cc [[email_0a1b2c3d]].';
    const expected = 'Wrote to ana@example.com about card 4111 1111 1111 1111; cc ana@example.com.';
    expect(restore(reply, tokens)).toBe(expected);
    expect(restore(reply, new Map(Object.entries(tokens)))).toBe(expected);
    const obligations: Obligation[] = [
      { type: 'redact', styles: { email: 'tokenize' } },
      { type: 'restore', tokens: { '[[email_0a1b2c3d]]': 'ana@example.com' } },
      { type: 'restore', tokens: { '4539 1488 0343 6467': '4111 1111 1111 1111' } },
    ];
    expect(restore(reply, { obligations })).toBe(expected);
  });

  it('prefers the longest token at a position', () => {
    const tokens = { '1234': 'short', '123456': 'long' };
    expect(restore('x123456y 1234', tokens)).toBe('xlongy short');
  });

  it('never substitutes inside a restored value (single pass)', () => {
    // The original of A looks like token B: it must come back as written, not as B's original.
    const tokens = { '[[a]]': 'see [[b]]', '[[b]]': 'secret' };
    expect(restore('[[a]] and [[b]]', tokens)).toBe('see [[b]] and secret');
  });

  it('treats regular-expression characters in tokens literally', () => {
    expect(restore('a.b*c (x)', { '.b*': 'DOT', '(x)': 'PAREN' })).toBe('aDOTc PAREN');
    expect(restore('aXbc', { '.b*': 'DOT' })).toBe('aXbc');
  });

  it('returns the text unchanged when there are no tokens, and lets the first obligation win a conflict', () => {
    expect(restore('[[email_0a1b2c3d]]', {})).toBe('[[email_0a1b2c3d]]');
    expect(restore('[[email_0a1b2c3d]]', { obligations: [] })).toBe('[[email_0a1b2c3d]]');
    const obligations: Obligation[] = [
      { type: 'restore', tokens: { T: 'first' } },
      { type: 'restore', tokens: { T: 'second' } },
    ];
    expect(restore('T', { obligations })).toBe('first');
  });

  it('refuses a non-string text and a malformed source with typed errors', () => {
    expect(() => restore(42 as never, {})).toThrow(GatehouseError);
    expect(() => restore('x', null as never)).toThrow(GatehouseError);
    expect(() => restore('x', { T: 5 } as never)).toThrow(/must be a string/);
  });

  it('undoes redactString for tokenize and format_preserving', () => {
    const keys = deriveOrgKeys(Uint8Array.from({ length: 32 }, (_, i) => i), 'acme');
    const text = 'Card 4111 1111 1111 1111, ssn 536-22-8726, mail ana@example.com';
    const tokens = new Map<string, string>();
    const redacted = redactString(text, [
      { start: 5, end: 24, type: 'credit_card', style: 'format_preserving' },
      { start: 30, end: 41, type: 'ssn', style: 'format_preserving' },
      { start: 48, end: 63, type: 'email', style: 'tokenize' },
    ], keys, tokens);
    expect(redacted).not.toContain('4111 1111 1111 1111');
    expect(restore(redacted, tokens)).toBe(text);
    // The model usually rewords around the tokens: they are restored wherever they land.
    const [cardPseudonym] = [...tokens].find(([, v]) => v.startsWith('4111'))!;
    expect(restore(`Charged ${cardPseudonym}.`, tokens)).toBe('Charged 4111 1111 1111 1111.');
  });

  it('compiles once with createRestorer', () => {
    const restoreReply = createRestorer({ '[[t]]': 'value' });
    expect(restoreReply('a [[t]]')).toBe('a value');
    expect(restoreReply('b [[t]] [[t]]')).toBe('b value value');
  });
});
