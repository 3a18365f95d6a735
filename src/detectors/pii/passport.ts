import type { Candidate, Detector, ScanContext } from '../types.js';
import { isRealCalendarDate } from '../validators/date.js';
import { findMachineReadableZones } from './passport-mrz-scan.js';
import { matchesGenericPassportShape, matchesKnownPassportShape } from './passport-formats.js';
import { isAsciiLetter, scanLabelledValues, type LabelScan, type LabelledValue, type OtherScriptLabels } from '../scan/label-scan.js';

/** A machine-readable zone whose check digits all agree: about 1 in 10^5 by chance. */
const MRZ_CONFIDENCE = 0.97;
/** Next to a passport label, in the shape of some country's passport number. */
const KNOWN_SHAPE_CONFIDENCE = 0.9;
/**
 * Next to a passport label, 6–9 letters and digits in no documented shape. Below the default
 * threshold: every valid number of the ~60 countries in our evaluation data has a documented
 * shape, while "passport photo 35x45mm" does not.
 */
const GENERIC_SHAPE_CONFIDENCE = 0.45;
/**
 * A label is a passport number's only evidence, so a word naming something else between the
 * label and the value ("passport: none; order number 12345678") outweighs it.
 */
const NEGATIVE_PENALTY = 0.5;

// "Passport" in Russian, Chinese (simplified and traditional), Korean, Japanese and Arabic,
// found from one of their letters (see OtherScriptLabels): паспорт from its п (either case),
// جواز from its و.
const PASSPORT_OTHER_SCRIPTS: OtherScriptLabels = {
  anchors: [['п', 0], ['П', 0], ['护', 0], ['護', 0], ['여', 0], ['旅', 0], ['و', 1]],
  stem: /паспорт|护照|護照|여권|旅券|جواز/iy,
};

// "passport" in the languages of the countries covered, plus "travel document" and the German
// abbreviations (Pass-Nr., Passnummer). Case-insensitive; tried only next to a stem found by
// LABEL_STEMS ("pas", "travel d") or an other-script label.
const PASSPORT_LABEL =
  /pas(?:s(?:port|eport|aport[eo]|-?nr\b|nummer)|aport|poort|zport|por)|reisepass|travel\s+doc|паспорт|护照|護照|여권|旅券|جواز/iy;

// A candidate number: `P 1630837` and `ZS 0000177` (letters, a space, digits), `A-1234567`,
// space-grouped digits (`2 32 636829`, `012 345321`), or 6–9 letters and digits. Not part of
// a longer token, not glued to one by `.`, `/` or `-`, not the tail of a spaced number
// (`0 1630837`, `01A 3D5321`), and not next to `<` (a piece of a machine-readable zone whose
// check digits failed). Only run inside the short windows around labels.
const PASSPORT_VALUE =
  /(?<![A-Za-z0-9<])(?<![A-Za-z0-9][./-])(?<![0-9][A-Za-z]? )(?:[A-Z]{1,2} \d{7,8}|[A-Za-z]-\d{7}|\d{1,3}(?: \d{2})? \d{6}|[A-Za-z0-9]{6,9})(?![A-Za-z0-9<])(?![./-][A-Za-z0-9])/g;

const PASSPORT_NEGATIVE =
  /\b(?:order|invoice|tracking|serial|sku|ticket|flight|phone|tel|telephone|fax|mobile|account|acct|iban|card|pnr|booking|confirmation|reservation|ssn|social security|licen[cs]e|tax|vat|zip|postal|pin|otp)\b/;

const PASSPORT_LABEL_SCAN: LabelScan = {
  type: 'passport',
  isStemTail: isAsciiLetter,
  otherScripts: PASSPORT_OTHER_SCRIPTS,
  label: PASSPORT_LABEL,
  value: PASSPORT_VALUE,
  after: 48,
  before: 32,
  negative: PASSPORT_NEGATIVE,
  penalty: NEGATIVE_PENALTY,
  classify: classifyPassportValue,
};

/**
 * Passport numbers, two ways.
 *
 * 1. A machine-readable zone whose check digits all agree is reported without a label at
 *    0.97: ICAO 9303 TD3 (passports), and TD2/TD1, which also carry ID cards and visas (they
 *    are travel documents too, and there is no separate type for them). The span reported is
 *    the document number only (filler `<` removed): that is the value that identifies the
 *    document, and what a redactor should mask; the name and dates in the zone are not of
 *    this type.
 * 2. Elsewhere a passport number has no structure to check, so it is reported only within a
 *    short window of a passport label ("passport", "passport no.", "travel document",
 *    "passeport", "pasaporte", "Reisepass", "paspor"…): at 0.9 when it has the shape of some
 *    country's passport number (the detector does not know the country, so it accepts the
 *    union of documented shapes), and at 0.45 (below the default threshold) for any other 6–9
 *    letters and digits holding a digit. Never without a label.
 */
export const passportDetector: Detector = {
  name: 'passport',
  types: ['passport'],
  find(ctx: ScanContext, out: Candidate[]): void {
    for (const span of findMachineReadableZones(ctx.text)) {
      out.push({ type: 'passport', start: span.start, end: span.end, confidence: MRZ_CONFIDENCE });
    }
    scanLabelledValues(ctx, PASSPORT_LABEL_SCAN, out);
  },
};

function classifyPassportValue(raw: string, start: number): LabelledValue | null {
  let value = raw;
  let from = start;
  // "NO 1234567", "NR 1234567": the letters are the label's abbreviation, not the number's prefix.
  const space = value.indexOf(' ');
  if (space > 0 && /^(?:NO|NR|N)$/.test(value.slice(0, space))) {
    from += space + 1;
    value = value.slice(space + 1);
  }
  const normalised = value.replace(/[ -]/g, '').toUpperCase();
  if (/^\d/.test(value) && value.includes(' ')) {
    // Spaced digit groups: a 9-digit number, or the 2-2-6 Russian series-and-number form.
    const groups = value.split(' ').map((g) => g.length);
    const russianInternal = groups.length === 3 && groups[0] === 2 && groups[1] === 2 && groups[2] === 6;
    if (normalised.length !== 9 && !russianInternal) return null;
    return { start: from, end: from + value.length, confidence: KNOWN_SHAPE_CONFIDENCE };
  }
  if (looksLikeDate(normalised)) return null;
  if (matchesKnownPassportShape(normalised)) return { start: from, end: from + value.length, confidence: KNOWN_SHAPE_CONFIDENCE };
  if (matchesGenericPassportShape(normalised)) return { start: from, end: from + value.length, confidence: GENERIC_SHAPE_CONFIDENCE };
  return null;
}

/** `20190312` or `12032019` next to "passport" is an issue or expiry date, not a number. */
function looksLikeDate(s: string): boolean {
  if (s.length !== 8 || !/^\d{8}$/.test(s)) return false;
  const n = (from: number, len: number): number => Number(s.slice(from, from + len));
  const isDate = (y: number, mo: number, d: number): boolean => y >= 1900 && y <= 2099 && isRealCalendarDate(y, mo, d);
  return isDate(n(0, 4), n(4, 2), n(6, 2)) || isDate(n(4, 4), n(2, 2), n(0, 2)) || isDate(n(4, 4), n(0, 2), n(2, 2));
}
