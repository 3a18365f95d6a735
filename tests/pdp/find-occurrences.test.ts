import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOccurrences } from '../../src/pdp/redaction/find-occurrences.js';

function naive(haystack: string, values: readonly string[], ranges = [{ from: 0, to: haystack.length }]): number[][] {
  return values.map((v) => {
    const out: number[] = [];
    for (let i = haystack.indexOf(v); i >= 0; i = haystack.indexOf(v, i + 1)) {
      if (ranges.some((r) => i >= r.from && i + v.length <= r.to)) out.push(i);
    }
    return out;
  });
}

const unit = fc.constantFrom('a', 'b', '.', '$', '(', '\\', '|', '\ud83d', '\ude00', ' ');

describe('findOccurrences', () => {
  it('finds overlapping occurrences of every value, in order', () => {
    expect(findOccurrences('abab', ['ab', 'b'])).toEqual([[0, 2], [1, 3]]);
    expect(findOccurrences('aaaa', ['aa'])).toEqual([[0, 1, 2]]);
    expect(findOccurrences('abab', ['ab', 'b'], [{ from: 1, to: 4 }])).toEqual([[2], [1, 3]]);
  });

  it('agrees with indexOf on short texts and long ones', () => {
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 60 }),
        fc.integer({ min: 0, max: 400 }),
        fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        (piece, repeat, values) => {
          // Repeating makes texts of tens of kilobytes.
          const haystack = piece.repeat(repeat);
          expect(findOccurrences(haystack, values)).toEqual(naive(haystack, values));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds only the occurrences wholly inside the given ranges', () => {
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 3000 }),
        fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.uniqueArray(fc.nat({ max: 3000 }), { maxLength: 8 }),
        (haystack, values, cuts) => {
          const points = [...cuts.map((c) => Math.min(c, haystack.length))].sort((a, b) => a - b);
          const ranges = [];
          for (let i = 0; i + 1 < points.length; i += 2) if (points[i]! < points[i + 1]!) ranges.push({ from: points[i]!, to: points[i + 1]! });
          expect(findOccurrences(haystack, values, ranges)).toEqual(naive(haystack, values, ranges));
        },
      ),
      { numRuns: 300 },
    );
  });
});
