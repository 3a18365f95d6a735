/**
 * IBANs for every country with a known format: a BBAN in the country's registered structure
 * (Belgium's and Spain's with their national check digits), the MOD 97-10 check digits, and
 * the usual written forms.
 */
import fc from 'fast-check';
import { IBAN_COUNTRY_FORMATS } from '../../detectors/validators/iban-countries.js';
import { belgianCheckDigits, ibanCheckDigitsFor, spanishControlDigit } from './check-digits.js';
import { corruption, DIGITS, UPPER, charsFrom, digitPositions, shiftDigit } from './random.js';

/** Every country whose IBANs the generator can produce (ISO 3166-1 alpha-2). */
export const IBAN_COUNTRIES: readonly string[] = [...IBAN_COUNTRY_FORMATS.keys()].sort();

const CLASS_ALPHABET: Readonly<Record<string, string>> = { n: DIGITS, a: UPPER, c: UPPER + DIGITS };

/** A BBAN in `country`'s structure: one character per position class (`n`, `a`, `c`). */
function bbanFor(country: string): fc.Arbitrary<string> {
  const structure = IBAN_COUNTRY_FORMATS.get(country)!.bban;
  const parts = [...structure].map((kind) => charsFrom(CLASS_ALPHABET[kind]!, 1));
  return fc.tuple(...parts).map((chars) => withNationalCheck(country, chars.join('')));
}

/** Belgium and Spain carry national check digits inside the BBAN; fill them in. */
function withNationalCheck(country: string, bban: string): string {
  if (country === 'BE') return bban.slice(0, 10) + belgianCheckDigits(bban.slice(0, 10));
  if (country === 'ES') {
    const bankBranch = bban.slice(0, 8);
    const account = bban.slice(10);
    return bankBranch + spanishControlDigit('00' + bankBranch) + spanishControlDigit(account) + account;
  }
  return bban;
}

/** Compact IBANs (no separators) of the given countries (default: every known one). */
export function compactIban(countries: readonly string[] = IBAN_COUNTRIES): fc.Arbitrary<string> {
  return fc
    .constantFrom(...countries)
    .chain((country) => bbanFor(country).map((bban) => country + ibanCheckDigitsFor(country, bban) + bban));
}

/** An IBAN written compact, in the printed groups of four, or in groups of four joined by dashes. */
function writtenForms(compact: string): fc.Arbitrary<string> {
  return fc.constantFrom('', ' ', '-').map((sep) => (sep === '' ? compact : compact.match(/.{1,4}/g)!.join(sep)));
}

/**
 * A valid IBAN as people write it, for the given countries (default: every known one).
 *
 * @example
 * ```ts
 * fc.sample(iban(['DE', 'GB']), 2); // e.g. ['DE44 5001 0517 5407 3249 31', 'GB29NWBK60161331926819']
 * ```
 */
export function iban(countries?: readonly string[]): fc.Arbitrary<string> {
  return compactIban(countries).chain(writtenForms);
}

/**
 * A valid IBAN with one digit of its check digits or BBAN changed (the structure is kept, so
 * only MOD 97-10 can tell), in the same written forms.
 */
export function nearMissIban(countries?: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(compactIban(countries), corruption)
    .chain(([value, { pick, delta }]) => writtenForms(shiftDigit(value, digitPositions(value, 2), pick, delta)));
}
