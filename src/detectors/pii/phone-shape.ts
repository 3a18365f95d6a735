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

const SPACE = 32;
const NBSP = 0xa0;
const DASH = 45;
const DOT = 46;
const OPEN = 40;
const CLOSE = 41;
const PLUS = 43;
const ZERO = 48;


/**
 * Most groups a shape holds. Candidates are at most 26 characters, so at most 13 groups; a
 * longer span with more groups is no phone number.
 */
const MAX_GROUPS = 16;

/**
 * Digit groups and separators of a phone-number candidate, as offsets into the text. A shape
 * can be read again and again ({@link PhoneShape.read}): the detector keeps one and reads
 * every candidate into it, so that rejecting a candidate allocates nothing.
 */
export class PhoneShape {
  /** Written with a leading '+'. */
  international = false;
  /** Number of digit groups. */
  groupCount = 0;
  /** Number of digits in the span read, a "(0)" trunk prefix included. */
  digitCount = 0;
  private oneRepeatedDigit = false;
  private text = '';
  /** Group k is `text.slice(starts[k], ends[k])`; a "(0)" trunk-prefix group is left out. */
  private readonly starts = new Int32Array(MAX_GROUPS);
  private readonly ends = new Int32Array(MAX_GROUPS);
  private digitsCache: string | undefined;

  /**
   * Reads `text[start, end)`, which the candidate pattern guarantees starts with '+', '(' or
   * a digit, ends with a digit, and holds only digits, spaces, NBSP, '.', '-', '(' and ')'
   * ('+' only ahead of the first group). Returns false when the separators are not ones a
   * phone number is written with: runs of several separators, nested or unbalanced
   * parentheses, both '-' and '.'.
   */
  read(text: string, start: number, end: number): boolean {
    const { starts, ends } = this;
    this.text = text;
    this.digitsCache = undefined;
    let i = start;
    const international = text.charCodeAt(i) === PLUS;
    this.international = international;
    if (international) i++;

    let groups = 0;
    let digits = 0;
    let first = -1; // the first digit, and whether every digit so far is that one
    let repeated = true;
    let groupStart = -1;
    let sepStart = i;
    let open = false;
    let parens = 0;
    let sawDash = false;
    let sawDot = false;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        digits++;
        if (first < 0) first = c;
        else if (c !== first) repeated = false;
        if (groupStart < 0) {
          if (groups > 0 && !isAllowedSeparator(text, sepStart, i)) return false;
          groupStart = i;
        }
        continue;
      }
      if (groupStart >= 0) {
        if (groups === MAX_GROUPS) return false;
        starts[groups] = groupStart;
        ends[groups++] = i;
        groupStart = -1;
        sepStart = i;
      }
      if (i - sepStart >= 3) return false; // no separator is longer than three characters
      if (c === OPEN) {
        if (open || parens > 0) return false; // one pair at most
        open = true;
        parens++;
      } else if (c === CLOSE) {
        if (!open || i !== sepStart) return false; // ')' must follow digits
        open = false;
      } else if (c === DASH) sawDash = true;
      else if (c === DOT) sawDot = true;
    }
    if (groupStart >= 0) {
      if (groups === MAX_GROUPS) return false;
      starts[groups] = groupStart;
      ends[groups++] = end;
    }
    if (open || (sawDash && sawDot)) return false;

    // "+44 (0) 20 …": the parenthesised 0 is the trunk prefix, not dialled from abroad. Dropping
    // it leaves " (0) " as the separator between the first two groups.
    if (international && groups > 2 && ends[1]! - starts[1]! === 1 && text.charCodeAt(starts[1]!) === ZERO
      && text.charCodeAt(starts[1]! - 1) === OPEN && text.charCodeAt(ends[1]!) === CLOSE) {
      starts.copyWithin(1, 2, groups);
      ends.copyWithin(1, 2, groups);
      groups--;
      this.groupCount = groups;
      repeated = this.readsOneRepeatedDigit();
    }
    this.groupCount = groups;
    this.digitCount = digits;
    this.oneRepeatedDigit = repeated;
    return true;
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

  /** The `n`th digit of {@link digits}, as a char code; NaN past the end. */
  digitCode(n: number): number {
    for (let k = 0; k < this.groupCount; k++) {
      const length = this.ends[k]! - this.starts[k]!;
      if (n < length) return this.text.charCodeAt(this.starts[k]! + n);
      n -= length;
    }
    return Number.NaN;
  }

  /** Length of {@link digits}. */
  get digitsLength(): number {
    let n = 0;
    for (let k = 0; k < this.groupCount; k++) n += this.ends[k]! - this.starts[k]!;
    return n;
  }

  /**
   * {@link digits} without its first `skip` digits, as a number: 10^length + value, which tells
   * "0044…" from "44…" and is an exact integer for up to 15 digits. Makes no string.
   */
  digitsKey(skip: number): number {
    let value = 0;
    let length = 0;
    for (let k = 0; k < this.groupCount; k++) {
      for (let i = this.starts[k]!; i < this.ends[k]!; i++) {
        if (skip > 0) skip--;
        else {
          value = value * 10 + this.text.charCodeAt(i) - ZERO;
          length++;
        }
      }
    }
    return 10 ** length + value;
  }

  /** All digits, without the leading '+' and without a "(0)" trunk-prefix group. */
  get digits(): string {
    if (this.digitsCache === undefined) {
      let digits = '';
      for (let k = 0; k < this.groupCount; k++) digits += this.text.slice(this.starts[k]!, this.ends[k]!);
      this.digitsCache = digits;
    }
    return this.digitsCache;
  }

  /** Are all the digits (a "(0)" trunk prefix left out) the same one? */
  isOneRepeatedDigit(): boolean {
    return this.oneRepeatedDigit;
  }

  private readsOneRepeatedDigit(): boolean {
    const first = this.firstDigit(0);
    for (let k = 0; k < this.groupCount; k++) {
      for (let i = this.starts[k]!; i < this.ends[k]!; i++) if (this.text.charCodeAt(i) !== first) return false;
    }
    return true;
  }
}

/**
 * Is `text[from, to)` a separator phone numbers are written with: one separator character, or
 * a parenthesis next to one space, NBSP or dash (`) `, ` (`, `)-`), or ` - `?
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
 * Reads `text[start, end)` into a new shape (see {@link PhoneShape.read}), or returns undefined
 * when its separators are not ones a phone number is written with.
 *
 * @example
 * ```ts
 * const shape = readPhoneShape('+44 (0) 20 7946 0958', 0, 20)!;
 * shape.digits; // '442079460958'
 * shape.separator(0); // ' (0) '
 * ```
 */
export function readPhoneShape(text: string, start: number, end: number): PhoneShape | undefined {
  const shape = new PhoneShape();
  return shape.read(text, start, end) ? shape : undefined;
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
