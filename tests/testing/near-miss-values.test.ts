import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardIssuer, detect, isValidGithubTokenChecksum, isValidIban, isValidIndonesianNik, isValidIndonesianNpwp, isValidLuhn, isValidSgFin,
  isValidSgNric, isValidSgUen, isValidTd3Mrz, isValidVerhoeff,
} from '../../src/index.js';
import { CHECKSUM_TYPES, nearMissValue, promptWith, type ChecksumType } from '../../src/testing/index.js';
import { shiftDigit } from '../../src/testing/arbitraries/random.js';

/** The validator a near miss must fail. */
const FAILS: Readonly<Record<ChecksumType, (value: string) => boolean>> = {
  credit_card: (v) => {
    const d = v.replace(/[ -]/g, '');
    return !(isValidLuhn(d) && cardIssuer(d) !== undefined);
  },
  iban: (v) => !isValidIban(v.replace(/[ -]/g, '')),
  aadhaar: (v) => !isValidVerhoeff(v.replace(/[ -]/g, '')),
  nric: (v) => !isValidSgNric(v),
  fin: (v) => !isValidSgFin(v),
  uen: (v) => !isValidSgUen(v),
  passport: (v) => {
    const [line1, line2] = v.split('\n');
    return !isValidTd3Mrz(line1!, line2!);
  },
  npwp: (v) => !isValidIndonesianNpwp(v),
  nik: (v) => !isValidIndonesianNik(v),
  github_token: (v) => !isValidGithubTokenChecksum(v),
};

describe('near-miss values', () => {
  for (const type of CHECKSUM_TYPES) {
    it(`${type}: every near miss fails the validator`, () => {
      fc.assert(fc.property(nearMissValue(type), (v) => {
        expect(FAILS[type](v), v).toBe(true);
      }), { numRuns: 300 });
    });

    it(`${type}: a near miss is never reported as ${type}, even next to its label`, () => {
      // A passport near miss is a whole machine-readable zone; the others go where a valid value would.
      const prompts = type === 'passport'
        ? nearMissValue(type).chain((mrz) => fc.constantFrom(`passport MRZ:\n${mrz}\nthanks`, mrz).map((text) => ({ text })))
        : promptWith(type, { values: nearMissValue(type) });
      fc.assert(fc.property(prompts, ({ text }) => {
        expect(detect(text).filter((f) => f.type === type), text).toEqual([]);
      }), { numRuns: 300 });
    });
  }

  it('the corruption changes exactly one digit, and keeps it a digit', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 }), fc.nat(), fc.integer({ min: 1, max: 9 }), (s, pick, delta) => {
      const positions = [...s].map((_, i) => i);
      const changed = shiftDigit(s, positions, pick, delta);
      expect(changed).toHaveLength(s.length);
      expect([...changed].filter((c, i) => c !== s[i])).toHaveLength(1);
      expect(changed).toMatch(/^[0-9]+$/);
    }));
  });

  it('near misses keep the shape of a valid value, so only the check can tell them apart', () => {
    const SHAPES: Readonly<Record<ChecksumType, RegExp>> = {
      credit_card: /^[1-9](?:[0-9]{11,18}|[0-9]{3}(?:[ -][0-9]{3,6}){2,4})$/,
      iban: /^[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]{1,4})+$/,
      aadhaar: /^[2-9][0-9]{3}([ -]?)[0-9]{4}\1[0-9]{4}$/,
      nric: /^[ST][0-9]{7}[A-Z]$/,
      fin: /^[FGM][0-9]{7}[A-Z]$/,
      uen: /^(?:[0-9]{8,9}|[RST][0-9]{2}[A-Z]{2}[0-9]{4})[A-Z]$/,
      passport: /^P<[A-Z<]{42}\n[A-Z0-9<]{44}$/,
      npwp: /^(?:[0-9]{15}|[0-9]{2}\.[0-9]{3}\.[0-9]{3}\.[0-9]-[0-9]{3}\.[0-9]{3})$/,
      nik: /^[0-9]{16}$/,
      github_token: /^ghp_[A-Za-z0-9]{36}$/,
    };
    for (const type of CHECKSUM_TYPES) {
      for (const v of fc.sample(nearMissValue(type), { numRuns: 100, seed: 5 })) expect(v, type).toMatch(SHAPES[type]);
    }
  });

  it('changes a check digit or letter in a way the validator catches, for the classic cases', () => {
    // Hand-made near misses of published valid numbers, as a cross-check of the generated ones.
    expect(FAILS.credit_card('4111 1111 1111 1112')).toBe(true);
    expect(FAILS.iban('DE89 3704 0044 0532 0130 01')).toBe(true);
    expect(FAILS.nric('S1234567A')).toBe(true);
    expect(FAILS.credit_card('4111 1111 1111 1111')).toBe(false);
    expect(FAILS.nric('S1234567D')).toBe(false);
  });
});
