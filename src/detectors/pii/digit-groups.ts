import { DIGIT_CLUSTERS } from '../scan/digit-clusters.js';
import type { ScanPass } from '../types.js';
import { isAsciiDigit as isDigit, isUpperAlnum, isAsciiLower as isLower } from '../char-codes.js';

/**
 * One scan for the long digit tokens that card numbers and Aadhaar numbers are made of:
 * 12 to 19 digits, compact or in groups joined by one kind of separator (space, dash or
 * colon): 4-4-4-4, 4-4-4-4-3, 4-4-4(-1..4), 4-6-5 or 4-6-4. Both detectors read the same
 * tokens, so a `detect()` call that runs both pays for one regex pass instead of two, and that
 * pass runs over the digit clusters (see DIGIT_CLUSTERS), not the whole text.
 *
 * The pattern starts on a digit that does not continue a number or a word (`+`, and `.`,
 * `,`, `:` or `-` joined to a digit count as continuing) and its length is bounded, so the
 * scan is linear.
 */
const DIGIT_TOKEN_PATTERN =
  /(?<![0-9A-Za-z_+]|[0-9][.,:-])[1-9][0-9]{3}(?:[0-9]{8,15}|([ :-])(?:[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,4}(?:\1[0-9]{3})?)?|[0-9]{6}\1[0-9]{4,5}))(?![0-9A-Za-z_]|[.,:-][0-9])/g;

/** A run of digit groups as written in the text. */
export interface DigitToken {
  readonly start: number;
  readonly end: number;
  /** The text of the token, separators included. */
  readonly raw: string;
  /** The separator's char code, or -1 for a compact token. */
  readonly sep: number;
  /** Number of groups (1 when compact). */
  readonly groups: number;
  /** Number of digits, separators excluded. */
  readonly length: number;
}

/** The digit tokens of the scanned text, found once per scan and shared. */
export const DIGIT_TOKENS: ScanPass<readonly DigitToken[]> = {
  name: 'digit-tokens',
  run(ctx) {
    const view = ctx.shared(DIGIT_CLUSTERS).view(12);
    const tokens: DigitToken[] = [];
    DIGIT_TOKEN_PATTERN.lastIndex = 0;
    for (let m = DIGIT_TOKEN_PATTERN.exec(view.text); m !== null; m = DIGIT_TOKEN_PATTERN.exec(view.text)) {
      const raw = m[0];
      const sep = m[1] === undefined ? -1 : m[1].charCodeAt(0);
      let groups = 1;
      if (sep !== -1) for (let i = 4; i < raw.length; i++) if (raw.charCodeAt(i) === sep) groups++;
      const start = view.textOffset(m.index);
      tokens.push({ start, end: start + raw.length, raw, sep, groups, length: raw.length - groups + 1 });
    }
    return tokens;
  },
};

/** The digits of `raw` with its separators dropped. */
export function stripSeparators(raw: string, sep: number): string {
  return sep === -1 ? raw : raw.replaceAll(String.fromCharCode(sep), '');
}


/** Longest group looked at before a token; printed groups are at most six characters. */
const MAX_GROUP = 8;

/**
 * Does the grouped token at `start` continue a token to its left, so that it is only the
 * tail of a longer identifier (an IBAN's digits, a 20-digit reference)? True when `sep` and
 * a short group of digits and upper-case letters, with at least one digit ("DE89", "0044"),
 * come just before it, unless that group ends a differently separated token
 * ("4012-8888-8888-1881 4012 …" is two numbers).
 */
export function continuesGroupLeft(text: string, start: number, sep: number): boolean {
  if (start < 2 || text.charCodeAt(start - 1) !== sep) return false;
  let j = start - 2;
  let digit = false;
  while (j >= 0 && start - 2 - j < MAX_GROUP) {
    const c = text.charCodeAt(j);
    if (isDigit(c)) digit = true;
    else if (!isUpperAlnum(c)) break;
    j--;
  }
  if (j === start - 2 || !digit) return false;
  if (j < 0) return true;
  const before = text.charCodeAt(j);
  if (isLower(before) || isUpperAlnum(before)) return false; // longer than a printed group
  return before === sep || before === 32 || before === 9 || before === 10 || before === 13;
}

/** Is `sep` then a digit at `at`: does the grouped number go on past its end? */
export function continuesGroupRight(text: string, at: number, sep: number): boolean {
  return text.charCodeAt(at) === sep && isDigit(text.charCodeAt(at + 1));
}

/** Is `sep` then a group of exactly four digits at `at`? */
export function continuesWithFourDigits(text: string, at: number, sep: number): boolean {
  if (text.charCodeAt(at) !== sep) return false;
  for (let k = 1; k <= 4; k++) if (!isDigit(text.charCodeAt(at + k))) return false;
  return !isDigit(text.charCodeAt(at + 5));
}
