import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SG_UEN_ENTITY_TYPES, classifySgUen, detect, isValidSgUen, sgUenCheckLetter } from '../../src/index.js';

const uens = (text: string, minConfidence = 0.5) => detect(text, { types: ['uen'], minConfidence });
const THIS_YEAR = new Date().getUTCFullYear();

describe('Singapore UEN validator', () => {
  // Valid numbers from python-stdnum's stdnum/sg/uen.py doctests and tests/test_sg_uen.doctest,
  // and from Presidio's test_sg_uen_recognizer.py (53125226D, 201434292D, T16RF0037C, ...).
  it('accepts published numbers of every shape', () => {
    expect(classifySgUen('00192200M')).toBe('business');
    expect(classifySgUen('53125226D')).toBe('business');
    expect(classifySgUen('197401143C')).toBe('local_company');
    expect(classifySgUen('201434292D')).toBe('local_company');
    expect(classifySgUen('S16FC0121D')).toBe('other');
    expect(classifySgUen('T01FC6132D')).toBe('other');
    expect(classifySgUen('T16RF0037C')).toBe('other');
    expect(classifySgUen('S57TU0392K')).toBe('other');
    expect(classifySgUen('R16RF0037F')).toBe('other');
    expect(classifySgUen('F00056789H')).toBe('foreign_company');
  });

  it('computes check letters from the body', () => {
    expect(sgUenCheckLetter('53125226')).toBe('D');
    expect(sgUenCheckLetter('201434292')).toBe('D');
    expect(sgUenCheckLetter('T08LL0003')).toBe('B');
    expect(sgUenCheckLetter('T08ZZ0003')).toBeUndefined();
  });

  // Invalid numbers from python-stdnum's tests/test_sg_uen.doctest.
  it('rejects wrong check letters, unknown entity types, prefixes and future years', () => {
    expect(isValidSgUen('00192200C')).toBe(false);
    expect(isValidSgUen('T02LL67890')).toBe(false);
    expect(isValidSgUen('T02WW6789H')).toBe(false);
    expect(isValidSgUen('W23LL6789H')).toBe(false);
    expect(isValidSgUen('1R3456789H')).toBe(false);
    expect(isValidSgUen('S2WLL6789H')).toBe(false);
    expect(isValidSgUen('123456789')).toBe(false);
    expect(isValidSgUen('999956789H')).toBe(false);
    expect(isValidSgUen('T99LL6789H', 2026)).toBe(false);
  });

  it('rejects an entity type outside ACRA\'s list even when the check letter fits the formula', () => {
    // L is what the weighted-sum formula gives for T08WW0003; WW is no entity type.
    expect(isValidSgUen('T08WW0003L')).toBe(false);
    expect(SG_UEN_ENTITY_TYPES.has('LL')).toBe(true);
  });

  it('rejects a registration year after the current one', () => {
    const nextYear = String(THIS_YEAR + 1) + '00001';
    expect(isValidSgUen(nextYear + sgUenCheckLetter(nextYear)!)).toBe(false);
    const sameYear = String(THIS_YEAR) + '00001';
    expect(isValidSgUen(sameYear + sgUenCheckLetter(sameYear)!)).toBe(true);
  });
});

describe('UEN detector', () => {
  it('needs a label to report the all-digit shapes', () => {
    expect(uens('53125226D 201434292D')).toEqual([]);
    expect(uens('UEN 53125226D was processed')).toMatchObject([{ type: 'uen', start: 4, end: 13, value: '53125226D' }]);
    expect(uens('Company registration no. 201434292D')[0]!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(uens('ACRA: 53125226D')).toHaveLength(1);
  });

  it('reports the other-entity shape without a label', () => {
    const [f] = uens('partnership T08LL0003B was formed');
    expect(f).toMatchObject({ type: 'uen', start: 12, end: 22, value: 'T08LL0003B' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('reports the legacy foreign-company shape only with a label', () => {
    expect(uens('F00056789H')).toEqual([]);
    expect(uens('UEN: F00056789H')).toMatchObject([{ start: 5, end: 15 }]);
  });

  it('never reports a look-alike, even with a label', () => {
    expect(uens('UEN 00192200C, UEN T02WW6789H, UEN W23LL6789H, UEN 53125226E', 0)).toEqual([]);
  });

  it('does not report a number inside a longer token', () => {
    expect(uens('UEN X53125226D 153125226D 53125226DX T08LL0003BB AT08LL0003B', 0)).toEqual([]);
  });
});

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const businessBody = digits(8);
const localCompanyBody = fc.tuple(fc.integer({ min: 1800, max: THIS_YEAR }), digits(5)).map(([y, d]) => `${y}${d}`);
const otherBody = fc
  .tuple(fc.constantFrom('R', 'S', 'T'), fc.integer({ min: 0, max: 99 }), fc.constantFrom(...SG_UEN_ENTITY_TYPES), digits(4))
  .filter(([p, yy]) => p !== 'T' || yy <= THIS_YEAR % 100)
  .map(([p, yy, type, d]) => `${p}${String(yy).padStart(2, '0')}${type}${d}`);
const anyBody = fc.oneof(businessBody, localCompanyBody, otherBody);
const filler = fc.array(fc.constantFrom('please', 'bill', 'the', 'company', 'Acme', 'Pte', 'Ltd', 'today', 'and', ','), { maxLength: 8 }).map((w) => w.join(' '));
const digitPositions = (body: string) => [...body].flatMap((c, i) => (c >= '0' && c <= '9' ? [i] : []));

describe('UEN properties', () => {
  it('finds any valid labelled UEN with its exact span', () => {
    fc.assert(
      fc.property(anyBody, filler, filler, (body, before, after) => {
        const uen = body + sgUenCheckLetter(body)!;
        const text = `${before} UEN: ${uen} ${after}`;
        const start = before.length + 6;
        expect(uens(text)).toContainEqual(expect.objectContaining({ type: 'uen', start, end: start + uen.length, value: uen }));
      }),
    );
  });

  it('never reports a UEN after one digit is changed', () => {
    fc.assert(
      fc.property(anyBody, fc.nat(), fc.integer({ min: 1, max: 9 }), (body, pick, delta) => {
        const positions = digitPositions(body);
        const at = positions[pick % positions.length]!;
        const changed = body.slice(0, at) + String((Number(body[at]) + delta) % 10) + body.slice(at + 1);
        expect(uens(`UEN: ${changed}${sgUenCheckLetter(body)!}`, 0)).toEqual([]);
      }),
    );
  });
});
