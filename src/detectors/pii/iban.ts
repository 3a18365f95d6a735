import { isWordChar, readContext, scoreConfidence, type ContextWords } from '../context.js';
import { CAPITAL_CODES } from '../scan/capital-codes.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { IBAN_COUNTRY_FORMATS, type IbanCountryFormat } from '../validators/iban-countries.js';
import { ibanChecksum } from '../validators/mod97.js';
import { passesNationalIbanCheck } from '../validators/iban-national.js';
import { isAsciiDigit as isDigit, isUpperAlnum } from '../char-codes.js';

/**
 * IBANs (ISO 13616): an upper-case country code that uses IBANs, two check digits, then
 * exactly that country's number of BBAN characters in its registered structure, with a
 * MOD 97-10 remainder of 1 (and Belgium's and Spain's national check digits).
 *
 * The printed form is groups of four separated by single spaces, but people also write the
 * domestic grouping ("NO93 8601.11.17947", "BE68 539-0075470-34"), so single spaces, dots
 * or dashes are accepted anywhere between characters. The country length bounds how far a
 * match reads, which keeps the scan linear. The starts (country code and check digits, perhaps
 * with a space between) are found by CAPITAL_CODES, shared with PAN and UEN.
 */

const CANONICAL_CONFIDENCE = 0.9;
const OTHER_GROUPING_CONFIDENCE = 0.8;
/** Formats outside the SWIFT registry score lower: the structure check is all digits. */
const NATIONAL_FORMAT_PENALTY = 0.1;

const IBAN_CONTEXT: ContextWords = {
  positive: /\b(?:iban|account|acct|a\/c|bank|banking|transfer|wire|sepa|swift|bic|beneficiary|payee|remit|konto|kontonummer|compte|cuenta|conto|rekening)\b/,
  negative: /\b(?:tracking|serial|version|sku|imei|part (?:no|number))\b/,
};

// Formats indexed by the two letters (A..Z each), so that most matches ("PM 12", "AT 10")
// are dismissed without allocating the country string.
const FORMAT_BY_LETTERS: (IbanCountryFormat | undefined)[] = new Array(26 * 26);
for (const format of IBAN_COUNTRY_FORMATS.values()) {
  FORMAT_BY_LETTERS[(format.country.charCodeAt(0) - 65) * 26 + format.country.charCodeAt(1) - 65] = format;
}

const isSeparator = (code: number): boolean => code === 32 || code === 45 || code === 46; // space - .

/** Does character `code` fit BBAN class `kind` ('n' digit, 'a' upper-case letter, 'c' either)? */
function fitsClass(kind: number, code: number): boolean {
  if (kind === 110 /* n */) return isDigit(code);
  if (kind === 97 /* a */) return code >= 65 && code <= 90;
  return true; // callers pass only digits and upper-case letters
}

function find(ctx: ScanContext, out: Candidate[]): void {
  const text = ctx.text;
  let floor = 0; // end of the last IBAN found: the next one starts after it
  for (const start of ctx.shared(CAPITAL_CODES).ibanStarts) {
    if (start < floor) continue;
    const format = FORMAT_BY_LETTERS[(text.charCodeAt(start) - 65) * 26 + text.charCodeAt(start + 1) - 65];
    if (!format) continue;
    const country = format.country;

    // Read exactly the BBAN's length in characters, allowing one separator between two.
    // Each character is checked against the registered structure as it is read, so text
    // that only starts like an IBAN is dropped after a character or two.
    const structure = format.bban;
    const need = structure.length;
    let bban = '';
    const spaced = text.charCodeAt(start + 2) === 32; // "DE89 …" rather than "DE89…"
    const checkDigits = text.slice(start + (spaced ? 3 : 2), start + (spaced ? 5 : 4));
    let i = start + (spaced ? 5 : 4);
    // Canonical: compact, or single spaces after every fourth character.
    let canonical = !spaced;
    let separators = 0;
    while (bban.length < need && i < text.length) {
      const c = text.charCodeAt(i);
      if (isUpperAlnum(c)) {
        if (!fitsClass(structure.charCodeAt(bban.length), c)) break;
        bban += text[i];
        i++;
      } else if (isSeparator(c) && isUpperAlnum(text.charCodeAt(i + 1))) {
        separators++;
        if (c !== 32 || (bban.length + 4) % 4 !== 0) canonical = false;
        i++;
      } else {
        break;
      }
    }
    if (bban.length < need) continue;
    const end = i;
    // It must end where the token ends, and not carry on as a further group of digits.
    if (end < text.length && isWordChar(text.charCodeAt(end))) continue;
    if (text.charCodeAt(end) === 64) continue; // '@': the local part of an e-mail address
    if (isSeparator(text.charCodeAt(end)) && isDigit(text.charCodeAt(end + 1))) continue;
    if (separators !== 0 && separators !== Math.ceil(format.length / 4) - 1) canonical = false;

    if (ibanChecksum(country + checkDigits + bban) !== 1) continue;
    if (!passesNationalIbanCheck(country, bban)) continue;

    let base = canonical ? CANONICAL_CONFIDENCE : OTHER_GROUPING_CONFIDENCE;
    if (!format.inRegistry) base -= NATIONAL_FORMAT_PENALTY;
    const confidence = scoreConfidence(base, readContext(text, start, end, IBAN_CONTEXT));
    out.push({ type: 'iban', start, end, confidence });
    floor = end;
  }
}

export const ibanDetector: Detector = {
  name: 'iban',
  types: ['iban'],
  find,
};
