import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, IBAN_COUNTRY_FORMATS, ibanCheckDigits, type Finding } from '../../src/index.js';

const ibans = (text: string, minConfidence = 0): Finding[] => detect(text, { types: ['iban'], minConfidence });

describe('iban detector', () => {
  it('finds a labelled IBAN printed in groups of four, with its exact span', () => {
    const text = 'Please wire it to IBAN GB29 NWBK 6016 1331 9268 19 by Friday.';
    const [f, ...rest] = ibans(text, 0.5);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ type: 'iban', value: 'GB29 NWBK 6016 1331 9268 19', start: 23, end: 50 });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reports an unlabelled IBAN at about 0.9 when length and checksum pass', () => {
    const [f] = ibans('Send it to DE89370400440532013000 please.', 0.5);
    expect(f!.value).toBe('DE89370400440532013000');
    expect(f!.confidence).toBeGreaterThanOrEqual(0.85);
    expect(f!.confidence).toBeLessThan(0.95);
  });

  it('accepts the domestic groupings people type, at a lower confidence without a label', () => {
    const [f] = ibans('Pay NO93 8601.11.17947 soon', 0.5);
    expect(f!.value).toBe('NO93 8601.11.17947');
    expect(f!.confidence).toBeLessThan(0.9);
    expect(ibans('Konto: NO 93 8601 11 17947', 0.5).map((x) => x.value)).toEqual(['NO 93 8601 11 17947']);
    expect(ibans('IBAN AL47-2121-1009-0000-0002-3569-8741', 0.5).map((x) => x.value)).toEqual(['AL47-2121-1009-0000-0002-3569-8741']);
  });

  it('finds IBANs listed one after another', () => {
    const text = 'accounts: FR1420041010050500013M02606, NL91ABNA0417164300 and CH93 0076 2011 6238 5295 7.';
    expect(ibans(text, 0.5).map((f) => f.value)).toEqual(['FR1420041010050500013M02606', 'NL91ABNA0417164300', 'CH93 0076 2011 6238 5295 7']);
  });

  it('rejects an IBAN whose MOD-97 checksum is wrong', () => {
    expect(ibans('IBAN GB29 NWBK 6016 1331 9268 18')).toEqual([]);
    expect(ibans('IBAN DE88370400440532013000')).toEqual([]);
  });

  it('rejects the wrong length for the country', () => {
    expect(ibans('IBAN DE89 3704 0044 0532 0130 0')).toEqual([]);
    expect(ibans('IBAN DE89 3704 0044 0532 0130 001')).toEqual([]);
  });

  it('rejects a country without IBANs and a BBAN outside the registered structure, even with MOD 97 right', () => {
    const bban = '370400440532013000';
    expect(ibans(`IBAN US${ibanCheckDigits('US', bban)}${bban}`)).toEqual([]);
    const lettersFirst = '12WEST345698765432'; // GB bank codes are four letters
    expect(ibans(`IBAN GB${ibanCheckDigits('GB', lettersFirst)}${lettersFirst}`)).toEqual([]);
  });

  it('rejects a Spanish IBAN whose national check digits are wrong though MOD 97 passes', () => {
    const bban = '21000418460200051332';
    expect(ibans(`IBAN ES${ibanCheckDigits('ES', bban)}${bban}`)).toEqual([]);
  });

  it('keeps the IBAN when a word follows it, but not when more digit groups do', () => {
    expect(ibans('iban VG96 VPVG 0000 0123 4567 8901 X in a sentence', 0.5).map((f) => f.value)).toEqual(['VG96 VPVG 0000 0123 4567 8901']);
    expect(ibans('ref GB29 NWBK 6016 1331 9268 19 12')).toEqual([]);
    expect(ibans('ref GB29NWBK60161331926819001')).toEqual([]);
  });

  it('does not match inside a longer word or an e-mail address', () => {
    expect(ibans('XGB29NWBK60161331926819')).toEqual([]);
    expect(ibans('GB29NWBK60161331926819@example.com')).toEqual([]);
  });

  it('requires upper case and rejects other separators', () => {
    expect(ibans('iban gb29 nwbk 6016 1331 9268 19')).toEqual([]);
    expect(ibans('iban GB29 nwbk 6016 1331 9268 19')).toEqual([]);
    expect(ibans('iban AL47/2121/1009/0000/0002/3569/8741')).toEqual([]);
    expect(ibans('iban GB29  NWBK 6016 1331 9268 19')).toEqual([]);
  });

  it('lowers the confidence of registry-absent national formats', () => {
    const bban = '0002100001113000000570';
    const [f] = ibans(`DZ${ibanCheckDigits('DZ', bban)}${bban}`);
    expect(f!.confidence).toBeLessThan(0.9);
    expect(ibans(`IBAN: DZ${ibanCheckDigits('DZ', bban)}${bban}`, 0.95)).toHaveLength(1);
  });
});

// Spain and Belgium also carry national check digits inside the BBAN, which random BBANs
// would fail; their examples are covered above and in the validator tests.
const COUNTRIES = [...IBAN_COUNTRY_FORMATS.values()].filter((f) => f.country !== 'ES' && f.country !== 'BE');
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const ibanParts = fc
  .tuple(fc.constantFrom(...COUNTRIES), fc.array(fc.nat(), { minLength: 30, maxLength: 30 }))
  .map(([format, picks]) => {
    let bban = '';
    for (let i = 0; i < format.bban.length; i++) {
      const kind = format.bban[i];
      const pool = kind === 'n' ? DIGITS : kind === 'a' ? LETTERS : DIGITS + LETTERS;
      bban += pool[picks[i]! % pool.length];
    }
    return { country: format.country, bban, iban: `${format.country}${ibanCheckDigits(format.country, bban)}${bban}` };
  });

const PROSE = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz .,!?\n'), maxLength: 60 });
const printed = (iban: string, grouped: boolean): string => (grouped ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban);

describe('iban properties', () => {
  it('finds a generated valid IBAN in random surrounding text with its exact span', () => {
    fc.assert(fc.property(ibanParts, fc.boolean(), PROSE, PROSE, ({ iban }, grouped, before, after) => {
      const value = printed(iban, grouped);
      const text = `${before} IBAN: ${value} ${after}`;
      const start = before.length + 7;
      expect(ibans(text, 0.5)).toContainEqual(expect.objectContaining({ type: 'iban', start, end: start + value.length, value }));
    }), { numRuns: 300 });
  });

  it('never reports an IBAN with one BBAN character changed to another of its kind', () => {
    fc.assert(fc.property(ibanParts, fc.nat(), fc.integer({ min: 1, max: 35 }), fc.boolean(), ({ country, bban }, at, delta, grouped) => {
      const i = at % bban.length;
      const c = bban[i]!;
      const pool = /[0-9]/.test(c) ? DIGITS : LETTERS;
      const replacement = pool[(pool.indexOf(c) + (delta % (pool.length - 1) || 1)) % pool.length]!;
      const changed = bban.slice(0, i) + replacement + bban.slice(i + 1);
      const iban = `${country}${ibanCheckDigits(country, bban)}${changed}`;
      expect(ibans(`IBAN: ${printed(iban, grouped)} thanks`)).toEqual([]);
    }), { numRuns: 300 });
  });
});
