/**
 * The stream redactor's laws: chunking never changes the result, the result is the engine's
 * redaction of the whole text, and nothing is held back longer than one window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTOR_TYPES } from '../../src/detectors/types.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import type { Decision } from '../../src/pdp/decision.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../../src/pep/guard/errors.js';
import { createStreamRedactor, type StreamRedactorOptions } from '../../src/pep/streaming/index.js';
import { chunked, chunkedText, longPrivateKey, streamText } from './helpers/stream-texts.js';

const STYLES: Record<string, string> = { credit_card: 'mask', email: 'tokenize', phone: 'partial', iban: 'hash', ssn: 'format_preserving', aadhaar: 'mask' };
const engine = createPolicyEngine({
  redactionSecret: 'a'.repeat(64),
  policies: { policies: [
    { id: 'everything', kind: 'detector', types: Object.fromEntries(DETECTOR_TYPES.map((t) => [t, { action: 'redact', ...(STYLES[t] ? { style: STYLES[t] } : {}) }])) as never },
    { id: 'codename', kind: 'text', keywords: ['Project Falcon'], action: 'redact' },
  ] },
});
const decide = (text: string): Decision => engine.decide({ orgId: 'acme', stage: 'output', text });

/** What redacting the whole text gives: the engine's output-stage redaction. */
const wholeRedaction = (text: string): string => decide(text).redactedText ?? text;

/** Feeds the chunks; returns the output and the most that was ever pending after a push. */
function stream(chunks: readonly string[], options: Partial<StreamRedactorOptions> = {}): { out: string; maxPending: number; window: number } {
  const r = createStreamRedactor({ decide, ...options });
  let out = '';
  let maxPending = 0;
  for (const chunk of chunks) {
    out += r.push(chunk);
    maxPending = Math.max(maxPending, r.pending);
  }
  return { out: out + r.end(), maxPending, window: r.window };
}

describe('stream redaction: chunking changes nothing', () => {
  it('splitting any text into arbitrary chunks gives exactly the redaction of the whole text', () => {
    fc.assert(fc.property(chunkedText(), ({ text, chunks }) => {
      expect(stream(chunks).out).toBe(wholeRedaction(text));
    }), { numRuns: 120 });
  }, 120_000);

  it('with a window far too small to be sound, the output still does not depend on the chunking', () => {
    // Cuts are a function of the text alone, whatever the window: only agreement with the
    // whole-text redaction needs the full lookahead.
    const tiny = { lookahead: 24, minSegment: 4, maxSegment: 400 };
    fc.assert(fc.property(chunkedText(4, 20), ({ text, chunks }) => {
      expect(stream(chunks, tiny).out).toBe(stream([text], tiny).out);
    }), { numRuns: 120 });
  }, 120_000);

  it('a card split across two chunks at any offset is redacted as if it came whole', () => {
    const head = `${'Some words before the card. '.repeat(30)}Thanks! Your card `;
    const text = `${head}4111 1111 1111 1111 is on file. ${'More words follow here. '.repeat(80)}`;
    const expected = wholeRedaction(text);
    expect(expected).toContain('Your card **** **** **** 1111 is on file.');
    for (let at = head.length - 20; at <= head.length + 40; at++) {
      const { out } = stream([text.slice(0, at), text.slice(at)]);
      expect(out).toBe(expected);
    }
  }, 120_000);

  it('a private key longer than the lookahead is held until its END line, then redacted whole', () => {
    fc.assert(fc.property(longPrivateKey(1500, 3000).chain((key) => {
      const text = `Here is the deploy key:\n${key}\nKeep it safe. ${'Filler text goes on. '.repeat(60)}`;
      return chunked(text).map((chunks) => ({ text, chunks, key }));
    }), ({ text, chunks, key }) => {
      const { out } = stream(chunks);
      expect(out).toBe(wholeRedaction(text));
      expect(out).toContain('[REDACTED:private_key]');
      for (const line of key.split('\n').slice(1, -1)) if (line.length >= 16) expect(out).not.toContain(line);
    }), { numRuns: 25 });
  }, 120_000);
});

describe('stream redaction: delay', () => {
  it('after n characters, at least n - window have been released (default window, prompts)', () => {
    fc.assert(fc.property(chunkedText(), ({ chunks }) => {
      const { maxPending, window } = stream(chunks);
      expect(maxPending).toBeLessThanOrEqual(window);
    }), { numRuns: 40 });
  }, 120_000);

  it('holds back at most one window even when no cut passes (key blocks and runs longer than maxSegment)', () => {
    const small = { lookahead: 64, minSegment: 16, maxSegment: 512 };
    const text = fc.array(fc.oneof(streamText(1, 4), longPrivateKey(600, 1500), fc.constant('x'.repeat(1500))), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(text.chain((t) => chunked(t).map((chunks) => ({ t, chunks }))), ({ t, chunks }) => {
      const r = createStreamRedactor({ decide, ...small });
      let fed = 0;
      for (const chunk of chunks) {
        r.push(chunk);
        fed += chunk.length;
        expect(r.received).toBe(fed);
        expect(fed - r.pending).toBeGreaterThanOrEqual(fed - r.window);
        expect(r.pending).toBeLessThan(r.window);
      }
      r.end();
      expect(fed).toBe(t.length);
    }), { numRuns: 60 });
  }, 120_000);

  it('releases prose steadily: with the default window, a long plain reply is held back by less than two thousand characters', () => {
    const text = 'The quarterly review went well and the team agreed on next steps. '.repeat(200);
    const r = createStreamRedactor({ decide });
    let released = 0;
    for (let i = 0; i < text.length; i += 5) {
      released += r.push(text.slice(i, i + 5)).length;
      expect(i + 5 - released).toBeLessThan(2_000);
    }
  });
});

describe('stream redaction: segments longer than maxSegment', () => {
  // Long enough to see a key's header and 64 base-64 characters, far shorter than the keys.
  const small = { lookahead: 256, minSegment: 16, maxSegment: 600 };

  it('an overflowing key block is replaced through its END line, and the text after it flows again', () => {
    fc.assert(fc.property(longPrivateKey(1200, 2400).chain((key) => {
      const text = `Key:\n${key}\nAfter the key, a card 4111 1111 1111 1111 and more words. ${'Filler. '.repeat(30)}`;
      return chunked(text).map((chunks) => ({ key, chunks }));
    }), ({ key, chunks }) => {
      fc.pre(wholeRedaction(chunks.join('')).includes('[REDACTED:private_key]')); // a body the detector takes for a key
      const { out } = stream(chunks, small);
      expect(out.startsWith('Key:\n[REDACTED:private_key]\nAfter the key, a card **** **** **** 1111')).toBe(true);
      for (const line of key.split('\n').slice(1, -1)) expect(out).not.toContain(line);
    }), { numRuns: 25 });
  }, 120_000);

  it('an overflowing key block with no END line drops the rest of the stream (fail closed)', () => {
    const body = 'MIIEowIBAAKCAQEAwJ8F3bq0lTtXk9nQ2hQfL7cXwGm8e5Rz1Yp4sV6dU3oA9bK2\n'.repeat(30);
    const { out } = stream([`Key:\n-----BEGIN PRIVATE KEY-----\n${body}`, 'and then ', 'more text'], small);
    expect(out).toBe('Key:\n[REDACTED:private_key]');
  });

  it('a run without white space longer than maxSegment is cut there, never inside a surrogate pair', () => {
    const run = '😀'.repeat(400);
    const { out, maxPending, window } = stream([run.slice(0, 301), run.slice(301)], small);
    expect(out).toBe(run);
    expect(maxPending).toBeLessThan(window);
  });
});

describe('stream redaction: verdicts that stop the stream', () => {
  const blocking = createPolicyEngine({ policies: { policies: [
    { id: 'keys', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, credit_card: { action: 'redact', style: 'mask' } } },
    { id: 'review', kind: 'text', keywords: ['wire transfer'], action: 'require_approval' },
  ] } });
  const decideBlocking = (text: string) => blocking.decide({ orgId: 'acme', stage: 'output', text });

  it('a denied segment throws PolicyDeniedError, the blocked value is never released, and the redactor stays failed', () => {
    fc.assert(fc.property(fc.nat({ max: 2_000 }), fc.nat({ max: 60 }), (fillerWords, at) => {
      const text = `${'Some words here. '.repeat(fillerWords % 120)}The key is AKIAZ7Q3KX2LMN4P5R6T. Card 4111 1111 1111 1111. ${'Tail words. '.repeat(50)}`;
      const r = createStreamRedactor({ decide: decideBlocking });
      let out = '';
      let error: unknown;
      try {
        for (let i = 0; i < text.length; i += 7 + at) out += r.push(text.slice(i, i + 7 + at));
        out += r.end();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PolicyDeniedError);
      expect((error as PolicyDeniedError).decision.verdict).toBe('deny');
      expect(out).not.toContain('AKIA');
      expect(() => r.push('more')).toThrow(error as Error);
    }), { numRuns: 30 });
  }, 120_000);

  it('require_approval throws ApprovalRequiredError', () => {
    const r = createStreamRedactor({ decide: decideBlocking });
    r.push('Please start the wire ');
    expect(() => { r.push('transfer now.'); r.end(); }).toThrow(ApprovalRequiredError);
  });
});

describe('createStreamRedactor: options and lifecycle', () => {
  it('rejects bad options with InvalidOptionError naming the option', () => {
    expect(() => createStreamRedactor({} as never)).toThrow(/decide/);
    expect(() => createStreamRedactor({ decide, lookahead: 0 })).toThrow(/options\.lookahead/);
    expect(() => createStreamRedactor({ decide, minSegment: 1.5 })).toThrow(/options\.minSegment/);
    expect(() => createStreamRedactor({ decide, minSegment: 500, maxSegment: 400 })).toThrow(/maxSegment/);
    try { createStreamRedactor({ decide, lookahead: -1 }); } catch (e) { expect((e as { code: string }).code).toBe('INVALID_OPTION'); }
  });

  it('refuses chunks after end(), and non-string chunks', () => {
    const r = createStreamRedactor({ decide });
    expect(() => r.push(42 as never)).toThrow(TypeError);
    expect(r.push('hello')).toBe('');
    expect(r.end()).toBe('hello');
    expect(() => r.push('again')).toThrow(expect.objectContaining({ code: 'STREAM_ENDED' }));
  });

  it('a decide function that throws leaves the redactor failed: nothing more is released', () => {
    let calls = 0;
    const r = createStreamRedactor({ decide: (text) => { if (++calls === 2) throw new Error('engine down'); return decide(text); }, minSegment: 4, lookahead: 8 });
    expect(() => r.push('one two three four five six seven')).toThrow('engine down');
    expect(() => r.push('eight')).toThrow('engine down');
    expect(() => r.end()).toThrow('engine down');
  });
});
