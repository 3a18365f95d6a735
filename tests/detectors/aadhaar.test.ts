import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, isValidVerhoeff, verhoeffCheckDigit, type Finding } from '../../src/index.js';

const aadhaars = (text: string, minConfidence = 0): Finding[] => detect(text, { types: ['aadhaar'], minConfidence });

// 23456789012 + its Verhoeff digit.
const VALID = '234567890124';

describe('aadhaar detector', () => {
  it('uses a valid fixture', () => {
    expect(isValidVerhoeff(VALID)).toBe(true);
  });

  it('finds a labelled Aadhaar number with its exact span and confidence of at least 0.95', () => {
    const text = 'My Aadhaar number is 2345 6789 0124, thanks.';
    const [f, ...rest] = aadhaars(text, 0.5);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ type: 'aadhaar', value: '2345 6789 0124', start: 21, end: 35 });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('accepts compact, dashed and colon-separated forms and the usual spellings of the label', () => {
    expect(aadhaars(`aadhar ${VALID}`, 0.5).map((f) => f.value)).toEqual([VALID]);
    expect(aadhaars('UID: 2345-6789-0124', 0.5).map((f) => f.value)).toEqual(['2345-6789-0124']);
    expect(aadhaars('UIDAI 2345:6789:0124', 0.5).map((f) => f.value)).toEqual(['2345:6789:0124']);
  });

  it('keeps an unlabelled 12-digit number below the default threshold', () => {
    expect(aadhaars(`Reference ${VALID} attached.`, 0.5)).toEqual([]);
    const [f] = aadhaars(`Reference ${VALID} attached.`);
    expect(f!.confidence).toBeGreaterThanOrEqual(0.3);
    expect(f!.confidence).toBeLessThanOrEqual(0.4);
  });

  it('rejects an Aadhaar number whose Verhoeff digit is wrong', () => {
    expect(aadhaars('Aadhaar: 2345 6789 0125')).toEqual([]);
    expect(aadhaars('Aadhaar: 234567890123')).toEqual([]);
  });

  it('rejects numbers starting with 0 or 1 even when Verhoeff passes', () => {
    const payload = '13456789012';
    expect(aadhaars(`Aadhaar: ${payload}${verhoeffCheckDigit(payload)}`)).toEqual([]);
  });

  it('rejects palindromes, which are not issued, even when Verhoeff passes', () => {
    expect(isValidVerhoeff('200009900002')).toBe(true);
    expect(aadhaars('Aadhaar: 200009900002')).toEqual([]);
  });

  it('rejects mixed separators and other groupings', () => {
    expect(aadhaars('Aadhaar: 2345 6789-0124')).toEqual([]);
    expect(aadhaars('Aadhaar: 23456 789 0124')).toEqual([]);
  });

  it('does not report 12 digits taken from a longer number', () => {
    expect(aadhaars(`Aadhaar ${VALID}5`)).toEqual([]);
    expect(aadhaars('Aadhaar 2345 6789 0124 5678')).toEqual([]);
    expect(aadhaars('Aadhaar 1234 2345 6789 0124')).toEqual([]);
    expect(aadhaars('Aadhaar 2345 6789 0124 56789')).toEqual([]);
    expect(aadhaars('Aadhaar 12 2345 6789 0124')).toEqual([]);
    expect(aadhaars('Aadhaar DE12 2345 6789 0124')).toEqual([]);
    expect(aadhaars(`Aadhaar +91${VALID}`)).toEqual([]);
    expect(aadhaars(`Aadhaar 3.${VALID}`)).toEqual([]);
  });
});

const NEGATIVE_WORDS = /order|invoice|tracking|serial|version|imei|sku|ticket|ref|transaction|txn|awb|credit|debit|example|sample|dummy|fake|mock/;
const PROSE = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz .,!?\n'), maxLength: 60 });

const aadhaarNumber = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }))
  .map(([first, rest]) => {
    const payload = String(first) + rest.join('');
    return payload + verhoeffCheckDigit(payload);
  })
  .filter((digits) => digits !== [...digits].reverse().join(''));

const SEPARATORS = ['', ' ', '-'];
const printed = (digits: string, sep: string): string => (sep === '' ? digits : digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`));

describe('aadhaar properties', () => {
  it('finds a generated valid Aadhaar number in random surrounding text with its exact span', () => {
    fc.assert(fc.property(aadhaarNumber, fc.constantFrom(...SEPARATORS), PROSE, PROSE, (digits, sep, before, after) => {
      // Random letters can spell a word that rightly lowers confidence ("txn", "sku"); the law is about neutral text.
      fc.pre(!NEGATIVE_WORDS.test(`${before} ${after}`));
      const value = printed(digits, sep);
      const text = `${before} Aadhaar: ${value} ${after}`;
      const start = before.length + 10;
      const found = aadhaars(text, 0.5);
      expect(found).toContainEqual(expect.objectContaining({ type: 'aadhaar', start, end: start + value.length, value }));
      expect(found.find((f) => f.start === start)!.confidence).toBeGreaterThanOrEqual(0.95);
    }), { numRuns: 300 });
  });

  it('never reports an Aadhaar number with one digit changed', () => {
    fc.assert(fc.property(aadhaarNumber, fc.nat(), fc.integer({ min: 1, max: 9 }), fc.constantFrom(...SEPARATORS), (digits, at, delta, sep) => {
      const i = at % digits.length;
      // The first digit stays within 2-9 so that only the checksum can reject the value.
      const next = i === 0 ? 2 + ((Number(digits[0]) - 2 + (delta % 7 || 1)) % 8) : (Number(digits[i]) + delta) % 10;
      const changed = digits.slice(0, i) + String(next) + digits.slice(i + 1);
      expect(changed).not.toBe(digits);
      expect(aadhaars(`Aadhaar: ${printed(changed, sep)} thanks`)).toEqual([]);
    }), { numRuns: 300 });
  });
});
