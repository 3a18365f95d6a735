import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import { DIGIT_CLUSTERS } from '../scan/digit-clusters.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isFormattedPhoneShape, looksLikeNonPhone, PhoneShape } from './phone-shape.js';
import { validatePhoneShape } from './phone-validation.js';
import { isAsciiDigit as isDigit } from '../char-codes.js';

/**
 * Candidate phone numbers: an optional '+' or '(' (or "(+"), a digit, then digits and single
 * separators (space, NBSP, '.', '-', parentheses), ending with a digit; 6 to 24 characters in
 * all. One character class under one bounded quantifier, so matching is linear; the
 * look-behinds keep a match from starting inside a longer token (a word, a decimal, a price, a
 * "#123" reference, a path, the minutes of a time, a call such as `id(4155550132)`). A match
 * may start right after a '(' that opens a bracket in prose: "(+44 7400 123456)",
 * "((201) 555-0123)". Both look-behinds reach at most two characters back, within the
 * margin the digit-cluster view keeps.
 */
const PHONE_CANDIDATE = /(?<![\w+.,\-/\\$€£¥₹#@%&=]|\d:)(?<![\w+.,\-/\\$€£¥₹#@%&=)\]]\()(?:\+|\(\+?)?\d[\d ().\-\u00a0]{4,22}\d/g;

/** A '+' and a number valid in its country: the country code makes this strong evidence. */
const INTERNATIONAL_CONFIDENCE = 0.85;
/** A national number written the way phone numbers are (groups, parentheses). */
const NATIONAL_FORMATTED_CONFIDENCE = 0.7;
/** A bare national digit run: just as often an ID or a reference. */
const NATIONAL_BARE_CONFIDENCE = 0.6;

const CONTEXT: ContextWords = {
  positive: /phone|\breach\b|\btel\b|\btelp?\.|\bmobile|\bmob\b|\bcell|\bcall|whatsapp|\bcontact|\bsms\b|\btext me|\bfax\b|\bdial|\bring me|\bhp\b|\bnomor\b|📞|☎/,
  negative: /\border|\binvoice|\bticket|\bversion|\bserial|\baccount|\bacct\b|\bid\b|\bref\b|\breference|\btracking|\bsku\b|\bisbn|\btransaction|\bpo\b/,
  before: 32, // labels sit right before the number; a wider window picks up the previous sentence
  after: 16,
};

/**
 * Phone numbers, validated with libphonenumber's full metadata: international `+CC …` numbers
 * of any country, and national numbers of the scan's region (`region`, default US). Dates,
 * versions, amounts, IP addresses and ID layouts (SSN, Aadhaar, cards) are rejected from their
 * shape before libphonenumber is consulted.
 */
export const phoneDetector: Detector = {
  name: 'phone',
  types: ['phone'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text, region } = ctx;
    // A phone number has at least six digits, so it lies in a digit cluster: the pattern runs
    // over those, and everything else is checked on the text.
    const view = ctx.shared(DIGIT_CLUSTERS).view(6);
    PHONE_CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PHONE_CANDIDATE.exec(view.text)) !== null) {
      const start = view.textOffset(m.index);
      const end = start + m[0].length;
      let base = continuesToken(text, end) ? -1 : scoreCandidate(text, start, end, region);
      let stop = end;
      // "555-123-4567 555-987-6543": the pattern ran on into the next number of a list. Such a
      // list has a space in it, which most rejected candidates (dates, IP addresses) do not.
      if (base < 0 && m[0].includes(' ')) {
        stop = listItemEnd(text, start, end, region);
        if (stop > 0) {
          base = scoreCandidate(text, start, stop, region);
          PHONE_CANDIDATE.lastIndex = m.index + (stop - start);
        }
      }
      if (base < 0) {
        // "(+44 7400 123456)", "(201-555-0123)": the '(' opens a bracket around the number, not
        // an area code, so the candidate is unbalanced. Search again from just after it.
        if (text.charCodeAt(start) === OPEN_PAREN) PHONE_CANDIDATE.lastIndex = m.index + 1;
        continue;
      }
      out.push({ type: 'phone', start, end: stop, confidence: scoreConfidence(base, readContext(text, start, stop, CONTEXT)) });
    }
  },
};

/**
 * The shape every candidate is read into: reading reuses its arrays, so the nine candidates in
 * ten that are rejected (dates, IP addresses, amounts, ID numbers) allocate nothing.
 */
const shape = new PhoneShape();

/** Base confidence of `text[start, end)` as a phone number, or -1 when it is not one. */
function scoreCandidate(text: string, start: number, end: number, region: string): number {
  if (end - start < 7) return -1; // fewer than 7 digits, or '+' and fewer than 6
  if (!shape.read(text, start, end)) return -1;
  const digits = shape.digitCount;
  if (digits > 15 || digits < (shape.international ? 6 : 7)) return -1;
  if (looksLikeNonPhone(shape)) return -1;
  const form = validatePhoneShape(shape, region);
  if (!form) return -1;
  if (form === 'international') return INTERNATIONAL_CONFIDENCE;
  return isFormattedPhoneShape(shape) ? NATIONAL_FORMATTED_CONFIDENCE : NATIONAL_BARE_CONFIDENCE;
}

/**
 * When a candidate is several formatted numbers separated by spaces, the end of the first
 * one that validates: the candidate is cut at a space (or " (") that follows a group written
 * with '-', '.' or parentheses. Tries at most two cuts, longest first; returns -1 if none.
 * Most candidates that get here are dates or bare digit runs with no such cut, so the cuts
 * are looked for from the end, without collecting them.
 */
function listItemEnd(text: string, start: number, end: number, region: string): number {
  let formatted = start; // the cuts lie after the first '-', '.' or ')'
  while (formatted < end && !isFormatting(text.charCodeAt(formatted))) formatted++;
  let tries = 0;
  for (let i = end - 1; i > formatted && tries < 2; i--) {
    if (text.charCodeAt(i) !== 32 || !isDigitOrParen(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i - 1))) continue;
    tries++;
    if (scoreCandidate(text, start, i, region) >= 0) return i;
  }
  return -1;
}

const OPEN_PAREN = 40;

const isFormatting = (c: number): boolean => c === 45 || c === 46 || c === 41;
const isDigitOrParen = (c: number): boolean => isDigit(c) || c === OPEN_PAREN;

/**
 * Does the token go on after `end`: a letter, digit or '_', a '%', or a separator followed by
 * a digit (the pattern stopped at its length limit, or at a ',', '/' or ':' it does not take:
 * 1,234,567 or 10:30)?
 */
function continuesToken(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const c = text.charCodeAt(end);
  if (isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 37) return true;
  if (c === 46 || c === 44 || c === 45 || c === 47 || c === 58 || c === 32 || c === 0xa0) return isDigit(text.charCodeAt(end + 1));
  return false;
}
