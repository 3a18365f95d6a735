import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, isValidSgFin, isValidSgNric, sgIdentityCheckLetter, sgIdentityKind } from '../../src/index.js';

const sgIds = (text: string, minConfidence = 0.5) => detect(text, { types: ['nric', 'fin'], minConfidence });

describe('Singapore NRIC/FIN validator', () => {
  // The textbook examples of the ICA algorithm (weights 2,7,6,5,4,3,2; T and G add 4),
  // e.g. in the NRIC article of Wikipedia and most open-source validators.
  it('computes the check letter of each prefix series', () => {
    expect(sgIdentityCheckLetter('S', '1234567')).toBe('D');
    expect(sgIdentityCheckLetter('T', '1234567')).toBe('J');
    expect(sgIdentityCheckLetter('F', '1234567')).toBe('N');
    expect(sgIdentityCheckLetter('G', '1234567')).toBe('X');
  });

  // M series (from 2022): ICA adds 3 and maps P = 11 - remainder to K,L,J,N,P,Q,R,T,U,W,X.
  // M1234567K is the example used by open-source validators of that rule.
  it('uses the M-series offset and table', () => {
    expect(sgIdentityCheckLetter('M', '1234567')).toBe('K');
    expect(isValidSgFin('M1234567K')).toBe(true);
    expect(isValidSgFin('M1234567L')).toBe(false);
    expect(isValidSgFin('M4332674T')).toBe(true);
    // Remainder 8 is where the M table (J) differs from the F/G table (M).
    expect(sgIdentityCheckLetter('M', '1234566')).toBe('J');
    expect(isValidSgFin('M1234566M')).toBe(false);
  });

  // Values from Presidio's test_sg_fin_recognizer.py. Presidio matches the pattern only, so
  // some of its "found" values have wrong check letters; those must be rejected here.
  it('classifies Presidio test values by their check letter', () => {
    expect(sgIdentityKind('S2740116C')).toBe('nric');
    expect(sgIdentityKind('S9108268C')).toBe('nric');
    expect(sgIdentityKind('T7572225C')).toBe('nric');
    expect(sgIdentityKind('F2346401L')).toBe('fin');
    expect(sgIdentityKind('T1234567Z')).toBeUndefined();
    expect(sgIdentityKind('G1122144L')).toBeUndefined();
    expect(sgIdentityKind('A1234567Z')).toBeUndefined();
  });

  it('separates NRIC from FIN and accepts lower case', () => {
    expect(isValidSgNric('S1234567D')).toBe(true);
    expect(isValidSgNric('F1234567N')).toBe(false);
    expect(isValidSgFin('F1234567N')).toBe(true);
    expect(sgIdentityKind('s1234567d')).toBe('nric');
  });

  it('rejects wrong lengths and non-digits', () => {
    expect(sgIdentityKind('S123456D')).toBeUndefined();
    expect(sgIdentityKind('S12345678D')).toBeUndefined();
    expect(sgIdentityKind('S12345X7D')).toBeUndefined();
    expect(sgIdentityCheckLetter('A', '1234567')).toBeUndefined();
  });
});

describe('NRIC/FIN detector', () => {
  it('reports a valid NRIC unlabelled with high confidence, and higher with a label', () => {
    const [bare] = sgIds('forward S1234567D to HR');
    expect(bare).toMatchObject({ type: 'nric', start: 8, end: 17, value: 'S1234567D' });
    expect(bare!.confidence).toBeGreaterThanOrEqual(0.85);
    expect(sgIds('NRIC S2740116C was processed')[0]).toMatchObject({ type: 'nric', start: 5, end: 14 });
    expect(sgIds('NRIC S2740116C was processed')[0]!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reports F, G and M numbers as fin', () => {
    const found = sgIds('FIN F2346401L, work pass G1234567X, M1234567K');
    expect(found.map((f) => [f.type, f.value])).toEqual([
      ['fin', 'F2346401L'],
      ['fin', 'G1234567X'],
      ['fin', 'M1234567K'],
    ]);
  });

  it('never reports a number whose check letter is wrong, even with a label', () => {
    expect(sgIds('NRIC: T1234567Z, FIN: G1122144L, S1234567A', 0)).toEqual([]);
  });

  it('finds lower-case numbers', () => {
    expect(sgIds('my ic is s1234567d')).toMatchObject([{ type: 'nric', value: 's1234567d' }]);
  });

  it('does not report a number inside a longer token', () => {
    expect(sgIds('XS1234567D S1234567DX 9S1234567D S1234567D9 S12345678D', 0)).toEqual([]);
  });

  it('lowers confidence next to order or ticket words', () => {
    expect(sgIds('order S1234567D', 0)[0]!.confidence).toBeLessThan(0.6);
  });
});

const prefix = fc.constantFrom('S', 'T', 'F', 'G', 'M');
const sevenDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }).map((d) => d.join(''));
const filler = fc.array(fc.constantFrom('please', 'send', 'the', 'form', 'to', 'Mei', 'Ling', 'today', '(', ')', 'and'), { maxLength: 8 }).map((w) => w.join(' '));
const kindOf = (p: string) => (p === 'S' || p === 'T' ? 'nric' : 'fin');

describe('NRIC/FIN properties', () => {
  it('finds any valid labelled number with its exact span and type', () => {
    fc.assert(
      fc.property(prefix, sevenDigits, filler, filler, (p, digits, before, after) => {
        const id = p + digits + sgIdentityCheckLetter(p, digits)!;
        const text = `${before} NRIC/FIN: ${id} ${after}`;
        const start = before.length + 11;
        expect(sgIds(text)).toContainEqual(expect.objectContaining({ type: kindOf(p), start, end: start + 9, value: id }));
      }),
    );
  });

  it('never reports a number after one digit is changed', () => {
    fc.assert(
      fc.property(prefix, sevenDigits, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 9 }), (p, digits, at, delta) => {
        const letter = sgIdentityCheckLetter(p, digits)!;
        const changed = digits.slice(0, at) + String((Number(digits[at]) + delta) % 10) + digits.slice(at + 1);
        expect(sgIds(`NRIC/FIN: ${p}${changed}${letter}`, 0)).toEqual([]);
      }),
    );
  });

  it('never reports a number with any other check letter', () => {
    fc.assert(
      fc.property(prefix, sevenDigits, fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), (p, digits, letter) => {
        fc.pre(letter !== sgIdentityCheckLetter(p, digits));
        expect(sgIds(`NRIC: ${p}${digits}${letter}`, 0)).toEqual([]);
      }),
    );
  });
});
