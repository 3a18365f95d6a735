import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, isValidSsn, isValidSsnParts } from '../../src/index.js';

const ssns = (text: string, minConfidence?: number) =>
  detect(text, minConfidence === undefined ? { types: ['ssn'] } : { types: ['ssn'], minConfidence });

describe('isValidSsn', () => {
  // Rules from the Social Security Administration: area 000, 666 and 900–999 are never issued,
  // nor group 00 or serial 0000 (https://www.ssa.gov/employer/randomization.html,
  // https://www.ssa.gov/history/ssn/geocard.html).
  it('accepts issuable numbers in dashed, spaced and bare form', () => {
    expect(isValidSsn('212-34-5678')).toBe(true);
    expect(isValidSsn('212 34 5678')).toBe(true);
    expect(isValidSsn('212345678')).toBe(true);
    expect(isValidSsn('899-99-9999')).toBe(true);
    expect(isValidSsn('001-01-0001')).toBe(true);
  });

  it('rejects area 000, 666 and 900–999', () => {
    expect(isValidSsn('000-12-3456')).toBe(false);
    expect(isValidSsn('666-12-3456')).toBe(false);
    expect(isValidSsn('900-12-3456')).toBe(false);
    expect(isValidSsn('987-65-4321')).toBe(false);
  });

  it('rejects group 00 and serial 0000', () => {
    expect(isValidSsn('212-00-5678')).toBe(false);
    expect(isValidSsn('212-34-0000')).toBe(false);
  });

  // https://www.ssa.gov/history/ssn/misused.html (the Woolworth wallet card) and the SSA's
  // 1940 pamphlet number 219-09-9999.
  it('rejects numbers published in advertising', () => {
    expect(isValidSsn('078-05-1120')).toBe(false);
    expect(isValidSsn('219-09-9999')).toBe(false);
    expect(isValidSsn('457-55-5462')).toBe(false);
    expect(isValidSsn('078-05-1121')).toBe(true);
  });

  it('accepts the 123-45-6789 placeholder, which users type to test redaction', () => {
    expect(isValidSsn('123-45-6789')).toBe(true);
  });

  it('rejects malformed input', () => {
    expect(isValidSsn('2123-4-5678')).toBe(false);
    expect(isValidSsn('212-34 5678')).toBe(false); // mixed separators
    expect(isValidSsn('212.34.5678')).toBe(false);
    expect(isValidSsn('21234567')).toBe(false);
    expect(isValidSsn(' 212-34-5678')).toBe(false);
    expect(isValidSsn(42 as unknown as string)).toBe(false);
  });

  it('checks parts the same way', () => {
    expect(isValidSsnParts('212', '34', '5678')).toBe(true);
    expect(isValidSsnParts('666', '34', '5678')).toBe(false);
    expect(isValidSsnParts('21', '34', '5678')).toBe(false);
  });
});

describe('ssn detector', () => {
  it('reports a dashed SSN without a label, below labelled confidence', () => {
    const [f] = ssns('Her number is 212-34-5678, I think.');
    expect(f).toMatchObject({ type: 'ssn', start: 14, end: 25, value: '212-34-5678' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(f!.confidence).toBeLessThan(0.9);
  });

  it('raises confidence next to "SSN" or "social security"', () => {
    expect(ssns('SSN: 212-34-5678')[0]!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(ssns('my social security number is 212 34 5678')[0]!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reports the spaced form without a label', () => {
    expect(ssns('number 212 34 5678 on file').map((f) => f.value)).toEqual(['212 34 5678']);
  });

  it('reports bare nine digits and the dotted form only with an SSN label', () => {
    expect(ssns('ref 212345678 and 212.34.5678', 0)).toEqual([]);
    expect(ssns('SSN 212345678').map((f) => f.value)).toEqual(['212345678']);
    expect(ssns('SSN: 212.34.5678').map((f) => f.value)).toEqual(['212.34.5678']);
  });

  it('never reports never-issued or published numbers, even with a label', () => {
    for (const v of ['000-12-3456', '666-12-3456', '912-34-5678', '212-00-5678', '212-34-0000', '078-05-1120', '666123456']) {
      expect(ssns(`SSN: ${v}`, 0)).toEqual([]);
    }
  });

  it('lowers confidence below the default next to phone or order words', () => {
    expect(ssns('call me on 212-34-5678')).toEqual([]);
    expect(ssns('call me on 212-34-5678', 0)[0]!.confidence).toBeLessThan(0.5);
    expect(ssns('order 212-34-5678 shipped')).toEqual([]);
  });

  it('reads context words on the value\'s own line, and on a label line before it, but not on another field\'s line', () => {
    // The line before ends in a value (a number, a closed JSON document): it is another field.
    expect(ssns('{"phone":"+46 70 123 79 56"}\napplicant 687 53 6458 signed today', 0)[0]!.confidence).toBe(0.65);
    expect(ssns("call me on (+52 222 123 3236)\n'687 53 6458'", 0)[0]!.confidence).toBe(0.65);
    expect(ssns('Order: 38271645\n212-34-5678', 0)[0]!.confidence).toBe(0.75);
    // The next line is always another field.
    expect(ssns('Name: Ana Lima\n"436 88 9063"\nPhone: none', 0)[0]!.confidence).toBe(0.65);
    expect(ssns('212-34-5678\nOrder: 38271645', 0)[0]!.confidence).toBe(0.75);
    // A line that ends as a label still labels the next line, for or against.
    expect(ssns('SSN:\n212-34-5678', 0)[0]!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(ssns('SSN (primary)\n212345678').map((f) => f.value)).toEqual(['212345678']);
    expect(ssns('Phone number\n\n212-34-5678', 0)[0]!.confidence).toBeLessThan(0.5);
    expect(ssns('call me on 212-34-5678 (mobile)', 0)[0]!.confidence).toBeLessThan(0.5);
  });

  it('does not report a piece of a longer token or run', () => {
    for (const t of ['1212-34-5678', '212-34-56789', 'x212-34-5678', '212-34-5678b', '1-212-34-5678', '212-34-5678-9', '10.212.34.5678', '2123456789']) {
      expect(ssns(`SSN ${t}`, 0)).toEqual([]);
    }
  });

  it('does not report a spaced SSN that is one piece of a longer spaced number', () => {
    expect(ssns('SSN? no, +1 212 34 5678 is my phone', 0)).toEqual([]);
    expect(ssns('SSN 44 212 34 5678', 0)).toEqual([]);
    expect(ssns('SSN 212 34 5678 90', 0)).toEqual([]);
    expect(ssns('SSN 212 34 5678, thanks').map((f) => f.value)).toEqual(['212 34 5678']);
  });

  it('does not report mixed separators', () => {
    expect(ssns('SSN 212-34 5678 and 212 34-5678', 0)).toEqual([]);
  });

  it('stays fast on long digit and separator runs', () => {
    for (const s of ['1'.repeat(100_000), '1-'.repeat(50_000), '1 '.repeat(50_000), '123-45-'.repeat(15_000)]) {
      const t0 = performance.now();
      ssns(s, 0);
      expect(performance.now() - t0).toBeLessThan(200);
    }
  });
});

// Random sentences around the value, from words that are neither labels nor negative words.
const WORDS = ['please', 'update', 'the', 'record', 'for', 'Ana', 'today', 'thanks', 'is', 'my', 'here', 'new', 'file', 'and', 'Lee'];
const sentence = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' '));
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const validArea = fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666).map((a) => String(a).padStart(3, '0'));
const validGroup = fc.integer({ min: 1, max: 99 }).map((g) => String(g).padStart(2, '0'));
const validSerial = fc.integer({ min: 1, max: 9999 }).map((s) => String(s).padStart(4, '0'));
const separator = fc.constantFrom('-', ' ');
const PUBLISHED = new Set(['078-05-1120', '219-09-9999', '457-55-5462']);

describe('ssn properties', () => {
  it('a generated valid SSN after "SSN:" in random text is found with its exact span', () => {
    fc.assert(fc.property(sentence, validArea, validGroup, validSerial, separator, sentence, (before, a, g, s, sep, after) => {
      fc.pre(!PUBLISHED.has(`${a}-${g}-${s}`));
      const value = `${a}${sep}${g}${sep}${s}`;
      const prefix = `${before} SSN: `;
      const text = `${prefix}${value} ${after}`;
      const found = ssns(text);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ start: prefix.length, end: prefix.length + value.length, value });
      expect(found[0]!.confidence).toBeGreaterThanOrEqual(0.95);
    }));
  });

  it('an invalid area, group or serial is never reported, in any form', () => {
    const badArea = fc.oneof(fc.constant('000'), fc.constant('666'), fc.integer({ min: 900, max: 999 }).map(String));
    const parts = fc.oneof(
      fc.tuple(badArea, digits(2), digits(4)),
      fc.tuple(validArea, fc.constant('00'), digits(4)),
      fc.tuple(validArea, digits(2), fc.constant('0000')),
    );
    fc.assert(fc.property(sentence, parts, fc.constantFrom('-', ' ', '.', ''), (before, [a, g, s], sep) => {
      const text = `${before} SSN: ${a}${sep}${g}${sep}${s} thanks`;
      expect(ssns(text, 0)).toEqual([]);
    }));
  });
});
