import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSqlInput } from '../../src/detectors/sql/normalize.js';

describe('normalizeSqlInput', () => {
  it('leaves plain ASCII text alone and maps spans to themselves', () => {
    const n = normalizeSqlInput('SELECT 1');
    expect(n.text).toBe('SELECT 1');
    expect(n.toOriginal(2, 5)).toEqual({ start: 2, end: 5 });
  });

  it('decodes URL escapes repeatedly, up to three layers', () => {
    expect(normalizeSqlInput('%27').text).toBe("'");
    expect(normalizeSqlInput('%2527').text).toBe("'");
    expect(normalizeSqlInput('%252527').text).toBe("'");
    expect(normalizeSqlInput('%25252527').text).toBe('%27');
    expect(normalizeSqlInput('%u0027 OR 1=1').text).toBe("' OR 1=1");
    expect(normalizeSqlInput('caf%C3%A9').text).toBe('café');
  });

  it('reads + as a space only where the text looks URL-encoded', () => {
    expect(normalizeSqlInput('1%27+or+1=1').text).toBe("1' or 1=1");
    expect(normalizeSqlInput('union+select+1').text).toBe('union select 1');
    expect(normalizeSqlInput('1+1=2').text).toBe('1+1=2');
    expect(normalizeSqlInput('a + b').text).toBe('a + b');
  });

  it('decodes \\x escapes of ASCII characters', () => {
    expect(normalizeSqlInput('\\x27UNION SELECT').text).toBe("'UNION SELECT");
  });

  it('maps typographic quotes and dashes to ASCII, and an en or em dash to --', () => {
    expect(normalizeSqlInput('‘a’ “b” ′c').text).toBe(`'a' "b" 'c`);
    expect(normalizeSqlInput('1 – x — y ‐ z').text).toBe('1 -- x -- y - z');
  });

  it('maps primes, modifier-letter apostrophes and an acute accent typed as an apostrophe to quotes', () => {
    expect(normalizeSqlInput('a′b‵c´dʼeʻfˈg').text).toBe("a'b'c'd'e'f'g");
    expect(normalizeSqlInput('a″b‶cʺd').text).toBe('a"b"c"d');
    // Spans of a mapped mark point at the mark itself.
    expect(normalizeSqlInput('x´y').toOriginal(1, 2)).toEqual({ start: 1, end: 2 });
  });

  it('folds full-width and compatibility characters through NFKC', () => {
    expect(normalizeSqlInput('ＵＮＩＯＮ　ＳＥＬＥＣＴ').text).toBe('UNION SELECT');
    expect(normalizeSqlInput('ﬁle').text).toBe('file');
  });

  it('maps a decoded character back to every original character it came from', () => {
    const text = 'a%2527b';
    const n = normalizeSqlInput(text);
    expect(n.text).toBe("a'b");
    expect(n.toOriginal(1, 2)).toEqual({ start: 1, end: 6 });
    expect(n.toOriginal(2, 3)).toEqual({ start: 6, end: 7 });
    expect(n.toOriginal(0, 3)).toEqual({ start: 0, end: 7 });
  });

  it('never throws and keeps mapped spans inside the original text', () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('%', '%2', '%27', '%25', '%u00', '%C3', '%A9', '+', '\\x2', '\\x27', '’', '—', 'Ｕ', 'ﬁ', '\ud83d\ude00'),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }).map((p) => p.join('')), fc.nat(), fc.nat(), (text, a, b) => {
        const n = normalizeSqlInput(text);
        if (n.text.length === 0) return;
        const start = a % n.text.length;
        const end = start + 1 + (b % (n.text.length - start));
        const span = n.toOriginal(start, end);
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(text.length);
        expect(span.start).toBeLessThanOrEqual(span.end);
      }),
      { numRuns: 1000 },
    );
  });
});
