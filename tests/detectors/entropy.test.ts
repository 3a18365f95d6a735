import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { countCharacterClasses, shannonEntropy } from '../../src/index.js';

describe('shannonEntropy', () => {
  it('is 0 for the empty string and for one repeated character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('a')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2(n) bits for n equally frequent characters', () => {
    expect(shannonEntropy('ab')).toBe(1);
    expect(shannonEntropy('aabb')).toBe(1);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });

  it('matches the published value for "1223334444"', () => {
    // Rosetta Code, task "Entropy": H("1223334444") = 1.846439344671.
    expect(shannonEntropy('1223334444')).toBeCloseTo(1.846439344671, 12);
  });

  it('counts code points, so an emoji written as a surrogate pair is one character', () => {
    expect(shannonEntropy('😀😀😀')).toBe(0);
    expect(shannonEntropy('😀a')).toBe(1);
  });

  it('does not depend on the order of the characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.integer(), (s, seed) => {
        const chars = [...s];
        // Deterministic shuffle driven by the seed.
        for (let i = chars.length - 1, x = seed >>> 0; i > 0; i--) {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          const j = x % (i + 1);
          [chars[i], chars[j]] = [chars[j]!, chars[i]!];
        }
        expect(shannonEntropy(chars.join(''))).toBeCloseTo(shannonEntropy(s), 10);
      }),
    );
  });

  it('never exceeds log2 of the number of distinct characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (s) => {
        const distinct = new Set(s).size;
        expect(shannonEntropy(s)).toBeLessThanOrEqual(Math.log2(distinct) + 1e-9);
        expect(shannonEntropy(s)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('countCharacterClasses', () => {
  it('counts lower-case, upper-case, digits and other characters', () => {
    expect(countCharacterClasses('')).toBe(0);
    expect(countCharacterClasses('hunter')).toBe(1);
    expect(countCharacterClasses('Hunter')).toBe(2);
    expect(countCharacterClasses('Hunter2')).toBe(3);
    expect(countCharacterClasses('Tr0ub4dor&3')).toBe(4);
    expect(countCharacterClasses('1234-5678')).toBe(2);
  });
});
