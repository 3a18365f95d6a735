import { describe, expect, it } from 'vitest';
import {
  detect, scanSql, DETECTOR_TYPES, GatehouseError, GatehouseTypeError, InputTooLargeError,
  InvalidOptionError, UnknownDetectorTypeError, DEFAULT_MIN_CONFIDENCE,
} from '../../src/index.js';

describe('detect() argument checks', () => {
  it.each([[undefined], [null], [42], [{}], [['a']], [Buffer.from('x')]])('throws a TypeError naming "text" for %s', (bad) => {
    const call = () => detect(bad as unknown as string);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(/"text" argument must be a string/);
    try { call(); } catch (e) {
      expect(e).toBeInstanceOf(GatehouseError);
      expect(e).toBeInstanceOf(GatehouseTypeError);
      expect((e as GatehouseTypeError).code).toBe('INVALID_ARGUMENT_TYPE');
    }
  });

  it('scanSql throws a TypeError naming "text" for a non-string', () => {
    expect(() => scanSql(7 as unknown as string)).toThrow(TypeError);
    expect(() => scanSql(7 as unknown as string)).toThrow(/"text"/);
  });

  it('rejects an unknown type and lists every valid one', () => {
    let error: unknown;
    try { detect('x', { types: ['credit_card', 'cc' as never] }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UnknownDetectorTypeError);
    const typed = error as UnknownDetectorTypeError;
    expect(typed.code).toBe('UNKNOWN_DETECTOR_TYPE');
    expect(typed.unknownType).toBe('cc');
    for (const t of DETECTOR_TYPES) expect(typed.message).toContain(t);
  });

  it('rejects options.types that is not an array', () => {
    expect(() => detect('x', { types: 'email' as never })).toThrow(InvalidOptionError);
  });

  it.each([[-0.1], [1.5], [Number.NaN], ['0.5']])('rejects minConfidence %s', (bad) => {
    expect(() => detect('x', { minConfidence: bad as number })).toThrow(InvalidOptionError);
  });

  it('rejects a region that is not a two-letter code', () => {
    expect(() => detect('x', { region: 'USA' })).toThrow(/ISO 3166-1 alpha-2/);
  });

  it('rejects input over the limit with InputTooLargeError, without scanning or truncating', () => {
    const text = 'a'.repeat(101);
    let error: unknown;
    try { detect(text, { maxInputLength: 100 }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(InputTooLargeError);
    expect((error as InputTooLargeError).code).toBe('INPUT_TOO_LARGE');
    expect((error as InputTooLargeError).limit).toBe(100);
    expect((error as InputTooLargeError).length).toBe(101);
    expect(detect('a'.repeat(100), { maxInputLength: 100 })).toEqual([]);
  });

  it('scanSql rejects input over its limit with InputTooLargeError', () => {
    expect(() => scanSql('a'.repeat(11), { maxInputLength: 10 })).toThrow(InputTooLargeError);
  });

  it('returns nothing for the empty string', () => {
    expect(detect('')).toEqual([]);
    expect(scanSql('')).toMatchObject({ detected: false, findings: [] });
  });
});

describe('detect() results', () => {
  const text = 'Card 4111 1111 1111 1111 and mail ana.lima@example.com, thanks.';

  it('reports values whose span slices back to the value, sorted by start', () => {
    const findings = detect(text);
    expect(findings.map((f) => f.type)).toEqual(['credit_card', 'email']);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.value);
    expect(findings[0]!.value).toBe('4111 1111 1111 1111');
    expect(findings[1]!.value).toBe('ana.lima@example.com');
  });

  it('only runs the requested types', () => {
    expect(detect(text, { types: ['email'] }).map((f) => f.type)).toEqual(['email']);
  });

  it('drops findings below minConfidence, whose default is documented', () => {
    expect(DEFAULT_MIN_CONFIDENCE).toBe(0.5);
    const all = detect(text, { minConfidence: 0 });
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const f of detect(text, { minConfidence: 0.9 })) expect(f.confidence).toBeGreaterThanOrEqual(0.9);
    for (const f of detect(text)) expect(f.confidence).toBeGreaterThanOrEqual(DEFAULT_MIN_CONFIDENCE);
  });

  it('never reports overlapping findings', () => {
    const findings = detect(`${text} IBAN GB82 WEST 1234 5698 7654 32, phone +44 20 7946 0958`, { minConfidence: 0 });
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  });
});

describe('context words', () => {
  it('are read within the value\'s own sentence: a negative word in the previous sentence does not lower it', () => {
    const text = 'Booking reference: X7QK2P. Company UEN 201912345R.';
    const uen = detect(text, { types: ['uen'] });
    expect(uen).toHaveLength(1);
    expect(uen[0]!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('still lower confidence when the negative word is in the same sentence', () => {
    const labelled = detect('Card number 4111 1111 1111 1111 on file.', { types: ['credit_card'], minConfidence: 0 });
    const negated = detect('Order number 4111 1111 1111 1111 on file.', { types: ['credit_card'], minConfidence: 0 });
    expect(negated[0]!.confidence).toBeLessThan(labelled[0]!.confidence - 0.3);
  });

  it('keep an abbreviated label such as "Passport No." with its value', () => {
    const found = detect('Passport No. K1234567A is attached.', { types: ['passport'] });
    expect(found.map((f) => f.value)).toEqual(['K1234567A']);
  });
});
