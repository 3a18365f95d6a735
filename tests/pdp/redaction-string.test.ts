import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/detectors/detect.js';
import { DETECTOR_TYPES } from '../../src/detectors/types.js';
import { cardIssuer, isValidLuhn } from '../../src/detectors/validators/index.js';
import { REDACTION_STYLES, type RedactionStyle } from '../../src/pdp/policy-schema.js';
import {
  InvalidRedactionInputError, deriveOrgKeys, hashValue, labelFor, redactString, restore,
  type RedactionSpan, type RedactionType,
} from '../../src/pdp/redaction/index.js';
import { cardDigits, groupCard, sensitiveText } from './redaction-arbitraries.js';

const master = Uint8Array.from({ length: 32 }, (_, i) => i);
const keys = deriveOrgKeys(master, 'acme');
const ALL_TYPES: RedactionType[] = [...DETECTOR_TYPES, 'text_rule'];

function span(text: string, value: string, type: RedactionType, style: RedactionStyle, from = 0): RedactionSpan {
  const start = text.indexOf(value, from);
  if (start < 0) throw new Error(`test setup: ${value} not in text`);
  return { start, end: start + value.length, type, style };
}

function redact(text: string, spans: RedactionSpan[], tokens = new Map<string, string>()): string {
  return redactString(text, spans, keys, tokens);
}

describe('redactString', () => {
  it('rewrites each span in its own style and leaves the rest untouched', () => {
    const text = 'Card 4111 1111 1111 1111, mail ana@example.com, ssn 536-22-8726.';
    const out = redact(text, [
      span(text, '4111 1111 1111 1111', 'credit_card', 'mask'),
      span(text, 'ana@example.com', 'email', 'label'),
      span(text, '536-22-8726', 'ssn', 'hash'),
    ]);
    expect(out).toBe(`Card **** **** **** 1111, mail [REDACTED:email], ssn ${hashValue('536-22-8726', 'ssn', keys)}.`);
  });

  it('returns the text unchanged when there are no spans, or only empty ones', () => {
    expect(redact('nothing here', [])).toBe('nothing here');
    expect(redact('nothing here', [{ start: 3, end: 3, type: 'email', style: 'label' }])).toBe('nothing here');
  });

  it('redacts every other occurrence of a value in the same type and style', () => {
    const text = 'first ana@example.com, again ana@example.com';
    expect(redact(text, [span(text, 'ana@example.com', 'email', 'label')])).toBe('first [REDACTED:email], again [REDACTED:email]');
  });

  it('merges overlapping spans, in the style of the earliest (then longest) span', () => {
    const text = 'x 4111 1111 1111 1111 y';
    const card = span(text, '4111 1111 1111 1111', 'credit_card', 'label');
    const inner = span(text, '1111 1111', 'text_rule', 'mask');
    expect(redact(text, [inner, card])).toBe('x [REDACTED:credit_card] y');
    // Same start: the longest span decides.
    const head = { start: card.start, end: card.start + 4, type: 'text_rule' as const, style: 'mask' as const };
    expect(redact(text, [head, card])).toBe('x [REDACTED:credit_card] y');
  });

  it('extends a region over a span that runs past the first one', () => {
    const text = 'ab 4111 1111 1111 1111 XYZW cd';
    const card = span(text, '4111 1111 1111 1111', 'credit_card', 'label');
    const tail = span(text, '1111 XYZW', 'text_rule', 'label');
    expect(redact(text, [card, tail])).toBe('ab [REDACTED:credit_card] cd');
  });

  it('with mask, hides the characters the primary span would show when another span covers them', () => {
    const text = 'card 4111 1111 1111 4242 end';
    const card = span(text, '4111 1111 1111 4242', 'credit_card', 'mask');
    const rule = span(text, '4242', 'text_rule', 'label');
    expect(redact(text, [card, rule])).toBe('card **** **** **** **** end');
    expect(redact(text, [card])).toBe('card **** **** **** 4242 end');
  });

  it('does not merge spans that only touch', () => {
    const text = 'AAAABBBB';
    expect(redact(text, [{ start: 0, end: 4, type: 'text_rule', style: 'label' }, { start: 4, end: 8, type: 'email', style: 'label' }]))
      .toBe(`${labelFor('text_rule')}${labelFor('email')}`);
  });

  it('fills a replacement that would contain the value it hides', () => {
    const text = 'the text of it';
    const out = redact(text, [span(text, 'text', 'text_rule', 'label')]);
    expect(out).toBe('the **** of it'); // [REDACTED:text_rule] contains "text"
    const stars = 'a ** b';
    expect(redact(stars, [span(stars, '**', 'text_rule', 'mask')])).toBe('a ## b');
  });

  it('gives one value one token, and different values different tokens', () => {
    const tokens = new Map<string, string>();
    const text = 'a@example.com b@example.com a@example.com';
    const out = redact(text, [span(text, 'a@example.com', 'email', 'tokenize'), span(text, 'b@example.com', 'email', 'tokenize')], tokens);
    const found = out.match(/\[\[email_[0-9a-f]{8}\]\]/g)!;
    expect(found).toHaveLength(3);
    expect(found[0]).toBe(found[2]);
    expect(found[0]).not.toBe(found[1]);
    expect(tokens.size).toBe(2);
    expect(tokens.get(found[1]!)).toBe('b@example.com');
  });

  it('picks another token when the usual one already occurs in the text', () => {
    const probe = new Map<string, string>();
    const usual = redact('ana@example.com', [{ start: 0, end: 15, type: 'email', style: 'tokenize' }], probe);
    const text = `ana@example.com said ${usual}`;
    const tokens = new Map<string, string>();
    const out = redact(text, [{ start: 0, end: 15, type: 'email', style: 'tokenize' }], tokens);
    const token = out.slice(0, out.indexOf(' said'));
    expect(token).not.toBe(usual);
    expect(restore(out, tokens)).toBe(text);
  });

  it('falls back from format_preserving to tokenize for values that are not digit strings', () => {
    const text = 'mail ana@example.com card 4111 1111 1111 1111';
    const tokens = new Map<string, string>();
    const out = redact(text, [span(text, 'ana@example.com', 'email', 'format_preserving'), span(text, '4111 1111 1111 1111', 'credit_card', 'format_preserving')], tokens);
    expect(out).toMatch(/^mail \[\[email_[0-9a-f]{8}\]\] card 4\d{3} \d{4} \d{4} \d{4}$/);
    expect(restore(out, tokens)).toBe(text);
  });

  it('refuses malformed spans, keys and token maps with typed errors', () => {
    const bad = (spans: unknown[], k: unknown = keys, t: unknown = new Map()) => () => redactString('abcdef', spans as RedactionSpan[], k as never, t as never);
    expect(bad([{ start: 2, end: 9, type: 'email', style: 'label' }])).toThrow(InvalidRedactionInputError);
    expect(bad([{ start: 4, end: 2, type: 'email', style: 'label' }])).toThrow(InvalidRedactionInputError);
    expect(bad([{ start: 0.5, end: 2, type: 'email', style: 'label' }])).toThrow(InvalidRedactionInputError);
    expect(bad([{ start: 0, end: 2, type: 'mail', style: 'label' }])).toThrow(/spans\[0\]\.type/);
    expect(bad([{ start: 0, end: 2, type: 'email', style: 'blur' }])).toThrow(/spans\[0\]\.style must be one of mask/);
    expect(bad([], { hashKey: new Uint8Array(16), fpeKey: new Uint8Array(32) })).toThrow(InvalidRedactionInputError);
    expect(bad([], keys, {})).toThrow(/Map/);
  });
});

// A small alphabet makes values repeat, overlap and collide with replacement characters.
const smallText = fc.string({ unit: fc.constantFrom(...'ab01*#[]:_- \n'), maxLength: 40 });
const anyStyle = fc.constantFrom(...REDACTION_STYLES);
const anyType = fc.constantFrom(...ALL_TYPES);

function randomSpans(text: string, minLength: number, styles = anyStyle) {
  const n = text.length;
  return fc.array(
    fc.tuple(fc.nat({ max: Math.max(0, n - minLength) }), fc.nat({ max: 12 }), anyType, styles).map(([start, extra, type, style]) => ({
      start,
      end: Math.min(n, start + minLength + extra),
      type,
      style,
    })),
    { maxLength: 6 },
  );
}

describe('the law: redacted output never contains a redacted value', () => {
  it('holds for random text and random (overlapping, nested, tiny) spans in every style', () => {
    fc.assert(fc.property(smallText.chain((text) => fc.tuple(fc.constant(text), randomSpans(text, 1))), ([text, spans]) => {
      const out = redact(text, spans);
      for (const s of spans) {
        const value = text.slice(s.start, s.end);
        if (value.length > 0) expect(out).not.toContain(value);
      }
    }), { numRuns: 2000 });
  });

  it('holds for detected cards, IBANs and emails in every style', () => {
    fc.assert(fc.property(sensitiveText, fc.array(anyStyle, { minLength: 1, maxLength: 4 }), (text, styles) => {
      const findings = detect(text);
      const spans = findings.map((f, i) => ({ start: f.start, end: f.end, type: f.type, style: styles[i % styles.length]! }));
      const out = redact(text, spans);
      for (const f of findings) expect(out).not.toContain(f.value);
    }), { numRuns: 300 });
  });
});

describe('round trip: restore(redactString(x)) === x', () => {
  const reversible = fc.constantFrom<RedactionStyle>('tokenize', 'format_preserving');
  const digitText = fc.string({ unit: fc.constantFrom(...'0123456789 -abcXYZ.'), maxLength: 60 });

  it('holds for random text and random spans with tokenize and format_preserving', () => {
    fc.assert(fc.property(digitText.chain((text) => fc.tuple(fc.constant(text), randomSpans(text, 4, reversible))), ([text, spans]) => {
      const tokens = new Map<string, string>();
      const out = redact(text, spans, tokens);
      expect(restore(out, tokens)).toBe(text);
    }), { numRuns: 500 });
  });

  it('holds for detected values, through a decision-shaped restore obligation', () => {
    fc.assert(fc.property(sensitiveText, reversible, (text, style) => {
      const spans = detect(text).map((f) => ({ start: f.start, end: f.end, type: f.type, style }));
      const tokens = new Map<string, string>();
      const out = redact(text, spans, tokens);
      expect(restore(out, { obligations: [{ type: 'restore', tokens: Object.fromEntries(tokens) }] })).toBe(text);
    }), { numRuns: 200 });
  });
});

describe('format_preserving keeps a card a card', () => {
  it('turns a Luhn-valid card into a different Luhn-valid card of the same network, length and layout', () => {
    fc.assert(fc.property(cardDigits, fc.constantFrom('', ' ', '-'), (digits, sep) => {
      const card = groupCard(digits, sep);
      const text = `pay with ${card} today`;
      const out = redact(text, [span(text, card, 'credit_card', 'format_preserving')]);
      const pseudonym = out.slice('pay with '.length, out.length - ' today'.length);
      expect(pseudonym).toHaveLength(card.length);
      expect(pseudonym.replace(/\d/g, '0')).toBe(card.replace(/\d/g, '0'));
      expect(pseudonym).not.toBe(card);
      const pd = pseudonym.replace(/\D/g, '');
      expect(isValidLuhn(pd)).toBe(true);
      expect(cardIssuer(pd)).toBe(cardIssuer(digits));
    }), { numRuns: 300 });
  });
});
