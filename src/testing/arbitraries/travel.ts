/**
 * Travel documents: passport numbers in documented national shapes, ICAO 9303 TD3
 * machine-readable zones that carry them (every check digit right), and airline booking
 * references (record locators).
 */
import fc from 'fast-check';
import { isCommonUppercaseWord } from '../../detectors/pii/booking-stopwords.js';
import { mrzDigit } from './check-digits.js';
import { DIGITS, UPPER, charsFrom, digits, shiftDigit } from './random.js';

// ---------------------------------------------------------------------------------------
// Passport numbers

/**
 * A passport number in one of the documented shapes of 9 characters or fewer (what fits an
 * MRZ's document-number field): `K1234567` (IN, AU…), `AB1234567` (CN, IT…), `123456789`
 * (GB, US), `12AB34567` (FR), `AAA123456` (ES), `E1234567A` (SG).
 */
export function passportNumber(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(charsFrom(UPPER, 1), digits(7)).map(([a, d]) => a + d),
    fc.tuple(charsFrom(UPPER, 2), digits(7)).map(([a, d]) => a + d),
    digits(9).filter((d) => !/^0/.test(d)),
    fc.tuple(digits(2), charsFrom(UPPER, 2), digits(5)).map((p) => p.join('')),
    fc.tuple(charsFrom(UPPER, 3), digits(6)).map(([a, d]) => a + d),
    // Singapore's E and K series; S/T/F/G/M would read as an NRIC or FIN.
    fc.tuple(fc.constantFrom('E', 'K'), digits(7), charsFrom(UPPER, 1)).map((p) => p.join('')),
  );
}

const STATES = ['UTO', 'GBR', 'USA', 'IND', 'SGP', 'IDN', 'FRA', 'NLD', 'AUS', 'CAN', 'D<<', 'ESP', 'ITA', 'JPN'];
const SURNAMES = ['ERIKSSON', 'LIMA', 'SANTOSO', 'TAN', 'SHARMA', 'SMITH', 'GARCIA', 'MULLER', 'ROSSI', 'NGUYEN', 'OKAFOR', 'KOWALSKI'];
const GIVEN_NAMES = ['ANNA<MARIA', 'BUDI', 'WEI<LING', 'PRIYA', 'JOHN', 'LUCIA', 'HANS', 'GIULIA', 'MAI', 'CHIDI', 'ADAM'];

const yymmdd = (date: Date): string =>
  String(date.getUTCFullYear() % 100).padStart(2, '0') + String(date.getUTCMonth() + 1).padStart(2, '0') + String(date.getUTCDate()).padStart(2, '0');

/** The two lines of a TD3 (passport) machine-readable zone. */
export interface Td3Mrz {
  line1: string;
  line2: string;
  /** The document number, as the zone's check digit covers it (without `<` filler). */
  documentNumber: string;
}

/** A TD3 zone for `documentNumber` (at most 9 characters of `A-Z0-9`), every check digit right. */
export function td3MrzFor(documentNumber: string): fc.Arbitrary<Td3Mrz> {
  const day = 86_400_000;
  return fc
    .record({
      state: fc.constantFrom(...STATES),
      nationality: fc.constantFrom(...STATES),
      surname: fc.constantFrom(...SURNAMES),
      given: fc.constantFrom(...GIVEN_NAMES),
      birthDaysAgo: fc.integer({ min: 365 * 18, max: 365 * 90 }),
      expiryDaysAhead: fc.integer({ min: 30, max: 365 * 10 }),
      sex: fc.constantFrom('M', 'F', '<'),
      optional: fc.oneof(fc.constant(''), digits(9)),
    })
    .map(({ state, nationality, surname, given, birthDaysAgo, expiryDaysAhead, sex, optional }) => {
      const now = Date.now();
      const line1 = `P<${state}${surname}<<${given}`.padEnd(44, '<');
      const doc = documentNumber.padEnd(9, '<');
      const birth = yymmdd(new Date(now - birthDaysAgo * day));
      const expiry = yymmdd(new Date(now + expiryDaysAhead * day));
      const optionalField = optional.padEnd(14, '<');
      const optionalCheck = optional === '' ? '<' : mrzDigit(optionalField);
      const body = doc + mrzDigit(doc) + nationality + birth + mrzDigit(birth) + sex + expiry + mrzDigit(expiry) + optionalField + optionalCheck;
      const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43);
      return { line1, line2: body + mrzDigit(composite), documentNumber };
    });
}

/**
 * A TD3 zone for a generated passport number.
 *
 * @example
 * ```ts
 * const [{ line1, line2 }] = fc.sample(td3Mrz(), 1);
 * isValidTd3Mrz(line1, line2); // true
 * ```
 */
export function td3Mrz(): fc.Arbitrary<Td3Mrz> {
  return passportNumber().chain(td3MrzFor);
}

/**
 * A TD3 zone, as two lines joined by a newline, whose document number has one digit changed:
 * its check digit (and the composite) no longer match, so the zone is not a valid MRZ.
 */
export function nearMissMrz(): fc.Arbitrary<string> {
  return fc.tuple(td3Mrz(), fc.nat({ max: 1_000 }), fc.integer({ min: 1, max: 9 })).map(([{ line1, line2, documentNumber }, pick, delta]) => {
    const positions = [...documentNumber].flatMap((c, i) => (DIGITS.includes(c) ? [i] : []));
    return `${line1}\n${shiftDigit(line2, positions, pick, delta)}`;
  });
}

// ---------------------------------------------------------------------------------------
// Booking references

/**
 * A six-character record locator: capitals and digits with at least one of each, or six
 * capitals that are not a common English word (Sabre issues those).
 */
export function bookingReference(): fc.Arbitrary<string> {
  return fc.oneof(
    charsFrom(UPPER + DIGITS, 6).filter((s) => /[A-Z]/.test(s) && /[0-9]/.test(s)),
    charsFrom(UPPER, 6).filter((s) => !isCommonUppercaseWord(s)),
  );
}

