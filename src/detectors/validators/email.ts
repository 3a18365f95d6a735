/**
 * E-mail address syntax (RFC 5322 addr-spec, with the UTF-8 extension of RFC 6531/6532 for
 * non-ASCII letters). Only the forms people actually exchange are accepted: a dot-atom or a
 * quoted local part, and a host name whose last label is an alphabetic TLD. Domain literals
 * (`user@[192.0.2.1]`), comments and obsolete syntax are rejected on purpose: they are not
 * what a prompt contains, and accepting them would only add false positives.
 */

/** Longest local part (RFC 5321 §4.5.3.1.1). */
export const EMAIL_MAX_LOCAL_LENGTH = 64;
/** Longest address that fits a SMTP path (RFC 5321 §4.5.3.1.3 minus the angle brackets). */
export const EMAIL_MAX_ADDRESS_LENGTH = 254;
const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

// Character classes of the ASCII range, as bit flags, so that scanning is one table load per char.
const ATEXT = 1; // RFC 5322 atext
const HOST = 2; // letter, digit or hyphen (RFC 1035 host-name characters)
const ALPHA = 4;
const ALNUM = 8;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const digit = c >= 48 && c <= 57;
  let bits = 0;
  if (alpha) bits |= ALPHA;
  if (alpha || digit) bits |= ALNUM | ATEXT | HOST;
  if (c === 45) bits |= HOST; // '-'
  if ("!#$%&'*+-/=?^_`{|}~".includes(String.fromCharCode(c))) bits |= ATEXT;
  ASCII_CLASS[c] = bits;
}

const NON_ASCII_WORD = /^[\p{L}\p{M}\p{N}]$/u;
const NON_ASCII_LETTER = /^[\p{L}\p{M}]$/u;

/**
 * Non-ASCII letters, marks and digits are allowed (internationalised addresses), except the
 * full-width forms: "ｇｍａｉｌ.com" is a homograph trick, not an address anyone types.
 * Surrogates count as "no": astral characters end an address.
 */
function isNonAsciiWord(code: number): boolean {
  if (code < 128 || (code >= 0xff00 && code <= 0xffef) || (code >= 0xd800 && code <= 0xdfff)) return false;
  return NON_ASCII_WORD.test(String.fromCharCode(code));
}

/**
 * Can this UTF-16 code appear in an unquoted (dot-atom) local part? Dots included.
 *
 * @example
 * ```ts
 * isEmailLocalChar('+'.charCodeAt(0)); // true
 * isEmailLocalChar('@'.charCodeAt(0)); // false
 * ```
 */
export function isEmailLocalChar(code: number): boolean {
  if (code < 128) return code === 46 || (ASCII_CLASS[code]! & ATEXT) !== 0;
  return isNonAsciiWord(code);
}

/**
 * Can this UTF-16 code appear in a domain name? Letters, digits, hyphens and dots, plus
 * non-ASCII letters for internationalised domain names.
 *
 * @example
 * ```ts
 * isEmailDomainChar('-'.charCodeAt(0)); // true
 * isEmailDomainChar('_'.charCodeAt(0)); // false
 * ```
 */
export function isEmailDomainChar(code: number): boolean {
  if (code < 128) return code === 46 || (ASCII_CLASS[code]! & HOST) !== 0;
  return isNonAsciiWord(code);
}

/** Letter or digit, ASCII or not (the characters a local part may start with in prose). */
export function isEmailAlnumChar(code: number): boolean {
  if (code < 128) return (ASCII_CLASS[code]! & ALNUM) !== 0;
  return isNonAsciiWord(code);
}

function isTldChar(code: number): boolean {
  if (code < 128) return (ASCII_CLASS[code]! & ALPHA) !== 0;
  if ((code >= 0xff00 && code <= 0xffef) || (code >= 0xd800 && code <= 0xdfff)) return false;
  return NON_ASCII_LETTER.test(String.fromCharCode(code));
}

/**
 * Is `text[start, end)` a valid host label: 1–63 characters, letters, digits and hyphens, not
 * starting or ending with a hyphen?
 */
function isValidLabel(text: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 1 || len > MAX_LABEL_LENGTH) return false;
  if (text.charCodeAt(start) === 45 || text.charCodeAt(end - 1) === 45) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || !isEmailDomainChar(c)) return false;
  }
  return true;
}

/**
 * Is `text[start, end)` an alphabetic top-level domain of at least two letters, or the
 * punycode form of an internationalised one ("xn--p1ai" for ".рф")?
 */
function isAlphabeticTld(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  if (end - start > 4 && text.slice(start, start + 4).toLowerCase() === 'xn--') return true; // label already validated
  for (let i = start; i < end; i++) if (!isTldChar(text.charCodeAt(i))) return false;
  return true;
}

/**
 * The longest host name starting at `start` and ending at or before `end`: it consists of
 * valid labels, has at least two of them, and ends in an alphabetic TLD. Returns its end, or
 * -1. Used by the scanner to cut "example.com." before the sentence's full stop.
 *
 * @example
 * ```ts
 * const s = 'example.com.';
 * longestEmailDomain(s, 0, s.length); // 11
 * ```
 */
export function longestEmailDomain(text: string, start: number, end: number): number {
  let best = -1;
  let labels = 0;
  let labelStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46) continue;
    if (!isValidLabel(text, labelStart, i)) break;
    labels++;
    if (labels >= 2 && i - start <= MAX_DOMAIN_LENGTH && isAlphabeticTld(text, labelStart, i)) best = i;
    labelStart = i + 1;
  }
  return best;
}

/**
 * Is `domain` a host name an address can use: two or more labels of at most 63 letters, digits
 * or hyphens (no leading or trailing hyphen), at most 253 characters, ending in an alphabetic
 * TLD of two or more letters?
 *
 * @example
 * ```ts
 * isValidEmailDomain('mail.example.co.uk'); // true
 * isValidEmailDomain('-bad.example.com');   // false
 * ```
 */
export function isValidEmailDomain(domain: string): boolean {
  if (typeof domain !== 'string' || domain.length > MAX_DOMAIN_LENGTH) return false;
  return longestEmailDomain(domain, 0, domain.length) === domain.length;
}

/**
 * Is `local` a valid local part: a dot-atom (atext runs joined by single dots), or a quoted
 * string (`"john doe"`, with `\"` and `\\` escapes), at most 64 characters?
 *
 * @example
 * ```ts
 * isValidEmailLocalPart('first.last+tag'); // true
 * isValidEmailLocalPart('"john doe"');     // true
 * isValidEmailLocalPart('two..dots');      // false
 * ```
 */
export function isValidEmailLocalPart(local: string): boolean {
  if (typeof local !== 'string' || local.length < 1 || local.length > EMAIL_MAX_LOCAL_LENGTH) return false;
  if (local.charCodeAt(0) === 34) return isValidQuotedString(local);
  let previousDot = true; // a leading dot is as bad as two in a row
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (c === 46) {
      if (previousDot) return false;
      previousDot = true;
    } else if (isEmailLocalChar(c)) {
      previousDot = false;
    } else {
      return false;
    }
  }
  return !previousDot;
}

/** RFC 5322 quoted-string without folding: `"` (qtext / quoted-pair / space / tab)* `"`. */
function isValidQuotedString(s: string): boolean {
  if (s.length < 2 || s.charCodeAt(s.length - 1) !== 34) return false;
  for (let i = 1; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      // quoted-pair: a backslash and one visible character or space/tab
      i++;
      if (i >= s.length - 1) return false;
      const q = s.charCodeAt(i);
      if (!(q === 9 || (q >= 32 && q <= 126) || isNonAsciiWord(q))) return false;
    } else if (c === 34) {
      return false;
    } else if (!(c === 9 || (c >= 32 && c <= 126) || isNonAsciiWord(c))) {
      return false;
    }
  }
  return true;
}

/**
 * Is `value` a complete e-mail address (RFC 5322 addr-spec restricted to host-name domains)?
 * The whole string must be the address: no display name, no angle brackets, no surrounding
 * spaces.
 *
 * @example
 * ```ts
 * isValidEmailAddress('ana@example.com');       // true
 * isValidEmailAddress('"ana b"@example.com');   // true
 * isValidEmailAddress('ana@example');           // false (no TLD)
 * isValidEmailAddress('ana@example.com.');      // false
 * ```
 */
export function isValidEmailAddress(value: string): boolean {
  if (typeof value !== 'string' || value.length > EMAIL_MAX_ADDRESS_LENGTH) return false;
  // The domain cannot contain '@', so the last one separates it even when a quoted local
  // part contains an escaped '@'.
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  return isValidEmailLocalPart(value.slice(0, at)) && isValidEmailDomain(value.slice(at + 1));
}
