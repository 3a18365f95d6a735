/**
 * The stream redactor's laws: chunking never changes the result, the result is the engine's
 * redaction of the whole text, nothing is held back longer than one window, and a value longer
 * than the window is never released in part.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTOR_TYPES } from '../../src/detectors/types.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import type { Decision } from '../../src/pdp/decision.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../../src/pep/guard/errors.js';
import { createStreamRedactor, type StreamRedactorOptions } from '../../src/pep/streaming/index.js';
import { anyChunking, chunked, chunkedText, keyLayouts, longJwt, longPrivateKey, randomSecret, singleCharacters, streamText } from './helpers/stream-texts.js';

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
    const tiny = { lookahead: 24, minSegment: 4, window: 64 };
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

  it('a private key longer than the lookahead is redacted whole, as in the whole text', () => {
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

  /** Feeds `chunks`, checking the bound after every push: at most `window` characters pending. */
  function streamWithinWindow(chunks: readonly string[], options: Partial<StreamRedactorOptions>): string {
    const r = createStreamRedactor({ decide, ...options });
    let out = '';
    for (const chunk of chunks) {
      out += r.push(chunk);
      // Released (or dropped inside a redacted value): every character but the last `window`.
      expect(r.received - r.pending).toBeGreaterThanOrEqual(r.received - r.window);
    }
    return out + r.end();
  }

  const overlong = fc.oneof(
    streamText(1, 6),
    longPrivateKey(600, 4000).chain(keyLayouts),
    longJwt(500, 4000).map((jwt) => `Your token is ${jwt}.`),
    fc.nat({ max: 4000 }).map((n) => `${'x'.repeat(n)};api_key=Zq8vN3rT5yU1wX7a;${'y'.repeat(600)}`),
  );
  const overlongText = fc.array(overlong, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));

  it('after every push, every character but the last `window` has been released, for any chunking (one character at a time too)', () => {
    for (const options of [{}, { lookahead: 600, minSegment: 16, window: 700 }]) {
      fc.assert(fc.property(overlongText.chain((t) => anyChunking(t).map((chunks) => ({ t, chunks }))), ({ t, chunks }) => {
        expect(streamWithinWindow(chunks, options)).toBe(streamWithinWindow([t], options));
      }), { numRuns: 25 });
    }
  }, 240_000);

  it('with nothing to redact, the output after every push is at least (characters pushed − window) long, and is the text itself', () => {
    const permissive = createPolicyEngine({ policies: { policies: [] } });
    const decideNothing = (text: string): Decision => permissive.decide({ orgId: 'acme', stage: 'output', text });
    const piece = fc.oneof(
      streamText(1, 3).filter((t) => !t.includes('PRIVATE KEY')),
      fc.string({ maxLength: 200, unit: 'binary' }),
      fc.nat({ max: 5000 }).map((n) => 'z'.repeat(n)), // no word start: only forced cuts
      fc.nat({ max: 800 }).map((n) => '😀'.repeat(n)),
    );
    const text = fc.array(piece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
    for (const options of [{}, { lookahead: 64, minSegment: 8, window: 100 }]) {
      fc.assert(fc.property(text.chain((t) => anyChunking(t).map((chunks) => ({ t, chunks }))), ({ t, chunks }) => {
        const r = createStreamRedactor({ decide: decideNothing, ...options });
        let out = '';
        let pushed = 0;
        for (const chunk of chunks) {
          out += r.push(chunk);
          pushed += chunk.length;
          expect(out.length).toBeGreaterThanOrEqual(pushed - r.window);
        }
        expect(out + r.end()).toBe(t);
      }), { numRuns: 30 });
    }
  }, 240_000);

  it('holds back at most one window even when no cut passes (key blocks and runs longer than the window)', () => {
    const small = { lookahead: 64, minSegment: 16, window: 512 };
    const text = fc.array(fc.oneof(streamText(1, 4), longPrivateKey(600, 1500), fc.constant('x'.repeat(1500))), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(text.chain((t) => chunked(t).map((chunks) => ({ t, chunks }))), ({ t, chunks }) => {
      const r = createStreamRedactor({ decide, ...small });
      let fed = 0;
      for (const chunk of chunks) {
        r.push(chunk);
        fed += chunk.length;
        expect(r.received).toBe(fed);
        expect(fed - r.pending).toBeGreaterThanOrEqual(fed - r.window);
        expect(r.pending).toBeLessThanOrEqual(r.window);
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

describe('stream redaction: segments longer than the window', () => {
  // Long enough to see a key's header and 64 base-64 characters, far shorter than the keys.
  const small = { lookahead: 256, minSegment: 16, window: 600 };

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

  it('a run without white space longer than the window is cut, never inside a surrogate pair', () => {
    const run = '😀'.repeat(400);
    const { out, maxPending, window } = stream([run.slice(0, 301), run.slice(301)], small);
    expect(out).toBe(run);
    expect(maxPending).toBeLessThanOrEqual(window);
  });
});

/**
 * The first piece of `value`, `n` characters long, that `out` contains, or null. Eight is the
 * shortest value a secret detector reports (`generic_secret`'s minimum), and eight characters of
 * a random base64 body or signature carry 48 bits: no prose or label shares them by chance.
 */
function sharedPiece(value: string, out: string, n = 8): string | null {
  const pieces = new Set<string>();
  for (let i = 0; i + n <= out.length; i++) pieces.add(out.slice(i, i + n));
  for (let i = 0; i + n <= value.length; i++) if (pieces.has(value.slice(i, i + n))) return value.slice(i, i + n);
  return null;
}

describe('stream redaction: a value across a forced cut never leaks', () => {
  // Text before the value of any length, so that forced cuts fall at every offset in it.
  const lead = fc.nat({ max: 3000 }).map((n) => 'Some words. '.repeat(Math.floor(n / 12)));
  const filler = 'Filler text goes on. '.repeat(60);
  /** Streams `text` in `chunks`, and checks the window bound on the way. */
  function streamChecked(chunks: readonly string[], options: Partial<StreamRedactorOptions> = {}): string {
    const r = createStreamRedactor({ decide, ...options });
    let out = '';
    for (const chunk of chunks) {
      out += r.push(chunk);
      expect(r.pending).toBeLessThanOrEqual(r.window);
    }
    return out + r.end();
  }

  it('a JWT longer than the window: no piece of it is released, tail included, and the output is the whole text\'s', () => {
    const framing = fc.constantFrom('Your session token is %. It expires in an hour.', '{"token":"%"}', 'Authorization: Bearer %\n', 'jwt=%&next=1');
    fc.assert(fc.property(fc.tuple(lead, longJwt(1500, 6000), framing).chain(([before, jwt, frame]) => {
      const text = `${before}${frame.replace('%', jwt)} ${filler}`;
      return anyChunking(text).map((chunks) => ({ text, jwt, chunks }));
    }), ({ text, jwt, chunks }) => {
      const out = streamChecked(chunks);
      expect(sharedPiece(jwt, out)).toBeNull();
      expect(out).toContain('[REDACTED:jwt]');
      expect(out).toBe(wholeRedaction(text));
    }), { numRuns: 40 });
  }, 240_000);

  it('a private key longer than the window, on lines, in a JSON string or on one line: no piece of it is released', () => {
    fc.assert(fc.property(fc.tuple(lead, longPrivateKey(1500, 5000).chain(keyLayouts)).chain(([before, key]) => {
      const text = `${before}Here is the deploy key:\n${key}\nKeep it safe. ${filler}`;
      return anyChunking(text).map((chunks) => ({ text, key, chunks }));
    }), ({ text, key, chunks }) => {
      const out = streamChecked(chunks);
      expect(sharedPiece(key, out)).toBeNull();
      expect(out).toBe(wholeRedaction(text));
    }), { numRuns: 40 });
  }, 240_000);

  it('a generic secret where no word start lets a cut pass: the forced cut moves past it, and it is redacted whole', () => {
    for (const options of [{}, { lookahead: 600, minSegment: 16, window: 700 }]) {
      fc.assert(fc.property(fc.tuple(fc.nat({ max: 4000 }), randomSecret(300, 512)).chain(([n, secret]) => {
        const text = `${'x'.repeat(n)};api_key=${secret};${'y'.repeat(3000)}`;
        return anyChunking(text).map((chunks) => ({ text, secret, chunks }));
      }), ({ text, secret, chunks }) => {
        expect(wholeRedaction(text)).not.toContain(secret.slice(0, 8));
        const out = streamChecked(chunks, options);
        expect(sharedPiece(secret, out)).toBeNull();
        expect(out).toContain(';api_key=[REDACTED:generic_secret];');
      }), { numRuns: 25 });
    }
  }, 240_000);

  it('a keyword or an email across a forced cut is redacted as in the whole text, in its policy\'s style', () => {
    const value = fc.constantFrom(';Project Falcon;', ';mail=ana.lopez@example.com;');
    fc.assert(fc.property(fc.tuple(fc.nat({ max: 4000 }), value).chain(([n, v]) => {
      const text = `${'x'.repeat(n)}${v}${'y'.repeat(3000)}`;
      return anyChunking(text).map((chunks) => ({ text, chunks }));
    }), ({ text, chunks }) => {
      const out = streamChecked(chunks);
      expect(out).not.toContain('Falcon');
      expect(out).not.toContain('ana.lopez');
      expect(out).toBe(wholeRedaction(text));
    }), { numRuns: 40 });
  }, 240_000);

  it('in dense text where few cuts pass (no white space, or one space between values), no value the whole text redacts is released in part', () => {
    const dense = fc.tuple(streamText(10, 30), fc.constantFrom('', ';', ' ')).map(([t, sep]) => t.replace(/\s+/g, sep));
    fc.assert(fc.property(dense.chain((text) => anyChunking(text).map((chunks) => ({ text, chunks }))), ({ text, chunks }) => {
      const whole = decide(text);
      const redactedWhole = whole.redactedText ?? text;
      const out = streamChecked(chunks);
      expect(out).toBe(stream([text]).out);
      for (const f of whole.findings) {
        const value = text.slice(f.start, f.end);
        const piece = sharedPiece(value, out);
        if (piece !== null) expect(redactedWhole).toContain(piece); // shown in the whole text's redaction too
      }
    }), { numRuns: 40 });
  }, 240_000);

  /** A redactor over an engine with only `policies`, fed one character at a time. */
  function streamOneByOne(text: string, policies: unknown[]): { out: string; whole: string } {
    const engine = createPolicyEngine({ policies: { policies } as never });
    const decideWith = (t: string): Decision => engine.decide({ orgId: 'acme', stage: 'output', text: t });
    const r = createStreamRedactor({ decide: decideWith });
    return { out: singleCharacters(text).map((c) => r.push(c)).join('') + r.end(), whole: decideWith(text).redactedText ?? text };
  }
  const cardsOnly = [{ id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact' } } }];

  it('a long JWT or key block the policy does not redact streams through unchanged: the engine judges the value, not its first window', () => {
    fc.assert(fc.property(fc.tuple(lead, longJwt(1500, 4000), longPrivateKey(2000, 4000).chain(keyLayouts)), ([before, jwt, key]) => {
      const text = `${before}Your session token is ${jwt}. The key:\n${key}\nDone. ${filler}`;
      expect(streamOneByOne(text, cardsOnly).out).toBe(text);
    }), { numRuns: 10 });
  }, 240_000);

  it('a key block longer than the window is judged whole: a rule that only takes complete blocks (above the 0.8 of a block without its END line) still redacts it', () => {
    const fullKeysOnly = [{ id: 'keys', kind: 'detector', types: { private_key: { action: 'redact', minConfidence: 0.9 } } }];
    fc.assert(fc.property(fc.tuple(lead, longPrivateKey(2000, 4000).chain(keyLayouts)), ([before, key]) => {
      const { out, whole } = streamOneByOne(`${before}Key:\n${key}\nDone. ${filler}`, fullKeysOnly);
      expect(whole).toContain('Key:\n[REDACTED:private_key]\nDone.');
      expect(sharedPiece(key, out)).toBeNull();
      expect(out).toBe(whole);
    }), { numRuns: 10 });
  }, 240_000);
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
    expect(() => createStreamRedactor({ decide, minSegment: 500, window: 1400 })).toThrow(/options\.window/);
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
