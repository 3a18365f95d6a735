import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { DIGIT_CLUSTERS } from '../../src/detectors/scan/digit-clusters.js';
import { createScanContext } from '../../src/detectors/scan/scan-context.js';
import type { ScanPass } from '../../src/detectors/types.js';

// Numeric detectors run their patterns over a view of the digit clusters instead of the whole
// text. These tests state what makes that safe: a pattern that consumes only cluster characters
// (digits, space, NBSP, . - : ( ) +) finds the same matches, at the same offsets, in the view as
// in the text, as long as the match holds a seed (two adjacent digits, then four more, each
// after at most three separators: every format the numeric detectors report does) and at least
// the view's number of digits.

const SEED = /\d\d(?:[ .\-:()\u00a0]{0,3}\d){4}/;
const countDigits = (s: string): number => s.replace(/\D/g, '').length;
const counts = (match: string, minDigits: number): boolean => SEED.test(match) && countDigits(match) >= minDigits;

/** Matches of `pattern` in `text` that hold a seed and `minDigits` digits, as "offset:value". */
function matchesInText(pattern: RegExp, text: string, minDigits: number): string[] {
  const re = new RegExp(pattern.source, 'g');
  const found: string[] = [];
  for (const m of text.matchAll(re)) if (counts(m[0], minDigits)) found.push(`${m.index}:${m[0]}`);
  return found;
}

/** The same, found in the view over clusters of `minDigits` and mapped back to the text. */
function matchesInView(pattern: RegExp, text: string, minDigits: number): string[] {
  const view = createScanContext(text, 'US').shared(DIGIT_CLUSTERS).view(minDigits);
  const re = new RegExp(pattern.source, 'g');
  const found: string[] = [];
  for (const m of view.text.matchAll(re)) if (counts(m[0], minDigits)) found.push(`${view.textOffset(m.index)}:${m[0]}`);
  return found;
}

// Text made of digit runs, the separators numbers are written with, letters, and other
// punctuation: the places where a view could go wrong (cluster edges, runs of separators,
// letters glued to digits, clusters close enough for their margins to touch).
const piece = fc.oneof(
  fc.stringMatching(/^\d{1,9}$/),
  fc.constantFrom(' ', '  ', '-', '.', ':', '(', ')', '+', '\u00a0', ' - ', ') ', ',', '/', '\n', 'x', 'S', 'D', 'ab ', '#'),
);
const numericText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

// Look-arounds of up to CLUSTER_MARGIN characters, as the detectors' patterns use.
const PATTERNS: readonly RegExp[] = [
  /(?<![\w+.,\-/\\#@%&=(]|\d:)(?:\+|\(\+?)?\d[\d ().\-\u00a0]{4,22}\d/, // the phone candidate shape
  /(?<![A-Za-z0-9]|\d\.)\d{2}(?:\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}|\d{13,14})(?![A-Za-z0-9]|\.\d)/, // NPWP
  /\d{3}(?:([- .])\d{2}\1\d{4}|\d{6})/, // SSN layouts
  /(?<![0-9A-Za-z_+]|[0-9][.,:-])[1-9][0-9]{3}(?:[0-9]{8,15}|([ :-])[0-9]{4}\1[0-9]{4})(?![0-9A-Za-z_]|[.,:-][0-9])/, // card-like
];

describe('digit-cluster views', () => {
  for (const [i, pattern] of PATTERNS.entries()) {
    it(`find the same matches as the whole text for pattern ${i + 1}`, () => {
      fc.assert(fc.property(numericText, (text) => {
        expect(matchesInView(pattern, text, 6)).toEqual(matchesInText(pattern, text, 6));
      }), { numRuns: 400 });
    });
  }

  it('find the same 12-digit-or-longer matches in the view built for long numbers', () => {
    fc.assert(fc.property(numericText, (text) => {
      expect(matchesInView(PATTERNS[3]!, text, 12)).toEqual(matchesInText(PATTERNS[3]!, text, 12));
    }), { numRuns: 400 });
  });

  it('map every view offset back to the same character of the text', () => {
    fc.assert(fc.property(numericText, (text) => {
      const view = createScanContext(text, 'US').shared(DIGIT_CLUSTERS).view(6);
      for (let i = 0; i < view.text.length; i++) {
        if (view.text[i] === '\n' && text[view.textOffset(i)] !== '\n') continue; // a joiner
        expect(text[view.textOffset(i)]).toBe(view.text[i]);
      }
    }), { numRuns: 200 });
  });

  it('leave out numbers with fewer than six digits', () => {
    const view = createScanContext('v1.2.3 on 10:30, $4,999.00 and 12345', 'US').shared(DIGIT_CLUSTERS).view(6);
    expect(view.text).toBe('');
  });
});

describe('shared scan passes', () => {
  it('run once per scan however many detectors ask for them', () => {
    let runs = 0;
    const pass: ScanPass<number> = { name: 'counting', run: (ctx) => (runs++, ctx.text.length) };
    const ctx = createScanContext('abc', 'US');
    expect(ctx.shared(pass)).toBe(3);
    expect(ctx.shared(pass)).toBe(3);
    expect(runs).toBe(1);
    createScanContext('abcd', 'US').shared(pass);
    expect(runs).toBe(2);
  });

  it('give each detector the same findings whether it runs alone or with the others', () => {
    const text = 'Card 4111 1111 1111 1111, call +65 6123 4567, NRIC S1234567D, UEN 53125226D (UEN), '
      + 'NIK 3171011708450001, Aadhaar 2345 6789 0124, PAN ABCPD1234E, v1.2.3 on 2024-01-15 at 10.0.0.1.';
    const together = detect(text, { minConfidence: 0 });
    for (const type of new Set(together.map((f) => f.type))) {
      const alone = detect(text, { minConfidence: 0, types: [type] });
      for (const f of together.filter((g) => g.type === type)) expect(alone).toContainEqual(f);
    }
  });
});
