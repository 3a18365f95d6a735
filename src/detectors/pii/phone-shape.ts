/**
 * The cheap half of phone detection: reading how a candidate is written (digit groups and the
 * separators between them) and rejecting what is obviously something else (dates, amounts,
 * IP addresses, versions, SSNs and other ID formats) before libphonenumber is asked.
 */
import { isRealCalendarDate } from '../validators/date.js';

/** Digit groups and separators of a phone-number candidate. */
export interface PhoneShape {
  /** All digits, without the leading '+' and without a "(0)" trunk-prefix group. */
  readonly digits: string;
  /** The digit groups, in order. */
  readonly groups: readonly string[];
  /** `separators[i]` is written between `groups[i]` and `groups[i + 1]`. */
  readonly separators: readonly string[];
  /** Written with a leading '+'. */
  readonly international: boolean;
}

/** One separator character, or a parenthesis next to one space or dash. */
const ALLOWED_SEPARATORS: ReadonlySet<string> = new Set([
  ' ', '\u00a0', '-', '.', '(', ')', ') ', ' (', ')-', '-(', ')\u00a0', '\u00a0(', ' - ',
]);

/**
 * Reads `text[start, end)`, which the candidate pattern guarantees starts with '+', '(' or a
 * digit, ends with a digit, and holds only digits, spaces, NBSP, '.', '-', '(' and ')'.
 * Returns undefined when the separators are not ones a phone number is written with: runs of
 * several separators, nested or unbalanced parentheses, both '-' and '.'.
 *
 * @example
 * ```ts
 * readPhoneShape('+44 (0) 20 7946 0958', 0, 20);
 * // { digits: '442079460958', groups: ['44', '20', '7946', '0958'], separators: [' (0) ', ' ', ' '], international: true }
 * ```
 */
export function readPhoneShape(text: string, start: number, end: number): PhoneShape | undefined {
  let i = start;
  const international = text.charCodeAt(i) === 43; // '+'
  if (international) i++;

  const groups: string[] = [];
  const separators: string[] = [];
  let groupStart = -1;
  let sepStart = i;
  let open = false;
  let parens = 0;
  let sawDash = false;
  let sawDot = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (groupStart < 0) {
        if (groups.length > 0) {
          const sep = text.slice(sepStart, i);
          if (!ALLOWED_SEPARATORS.has(sep)) return undefined;
          separators.push(sep);
        }
        groupStart = i;
      }
      continue;
    }
    if (groupStart >= 0) {
      groups.push(text.slice(groupStart, i));
      groupStart = -1;
      sepStart = i;
    }
    if (i - sepStart >= 3) return undefined; // no separator is longer than three characters
    if (c === 40) {
      if (open || parens > 0) return undefined; // one pair at most
      open = true;
      parens++;
    } else if (c === 41) {
      if (!open || i !== sepStart) return undefined; // ')' must follow digits
      open = false;
    } else if (c === 45) sawDash = true;
    else if (c === 46) sawDot = true;
  }
  if (groupStart >= 0) groups.push(text.slice(groupStart, end));
  if (open || (sawDash && sawDot)) return undefined;

  // "+44 (0) 20 …": the parenthesised 0 is the trunk prefix, not dialled from abroad.
  if (international && groups.length > 2 && groups[1] === '0' && separators[0]!.endsWith('(') && separators[1]!.startsWith(')')) {
    groups.splice(1, 1);
    separators.splice(0, 2, `${separators[0]}0${separators[1]}`);
  }
  return { digits: groups.join(''), groups, separators, international };
}

/**
 * Number of ASCII digits in `text[start, end)`: the first, cheapest filter (a phone number has
 * 7 to 15, or 6 to 15 after a '+').
 */
export function countPhoneDigits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Is the shape written with separators or parentheses, rather than as a bare digit run? */
export function isFormattedPhoneShape(shape: PhoneShape): boolean {
  return shape.groups.length > 1 || shape.separators.length > 0;
}

/**
 * Is this shape something other than a phone number, whatever libphonenumber says: digits all
 * the same, a list or version (several one-digit groups), or, when written without '+', a
 * date, an amount with thousands separators, an IPv4 address, the US SSN layout (3-2-4) or an
 * Aadhaar-style 4-4-4 ID?
 *
 * @example
 * ```ts
 * looksLikeNonPhone(readPhoneShape('2024-01-15', 0, 10)!); // true
 * looksLikeNonPhone(readPhoneShape('415-555-0132', 0, 12)!); // false
 * ```
 */
export function looksLikeNonPhone(shape: PhoneShape): boolean {
  const { digits, groups, separators, international } = shape;
  if (allSameDigit(digits)) return true;

  // Several one-digit groups are how lists, versions and ISBNs are written. The first group
  // is exempt: a country code ("+7 …") or trunk prefix ("1-800-…", "8 (727) …").
  let singles = 0;
  for (let k = 1; k < groups.length; k++) if (groups[k]!.length === 1) singles++;
  if (singles > 1) return true;

  if (international) return false; // a '+' is deliberate; the rest are national look-alikes

  const n = groups.length;
  if (n >= 3) {
    const a = groups[0]!;
    const b = groups[1]!;
    const c = groups[2]!;
    const s0 = separators[0]!;
    if (s0 === separators[1] && (s0 === '-' || s0 === '.')) {
      // 2024-01-15, 15.01.2024, 01-15-2024, possibly followed by a time
      if (a.length === 4 && b.length <= 2 && c.length <= 2 && isRealCalendarDate(+a, +b, +c)) return true;
      if (a.length <= 2 && b.length <= 2 && c.length === 4 && (isRealCalendarDate(+c, +b, +a) || isRealCalendarDate(+c, +a, +b))) return true;
    }
    if (n === 3) {
      // 123-45-6789 is the US SSN layout.
      if (a.length === 3 && b.length === 2 && c.length === 4 && s0 === '-' && separators[1] === '-') return true;
      // 2345 6789 0123: Aadhaar and other 4-4-4 IDs (national numbers in that layout start with 0).
      if (a.length === 4 && b.length === 4 && c.length === 4 && a.charCodeAt(0) !== 48) return true;
    }
    if (separators.every(isDot)) {
      // 1.234.567 (thousands separators) and 192.168.10.200 (IPv4)
      if (a.length <= 3 && groups.every(isThousandsGroupAfterFirst)) return true;
      if (n === 4 && groups.every(isIpv4Octet)) return true;
    }
  }
  return false;
}

const isDot = (s: string): boolean => s === '.';
const isThousandsGroupAfterFirst = (g: string, k: number): boolean => k === 0 || g.length === 3;
const isIpv4Octet = (g: string): boolean => g.length <= 3 && +g <= 255;

function allSameDigit(digits: string): boolean {
  const first = digits.charCodeAt(0);
  for (let i = 1; i < digits.length; i++) if (digits.charCodeAt(i) !== first) return false;
  return true;
}
