/**
 * Passport-number shapes of the countries whose formats are documented publicly (the issuing
 * authorities, and the ISO country lists kept by validation libraries). A detector that sees a
 * number in free text does not know which country issued it, so it accepts the union.
 *
 * Every shape is tested on the normalised number: upper case, spaces and hyphens removed.
 */

/** One documented shape and the countries that use it, for readers and for tests. */
interface PassportShape {
  readonly pattern: RegExp;
  readonly countries: string;
}

const SHAPES: readonly PassportShape[] = [
  // One letter and 5 to 8 digits: LI (5); PT, TH, PH (6); IN, AT, AU, CH, ID, IS, JM, KZ, SK,
  // EE (7); US next generation, IR, KR, MY, MX, TR, ZA, CY, IE (8).
  { pattern: /^[A-Z]\d{5,8}$/, countries: 'AT AU CH CY EE ID IE IN IR IS JM KR KZ LI MX MY PH PT SK TH TR US ZA' },
  // Two letters and 6 or 7 digits: BE, BR, CA, HU, NZ, TH, UA (6); AM, BY, CN, EE, FI, GR, IT,
  // JP, LV, PK, PL, SL, PH, HU (7).
  { pattern: /^[A-Z]{2}\d{6,7}$/, countries: 'AM BE BR BY CA CN EE FI GR HU IT JP LV NZ PH PK PL SL TH UA' },
  // Three letters and 6 digits: AR, ES.
  { pattern: /^[A-Z]{3}\d{6}$/, countries: 'AR ES' },
  // Digits only: MT (7); CZ, SE, RO, LT (8); GB, US, BG, DK, DZ, HR, RU, RO (9).
  { pattern: /^\d{7,9}$/, countries: 'BG CZ DK DZ GB HR LT MT RO RU SE US' },
  // Two digits, two letters, five digits: FR, MZ.
  { pattern: /^\d{2}[A-Z]{2}\d{5}$/, countries: 'FR MZ' },
  // A letter, 6 or 7 digits and one or two letters: SG (E1234567A), PH, CA.
  { pattern: /^[A-Z]\d{6,7}[A-Z]{1,2}$/, countries: 'CA PH SG' },
  // Nine characters from the German document alphabet (no A, B, D, E, I, O, Q, S, U), first a letter.
  { pattern: /^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}$/, countries: 'DE' },
  // Eight letters and digits: LT, LU, LY.
  { pattern: /^[A-Z0-9]{8}$/, countries: 'LT LU LY' },
  // Two letters, six letters or digits, a digit: NL (no letter O).
  { pattern: /^[A-NP-Z]{2}[A-NP-Z0-9]{6}\d$/, countries: 'NL' },
  // South Korea since 2021: type letter (M, S, R, G, D), three digits, a letter, four digits.
  { pattern: /^[MSRGD]\d{3}[A-Z]\d{4}$/, countries: 'KR' },
  // Two letters or digits and seven digits: IE, IT, LV.
  { pattern: /^[A-Z0-9]{2}\d{7}$/, countries: 'IE IT LV' },
  // Two or three letters or digits and six digits: ES.
  { pattern: /^[A-Z0-9]{2,3}\d{6}$/, countries: 'ES' },
];

/** Countries covered by {@link matchesKnownPassportShape}, for documentation. */
export const PASSPORT_SHAPE_COUNTRIES: readonly string[] = [
  ...new Set(SHAPES.flatMap((s) => s.countries.split(' '))),
].sort();

/**
 * Does the normalised number (upper case, no separators) have the shape of some country's
 * passport number? It must also hold at least one digit: an all-letter word is never one.
 */
export function matchesKnownPassportShape(normalised: string): boolean {
  if (!/\d/.test(normalised)) return false;
  for (const shape of SHAPES) if (shape.pattern.test(normalised)) return true;
  return false;
}

/**
 * The fallback for countries not listed: 6 to 9 letters and digits with at least one digit.
 * Weaker evidence, so it gets a lower confidence.
 */
export function matchesGenericPassportShape(normalised: string): boolean {
  return /^[A-Z0-9]{6,9}$/.test(normalised) && /\d/.test(normalised);
}
