/**
 * Machine-readable zones of travel documents (ICAO Doc 9303). Each field that matters (the
 * document number, the birth and expiry dates, the optional data) carries a 7-3-1 weighted
 * check digit, and a composite digit covers them all, so a random string passes with
 * probability of about 1 in 10^5.
 *
 * Formats: TD3 (passports: 2 lines of 44), TD2 (2 lines of 36) and TD1 (ID cards: 3 lines
 * of 30).
 */

/** The fields of a machine-readable zone that this library uses. */
export interface MrzFields {
  /** `TD1`, `TD2` or `TD3`. */
  format: 'TD1' | 'TD2' | 'TD3';
  /** Document code, e.g. `P` (passport), `I` (ID card), `V` (visa); `<` filler removed. */
  documentCode: string;
  /** Issuing state or organisation (ICAO 3-letter code, `<` filler kept: `D<<`). */
  issuingState: string;
  /** The document number, `<` filler removed. Longer numbers continue into the optional data. */
  documentNumber: string;
  /**
   * Where the document number lies in the line that holds it: [start, end) offsets. For an
   * extended number this runs to the end of its continuation and may include one `<`.
   */
  documentNumberSpan: readonly [number, number];
  /** Which line (0-based) holds the document number. */
  documentNumberLine: number;
  nationality: string;
  /** YYMMDD. */
  birthDate: string;
  /** `M`, `F`, `X` or `<`. */
  sex: string;
  /** YYMMDD. */
  expiryDate: string;
  /** Optional data, `<` filler kept. */
  optionalData: string;
}

/** Value of an MRZ character: digits 0–9, `A`–`Z` 10–35, the filler `<` 0; -1 if not allowed. */
function mrzCharValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (code === 60) return 0;
  return -1;
}

const WEIGHTS = [7, 3, 1] as const;

/**
 * The ICAO 9303 check digit of `s`: each character's value (digits as themselves, `A`=10 …
 * `Z`=35, `<`=0) times the repeating weights 7, 3, 1, summed, modulo 10. Returns -1 when `s`
 * holds a character an MRZ cannot (lower case, spaces, punctuation).
 *
 * @example
 * ```ts
 * mrzCheckDigit('L898902C3'); // 6 (ICAO 9303 Part 4 specimen passport number)
 * mrzCheckDigit('740812');    // 2
 * ```
 */
export function mrzCheckDigit(s: string): number {
  if (typeof s !== 'string') return -1;
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const v = mrzCharValue(s.charCodeAt(i));
    if (v < 0) return -1;
    sum += v * WEIGHTS[i % 3]!;
  }
  return sum % 10;
}

/** Does the digit at `s[at]` check `s.slice(from, at)`? A `<` check digit is allowed only when `allowFiller` (empty field). */
function checks(field: string, digit: string | undefined, allowFiller = false): boolean {
  if (digit === undefined) return false;
  if (digit === '<') return allowFiller && /^<*$/.test(field);
  const d = digit.charCodeAt(0) - 48;
  return d >= 0 && d <= 9 && mrzCheckDigit(field) === d;
}

const NAME_LINE = /^[A-Z<]+$/;
const MRZ_LINE = /^[A-Z0-9<]+$/;
const DATE6 = /^\d{6}$/;
const SEX = /^[MFX<]$/;
const STATE = /^[A-Z<]{3}$/;

/**
 * The document number field, handling ICAO's extended numbers: when the check-digit position
 * holds `<`, the number continues at the start of the optional data and ends with its own
 * check digit before the next `<`. Returns null if the check fails.
 */
function readDocumentNumber(
  line: string, start: number, optionalStart: number, optionalEnd: number,
): { number: string; span: [number, number] } | null {
  const field = line.slice(start, start + 9);
  const check = line[start + 9];
  if (check !== '<') {
    if (!checks(field, check)) return null;
    const trimmed = field.replace(/<+$/, '');
    if (trimmed.length === 0 || trimmed.includes('<')) return null;
    return { number: trimmed, span: [start, start + trimmed.length] };
  }
  // Extended number: only defined where the check position sits right before the optional data.
  if (optionalStart !== start + 10 || field.includes('<')) return null;
  let end = optionalStart;
  while (end < optionalEnd && line[end] !== '<') end++;
  if (end - optionalStart < 2) return null; // at least one more character and its check digit
  const rest = line.slice(optionalStart, end - 1);
  const number = field + rest;
  if (!checks(number, line[end - 1])) return null;
  return { number, span: [start, end - 1] };
}

/**
 * Parses and checks a TD3 (passport) machine-readable zone. Returns null unless both lines
 * are 44 characters of the MRZ alphabet, the first starts with `P`, and every check digit
 * (document number, birth date, expiry date, optional data, composite) is right.
 *
 * @example
 * ```ts
 * // ICAO 9303 Part 4, Appendix A specimen
 * parseTd3Mrz(
 *   'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
 *   'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
 * )?.documentNumber; // 'L898902C3'
 * ```
 */
export function parseTd3Mrz(line1: string, line2: string): MrzFields | null {
  return parseTwoLineMrz(line1, line2, TD3_LAYOUT);
}

/**
 * Is this a TD3 (passport) machine-readable zone whose check digits are all right?
 *
 * @example
 * ```ts
 * isValidTd3Mrz(
 *   'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
 *   'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
 * ); // true
 * ```
 */
export function isValidTd3Mrz(line1: string, line2: string): boolean {
  return parseTd3Mrz(line1, line2) !== null;
}

/**
 * Parses and checks a TD2 machine-readable zone (2 lines of 36: some ID cards, visas, older
 * passports). Returns null unless every check digit is right.
 *
 * @example
 * ```ts
 * // ICAO 9303 Part 6 specimen
 * parseTd2Mrz(
 *   'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<',
 *   'D231458907UTO7408122F1204159<<<<<<<6',
 * )?.documentNumber; // 'D23145890'
 * ```
 */
export function parseTd2Mrz(line1: string, line2: string): MrzFields | null {
  return parseTwoLineMrz(line1, line2, TD2_LAYOUT);
}

/**
 * Where TD3 and TD2 differ. Both put the document number, nationality, birth date, sex and
 * expiry date at the same offsets of line 2; then come the optional data and, last, the
 * composite check digit over everything from the document number on.
 */
interface TwoLineLayout {
  readonly format: 'TD2' | 'TD3';
  readonly length: number;
  /** Document codes allowed in the first character. */
  readonly documentCode: RegExp;
  /** End of the optional data in line 2 (it starts at 28). */
  readonly optionalEnd: number;
  /** Whether the optional data has a check digit of its own, right after it (TD3). */
  readonly optionalChecked: boolean;
}

const TD3_LAYOUT: TwoLineLayout = { format: 'TD3', length: 44, documentCode: /^P/, optionalEnd: 42, optionalChecked: true };
const TD2_LAYOUT: TwoLineLayout = { format: 'TD2', length: 36, documentCode: /^[ACIPV]/, optionalEnd: 35, optionalChecked: false };

function parseTwoLineMrz(line1: string, line2: string, layout: TwoLineLayout): MrzFields | null {
  if (typeof line1 !== 'string' || typeof line2 !== 'string') return null;
  const { length, optionalEnd } = layout;
  if (line1.length !== length || line2.length !== length) return null;
  if (!layout.documentCode.test(line1) || !NAME_LINE.test(line1) || !MRZ_LINE.test(line2)) return null;
  const doc = readDocumentNumber(line2, 0, 28, optionalEnd);
  if (!doc) return null;
  const fields = readPersonalFields(line2, 10);
  if (!fields) return null;
  const optionalData = line2.slice(28, optionalEnd);
  if (layout.optionalChecked && !checks(optionalData, line2[optionalEnd], true)) return null;
  const composite = line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, length - 1);
  if (!checks(composite, line2[length - 1])) return null;
  const issuingState = line1.slice(2, 5);
  if (!STATE.test(issuingState)) return null;
  return {
    format: layout.format,
    documentCode: line1.slice(0, 2).replace(/<+$/, ''),
    issuingState,
    documentNumber: doc.number,
    documentNumberSpan: doc.span,
    documentNumberLine: 1,
    ...fields,
    optionalData,
  };
}

/**
 * Parses and checks a TD1 machine-readable zone (3 lines of 30: ID cards). Returns null
 * unless every check digit is right.
 *
 * @example
 * ```ts
 * // ICAO 9303 Part 5 specimen
 * parseTd1Mrz(
 *   'I<UTOD231458907<<<<<<<<<<<<<<<',
 *   '7408122F1204159UTO<<<<<<<<<<<6',
 *   'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
 * )?.documentNumber; // 'D23145890'
 * ```
 */
export function parseTd1Mrz(line1: string, line2: string, line3: string): MrzFields | null {
  if (typeof line1 !== 'string' || typeof line2 !== 'string' || typeof line3 !== 'string') return null;
  if (line1.length !== 30 || line2.length !== 30 || line3.length !== 30) return null;
  if (!/^[ACI]/.test(line1) || !MRZ_LINE.test(line1) || !MRZ_LINE.test(line2) || !NAME_LINE.test(line3)) return null;
  const doc = readDocumentNumber(line1, 5, 15, 30);
  if (!doc) return null;
  // Line 2 holds the personal fields from offset 0: birth date, sex, expiry, nationality.
  const birthDate = line2.slice(0, 6);
  const sex = line2[7]!;
  const expiryDate = line2.slice(8, 14);
  if (!DATE6.test(birthDate) || !checks(birthDate, line2[6])) return null;
  if (!SEX.test(sex)) return null;
  if (!DATE6.test(expiryDate) || !checks(expiryDate, line2[14])) return null;
  const nationality = line2.slice(15, 18);
  if (!STATE.test(nationality)) return null;
  const composite = line1.slice(5, 30) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29);
  if (!checks(composite, line2[29])) return null;
  const issuingState = line1.slice(2, 5);
  if (!STATE.test(issuingState)) return null;
  return {
    format: 'TD1',
    documentCode: line1.slice(0, 2).replace(/<+$/, ''),
    issuingState,
    documentNumber: doc.number,
    documentNumberSpan: doc.span,
    documentNumberLine: 0,
    nationality,
    birthDate,
    sex,
    expiryDate,
    optionalData: line1.slice(15, 30) + line2.slice(18, 29),
  };
}

/** Nationality, birth date, sex and expiry date as laid out on TD2/TD3 line 2 from `at`. */
function readPersonalFields(line: string, at: number): Pick<MrzFields, 'nationality' | 'birthDate' | 'sex' | 'expiryDate'> | null {
  const nationality = line.slice(at, at + 3);
  const birthDate = line.slice(at + 3, at + 9);
  const sex = line[at + 10]!;
  const expiryDate = line.slice(at + 11, at + 17);
  if (!STATE.test(nationality)) return null;
  if (!DATE6.test(birthDate) || !checks(birthDate, line[at + 9])) return null;
  if (!SEX.test(sex)) return null;
  if (!DATE6.test(expiryDate) || !checks(expiryDate, line[at + 17])) return null;
  return { nationality, birthDate, sex, expiryDate };
}
