import fc from 'fast-check';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  cardIssuer, classifySgUen, githubTokenChecksum, ibanCheckDigits, isPlausibleBirthDate, isValidEmailAddress, isValidGithubTokenChecksum,
  isValidIban, isValidIndianPan, isValidIndonesianNik, isValidIndonesianNpwp, isValidLuhn, isValidSgFin, isValidSgNric, isValidSgUen, isValidSsn,
  isValidVerhoeff, luhnCheckDigit, mrzCheckDigit, parseMonthName, parseTd3Mrz, sgIdentityCheckLetter, sgUenCheckLetter, shannonEntropy, verhoeffCheckDigit,
  DETECTOR_TYPES,
} from '../../src/index.js';
import { isExampleSecret } from '../../src/detectors/secrets/example-keys.js';
import { matchesKnownPassportShape } from '../../src/detectors/pii/passport-formats.js';
import {
  githubChecksum, ibanCheckDigitsFor, luhnDigit, mrzDigit, sgIdLetter, uenLetter, verhoeffDigit,
} from '../../src/testing/arbitraries/check-digits.js';
import { cardDigits, CARD_NETWORKS } from '../../src/testing/arbitraries/cards.js';
import { compactIban } from '../../src/testing/arbitraries/ibans.js';
import { IBAN_COUNTRIES, InvalidTestingArgumentError, nearMissValue, td3Mrz, validValue } from '../../src/testing/index.js';

const RUNS = { numRuns: 300 };
const digitString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

describe('the generators\' check digits agree with the validators', () => {
  it('Luhn, on published vectors and on random payloads', () => {
    expect(luhnDigit('7992739871')).toBe('3');
    expect(luhnDigit('411111111111111')).toBe('1');
    fc.assert(fc.property(digitString(1, 30), (p) => Number(luhnDigit(p)) === luhnCheckDigit(p)), RUNS);
  });

  it('Verhoeff, on published vectors and on random payloads', () => {
    expect(verhoeffDigit('236')).toBe('3');
    expect(verhoeffDigit('12345')).toBe('1');
    fc.assert(fc.property(digitString(1, 30), (p) => Number(verhoeffDigit(p)) === verhoeffCheckDigit(p)), RUNS);
  });

  it('IBAN MOD 97-10, on the ECBS example and on random BBANs', () => {
    expect(ibanCheckDigitsFor('DE', '370400440532013000')).toBe('89');
    expect(ibanCheckDigitsFor('GB', 'WEST12345698765432')).toBe('82');
    const bban = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 8, maxLength: 30 });
    fc.assert(fc.property(fc.constantFrom(...IBAN_COUNTRIES), bban, (c, b) => ibanCheckDigitsFor(c, b) === ibanCheckDigits(c, b)), RUNS);
  });

  it('NRIC and FIN check letters, for every prefix', () => {
    expect(sgIdLetter('S', '1234567')).toBe('D');
    expect(sgIdLetter('F', '1234567')).toBe('N');
    expect(sgIdLetter('M', '1234567')).toBe('K');
    fc.assert(fc.property(fc.constantFrom('S', 'T', 'F', 'G', 'M' as const), digitString(7, 7), (p, d) => sgIdLetter(p, d) === sgIdentityCheckLetter(p, d)), RUNS);
  });

  it('UEN check letters, for the three checked shapes', () => {
    expect(uenLetter('53125226')).toBe('D');
    expect(uenLetter('201434292')).toBe('D');
    expect(uenLetter('T08LL0003')).toBe('B');
    const body = fc.oneof(digitString(8, 9), fc.tuple(fc.constantFrom('R', 'S', 'T'), digitString(2, 2), fc.constantFrom('LL', 'LP', 'FC', 'SS'), digitString(4, 4)).map((p) => p.join('')));
    fc.assert(fc.property(body, (b) => uenLetter(b) === sgUenCheckLetter(b)), RUNS);
  });

  it('MRZ 7-3-1 digits, on the ICAO specimen and on random fields', () => {
    expect(mrzDigit('L898902C3')).toBe('6');
    expect(mrzDigit('740812')).toBe('2');
    const field = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<'), minLength: 1, maxLength: 40 });
    fc.assert(fc.property(field, (f) => Number(mrzDigit(f)) === mrzCheckDigit(f)), RUNS);
  });

  it('GitHub token CRC-32 checksums', () => {
    const random = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 30, maxLength: 30 });
    fc.assert(fc.property(random, (r) => githubChecksum(r) === githubTokenChecksum(r)), RUNS);
  });
});

/** The validator each type's generated values must pass, where the library exports one. */
function passesValidator(type: string, value: string): boolean {
  const compact = value.replace(/[ -]/g, '');
  switch (type) {
    case 'credit_card': return /^[0-9]+$/.test(compact) && isValidLuhn(compact) && cardIssuer(compact) !== undefined;
    case 'iban': return isValidIban(compact);
    case 'aadhaar': return /^[2-9][0-9]{11}$/.test(compact) && isValidVerhoeff(compact);
    case 'pan': return isValidIndianPan(value);
    case 'ssn': return isValidSsn(value.replace(/\./g, '-'));
    case 'email': return isValidEmailAddress(value);
    case 'phone': return isValidPhoneNumber(value, 'US');
    case 'nric': return isValidSgNric(value);
    case 'fin': return isValidSgFin(value);
    case 'uen': return isValidSgUen(value);
    case 'nik': return isValidIndonesianNik(value);
    case 'npwp': return isValidIndonesianNpwp(value);
    case 'passport': return matchesKnownPassportShape(value);
    case 'dob': return isPlausibleDateOfBirth(value);
    case 'booking_ref': return /^[A-Z0-9]{6}$/.test(value) && /[A-Z]/.test(value);
    case 'aws_access_key_id': return /^(?:AKIA|ASIA)[A-Z2-7]{16}$/.test(value) && !isExampleSecret(value);
    case 'aws_secret_access_key': return /^[A-Za-z0-9/+]{40}$/.test(value) && shannonEntropy(value) >= 4.05 && !isExampleSecret(value);
    case 'google_api_key': return /^AIza[0-9A-Za-z_-]{35}$/.test(value) && !isExampleSecret(value.slice(4));
    case 'github_token': return value.startsWith('github_pat_') ? /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/.test(value) : isValidGithubTokenChecksum(value);
    case 'slack_token': return /^(?:xox[bpas]-|xapp-|https:\/\/hooks\.slack\.com\/services\/)/.test(value);
    case 'stripe_secret_key': return /^[rs]k_(?:live|test)_[A-Za-z0-9]{24,}$/.test(value);
    case 'jwt': return hasJwtHeader(value);
    case 'private_key': return /^-----BEGIN ([A-Z ]*PRIVATE KEY)-----\n[A-Za-z0-9+/=\n]{64,}\n-----END \1-----$/.test(value);
    case 'generic_secret': return value.length >= 12 && /\d/.test(value) && !isExampleSecret(value);
    default: throw new Error(`no oracle for ${type}`);
  }
}

function hasJwtHeader(token: string): boolean {
  const [header, payload, signature] = token.split('.');
  const decode = (s: string): Record<string, unknown> => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return typeof decode(header!).alg === 'string' && typeof decode(payload!).sub === 'string' && /^[A-Za-z0-9_-]+$/.test(signature!);
}

function isPlausibleDateOfBirth(value: string): boolean {
  const today = new Date();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) return isPlausibleBirthDate(+m[1]!, +m[2]!, +m[3]!, today);
  if ((m = /^(\d{2})[/.](\d{2})[/.](\d{4}|\d{2})$/.exec(value))) {
    const y = m[3]!.length === 2 ? 2000 + +m[3]! > today.getFullYear() ? 1900 + +m[3]! : 2000 + +m[3]! : +m[3]!;
    return isPlausibleBirthDate(y, +m[2]!, +m[1]!, today) || isPlausibleBirthDate(y, +m[1]!, +m[2]!, today);
  }
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([A-Za-z]+\.?) (\d{4})$/.exec(value))) return isPlausibleBirthDate(+m[3]!, parseMonthName(m[2]!), +m[1]!, today);
  if ((m = /^([A-Za-z]+) (\d{1,2}), (\d{4})$/.exec(value))) return isPlausibleBirthDate(+m[3]!, parseMonthName(m[1]!), +m[2]!, today);
  return false;
}

describe('validValue', () => {
  for (const type of DETECTOR_TYPES) {
    it(`${type}: every value passes the library's validator`, () => {
      fc.assert(fc.property(validValue(type), (value) => {
        expect(passesValidator(type, value), value).toBe(true);
      }), { numRuns: 200 });
    });
  }

  it('draws cards from every network, each recognised as that network', () => {
    for (const network of CARD_NETWORKS) {
      fc.assert(fc.property(cardDigits([network]), ({ digits }) => {
        // Maestro numbers share 5x and 6x ranges; the library's issuer table names the owner.
        expect(cardIssuer(digits)).toBe(network);
      }), { numRuns: 40 });
    }
  });

  it('draws IBANs that validate for every known country', () => {
    for (const country of IBAN_COUNTRIES) {
      fc.assert(fc.property(compactIban([country]), (value) => {
        expect(value.slice(0, 2)).toBe(country);
        expect(isValidIban(value), value).toBe(true);
      }), { numRuns: 10 });
    }
  });

  it('draws every UEN shape with a check letter', () => {
    const shapes = new Set(fc.sample(validValue('uen'), { numRuns: 300, seed: 1 }).map((v) => classifySgUen(v)));
    expect([...shapes].sort()).toEqual(['business', 'local_company', 'other']);
  });

  it('builds TD3 zones whose every check digit is right and that carry the document number', () => {
    fc.assert(fc.property(td3Mrz(), ({ line1, line2, documentNumber }) => {
      expect(line1).toHaveLength(44);
      expect(line2).toHaveLength(44);
      expect(parseTd3Mrz(line1, line2)?.documentNumber).toBe(documentNumber);
    }), RUNS);
  });

  it('rejects a type it has no generator for, naming the valid ones', () => {
    expect(() => validValue('cc' as never)).toThrow(InvalidTestingArgumentError);
    expect(() => validValue('cc' as never)).toThrow(/credit_card/);
    expect(() => nearMissValue('email' as never)).toThrow(/Use one of: credit_card, iban/);
  });
});
