import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isValidVerhoeff } from '../validators/verhoeff.js';
import { continuesGroupLeft, continuesGroupRight, DIGIT_TOKENS, stripSeparators } from './digit-groups.js';

/**
 * India's Aadhaar number: 12 digits, the first 2–9, written compact or 4-4-4 with one kind
 * of separator (space, dash or colon), ending in a Verhoeff check digit.
 *
 * One random 12-digit number in ten passes Verhoeff, so without a label nearby a match
 * stays at 0.35, below the default threshold; "Aadhaar", "UID" or "UIDAI" lift it to 0.95.
 */
const UNLABELLED_CONFIDENCE = 0.35;

const AADHAAR_CONTEXT: ContextWords = {
  positive: /aadhaa?r|adhaa?r|\buid(?:ai)?\b|आधार/,
  // No trailing \b: plurals count, and alternatives may end in '#'.
  negative: /\b(?:order (?:no\b|number|id\b|#)|invoice|tracking|serial|version|imei|sku|ticket|ref(?:erence)? (?:no\b|number|#)|transaction id|txn\b|awb\b|credit|debit)/,
};

/** UIDAI does not issue numbers that read the same both ways (one repeated digit included). */
function isPalindrome(digits: string): boolean {
  for (let i = 0, j = digits.length - 1; i < j; i++, j--) if (digits.charCodeAt(i) !== digits.charCodeAt(j)) return false;
  return true;
}

function find(ctx: ScanContext, out: Candidate[]): void {
  const text = ctx.text;
  for (const { start, end, sep, raw, groups, length } of ctx.shared(DIGIT_TOKENS)) {
    if (length !== 12 || raw.charCodeAt(0) < 50 /* '2' */) continue;
    if (sep !== -1) {
      if (groups !== 3) continue; // 4-4-4 only
      // 4-4-4 inside a longer grouped number (a 16-digit card, an IBAN) is not an Aadhaar.
      if (continuesGroupLeft(text, start, sep) || continuesGroupRight(text, end, sep)) continue;
    }
    const digits = stripSeparators(raw, sep);
    if (isPalindrome(digits) || !isValidVerhoeff(digits)) continue;
    const confidence = scoreConfidence(UNLABELLED_CONFIDENCE, readContext(text, start, end, AADHAAR_CONTEXT));
    out.push({ type: 'aadhaar', start, end, confidence });
  }
}

export const aadhaarDetector: Detector = {
  name: 'aadhaar',
  types: ['aadhaar'],
  find,
};
