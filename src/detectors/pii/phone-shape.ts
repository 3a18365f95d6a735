/**
 * The cheap half of phone detection: reading how a candidate is written (digit groups and the
 * separators between them) and rejecting what is obviously something else (dates, amounts,
 * IP addresses, versions, SSNs and other ID formats) before libphonenumber is asked.
 *
 * A shape holds offsets into the text, not copies: in chat prose nine candidates in ten are
 * dates, IP addresses, amounts or ID numbers, and reading them into strings (groups,
 * separators, the digits) cost four times as much as reading offsets (about 1.2 against
 * 0.3 ms per MB). Strings are made only for what survives, when libphonenumber needs them.
 */
import { isRealCalendarDate } from '../validators/date.js';
import { isAsciiDigit as isDigit } from '../char-codes.js';

const SPACE = 32;
const NBSP = 0xa0;
const DASH = 45;
const DOT = 46;
const OPEN = 40;
const CLOSE = 41;
const PLUS = 43;
const ZERO = 48;


/** Digit groups and separators of a phone-number candidate, as offsets into the text. */
export class PhoneShape {
  /** Written with a leading '+'. */
  readonly international: boolean;
  private readonly text: string;
  /** Group k is `text.slice(starts[k], ends[k])`; a "(0)" trunk-prefix group is left out. */
  private readonly starts: readonly number[];
  private readonly ends: readonly number[];
  private digitsCache: string | undefined;

  constructor(text: string, international: boolean, starts: readonly number[], ends: readonly number[]) {
    this.text = text;
    this.international = international;
    this.starts = starts;
    this.ends = ends;
  }

  /** Number of digit groups. */
  get groupCount(): number {
    return this.starts.length;
  }

  /** Number of digits in group `k`. */
  groupLength(k: number): number {
    return this.ends[k]! - this.starts[k]!;
  }

  /** Group `k` read as a number. */
  groupValue(k: number): number {
    let value = 0;
    for (let i = this.starts[k]!; i < this.ends[k]!; i++) value = value * 10 + this.text.charCodeAt(i) - ZERO;
    return value;
  }

  /** First digit of group `k`, as a char code. */
  firstDigit(k: number): number {
    return this.text.charCodeAt(this.starts[k]!);
  }

  /** Is the separator after group `k` exactly the one character `code`? */
  isSeparator(k: number, code: number): boolean {
    return this.starts[k + 1]! - this.ends[k]! === 1 && this.text.charCodeAt(this.ends[k]!) === code;
  }

  /** The separator written between group `k` and group `k + 1`. */
  separator(k: number): string {
    return this.text.slice(this.ends[k]!, this.starts[k + 1]!);
  }

  /** All digits, without the leading '+' and without a "(0)" trunk-prefix group. */
  get digits(): string {
    if (this.digitsCache === undefined) {
      let digits = '';
      for (let k = 0; k < this.starts.length; k++) digits += this.text.slice(this.starts[k]!, this.ends[k]!);
      this.digitsCache = digits;
    }
    return this.digitsCache;
  }

  /** Are all the digits the same one? */
  isOneRepeatedDigit(): boolean {
    const first = this.firstDigit(0);
    for (let k = 0; k < this.starts.length; k++) {
      for (let i = this.starts[k]!; i < this.ends[k]!; i++) if (this.text.charCodeAt(i) !== first) return false;
    }
    return true;
  }
}

/**
 * Is `text[from, to)` a separator phone numbers are written with: one separator character, or
 * a parenthesis next to one space, NBSP or dash (`) `, ` (`, `)-`), or ` - `? The candidate
 * pattern guarantees that it holds only spaces, NBSP, '.', '-', '(' and ')' ('+' only ahead
 * of the first group).
 */
function isAllowedSeparator(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length === 1) return true;
  const a = text.charCodeAt(from);
  const b = text.charCodeAt(from + 1);
  if (length === 2) return (a === CLOSE && (b === SPACE || b === NBSP || b === DASH)) || (b === OPEN && (a === SPACE || a === NBSP || a === DASH));
  return a === SPACE && b === DASH && text.charCodeAt(from + 2) === SPACE;
}

/**
 * Reads `text[start, end)`, which the candidate pattern guarantees starts with '+', '(' or a
 * digit, ends with a digit, and holds only digits, spaces, NBSP, '.', '-', '(' and ')'.
 * Returns undefined when the separators are not ones a phone number is written with: runs of
 * several separators, nested or unbalanced parentheses, both '-' and '.'.
 *
 * @example
 * ```ts
 * const shape = readPhoneShape('+44 (0) 20 7946 0958', 0, 20)!;
 * shape.digits; // '442079460958'
 * shape.separator(0); // ' (0) '
 * ```
 */
export function readPhoneShape(text: string, start: number, end: number): PhoneShape | undefined {
  let i = start;
  const international = text.charCodeAt(i) === PLUS;
  if (international) i++;

  const starts: number[] = [];
  const ends: number[] = [];
  let groupStart = -1;
  let sepStart = i;
  let open = false;
  let parens = 0;
  let sawDash = false;
  let sawDot = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      if (groupStart < 0) {
        if (starts.length > 0 && !isAllowedSeparator(text, sepStart, i)) return undefined;
        groupStart = i;
      }
      continue;
    }
    if (groupStart >= 0) {
      starts.push(groupStart);
      ends.push(i);
      groupStart = -1;
      sepStart = i;
    }
    if (i - sepStart >= 3) return undefined; // no separator is longer than three characters
    if (c === OPEN) {
      if (open || parens > 0) return undefined; // one pair at most
      open = true;
      parens++;
    } else if (c === CLOSE) {
      if (!open || i !== sepStart) return undefined; // ')' must follow digits
      open = false;
    } else if (c === DASH) sawDash = true;
    else if (c === DOT) sawDot = true;
  }
  if (groupStart >= 0) {
    starts.push(groupStart);
    ends.push(end);
  }
  if (open || (sawDash && sawDot)) return undefined;

  // "+44 (0) 20 …": the parenthesised 0 is the trunk prefix, not dialled from abroad. Dropping
  // it leaves " (0) " as the separator between the first two groups.
  if (international && starts.length > 2 && ends[1]! - starts[1]! === 1 && text.charCodeAt(starts[1]!) === ZERO
    && text.charCodeAt(starts[1]! - 1) === OPEN && text.charCodeAt(ends[1]!) === CLOSE) {
    starts.splice(1, 1);
    ends.splice(1, 1);
  }
  return new PhoneShape(text, international, starts, ends);
}

/**
 * Number of ASCII digits in `text[start, end)`: the first, cheapest filter (a phone number has
 * 7 to 15, or 6 to 15 after a '+').
 */
export function countPhoneDigits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (isDigit(text.charCodeAt(i))) n++;
  return n;
}

/** Is the shape written with separators or parentheses, rather than as a bare digit run? */
export function isFormattedPhoneShape(shape: PhoneShape): boolean {
  return shape.groupCount > 1;
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
  if (shape.isOneRepeatedDigit()) return true;
  const n = shape.groupCount;

  // Several one-digit groups are how lists, versions and ISBNs are written. The first group
  // is exempt: a country code ("+7 …") or trunk prefix ("1-800-…", "8 (727) …").
  let singles = 0;
  for (let k = 1; k < n; k++) if (shape.groupLength(k) === 1) singles++;
  if (singles > 1) return true;

  if (shape.international) return false; // a '+' is deliberate; the rest are national look-alikes

  if (n >= 3) {
    const a = shape.groupLength(0);
    const b = shape.groupLength(1);
    const c = shape.groupLength(2);
    const dashed = shape.isSeparator(0, DASH) && shape.isSeparator(1, DASH);
    if (dashed || (shape.isSeparator(0, DOT) && shape.isSeparator(1, DOT))) {
      // 2024-01-15, 15.01.2024, 01-15-2024, possibly followed by a time
      const x = shape.groupValue(0);
      const y = shape.groupValue(1);
      const z = shape.groupValue(2);
      if (a === 4 && b <= 2 && c <= 2 && isRealCalendarDate(x, y, z)) return true;
      if (a <= 2 && b <= 2 && c === 4 && (isRealCalendarDate(z, y, x) || isRealCalendarDate(z, x, y))) return true;
    }
    if (n === 3) {
      // 123-45-6789 is the US SSN layout.
      if (a === 3 && b === 2 && c === 4 && dashed) return true;
      // 2345 6789 0123: Aadhaar and other 4-4-4 IDs (national numbers in that layout start with 0).
      if (a === 4 && b === 4 && c === 4 && shape.firstDigit(0) !== ZERO) return true;
    }
    let dotted = true;
    for (let k = 0; k < n - 1 && dotted; k++) dotted = shape.isSeparator(k, DOT);
    if (dotted) {
      // 1.234.567 (thousands separators) and 192.168.10.200 (IPv4)
      let thousands = a <= 3;
      for (let k = 1; k < n && thousands; k++) thousands = shape.groupLength(k) === 3;
      if (thousands) return true;
      let ipv4 = n === 4;
      for (let k = 0; k < n && ipv4; k++) ipv4 = shape.groupLength(k) <= 3 && shape.groupValue(k) <= 255;
      if (ipv4) return true;
    }
  }
  return false;
}
