import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, scanSql } from '../../src/index.js';

// Full Unicode, including lone surrogates, plus strings biased toward the characters detectors look at.
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 -./@+()ABCDEFGHIJKLMNOPSTUVWXYZabcxyz_:=\'"#;*\n'), maxLength: 400 }),
);

describe('detect() and scanSql() on arbitrary strings', () => {
  it('detect never throws, and its spans are in bounds, sorted, disjoint and slice to the value', () => {
    fc.assert(fc.property(anyString, fc.double({ min: 0, max: 1, noNaN: true }), (text, minConfidence) => {
      const findings = detect(text, { minConfidence });
      let lastEnd = 0;
      for (const f of findings) {
        expect(f.start).toBeGreaterThanOrEqual(lastEnd);
        expect(f.end).toBeGreaterThan(f.start);
        expect(f.end).toBeLessThanOrEqual(text.length);
        expect(text.slice(f.start, f.end)).toBe(f.value);
        expect(f.confidence).toBeGreaterThanOrEqual(minConfidence);
        expect(f.confidence).toBeLessThanOrEqual(1);
        lastEnd = f.end;
      }
    }), { numRuns: 400 });
  });

  it('scanSql never throws, and its spans are in bounds and sorted', () => {
    fc.assert(fc.property(anyString, (text) => {
      const r = scanSql(text);
      expect(typeof r.detected).toBe('boolean');
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.detected).toBe(r.findings.length > 0);
      let lastStart = 0;
      for (const f of r.findings) {
        expect(f.start).toBeGreaterThanOrEqual(lastStart);
        expect(f.end).toBeGreaterThanOrEqual(f.start);
        expect(f.end).toBeLessThanOrEqual(text.length);
        lastStart = f.start;
      }
    }), { numRuns: 400 });
  });
});
