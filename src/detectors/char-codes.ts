/**
 * ASCII character-class tests on UTF-16 code units (`text.charCodeAt(i)`). The scanners work on
 * code units rather than one-character strings because that allocates nothing on hot paths.
 */

/** `0`–`9`. */
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `A`–`Z`. */
export const isAsciiUpper = (c: number): boolean => c >= 65 && c <= 90;
/** `a`–`z`. */
export const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;
/** `A`–`Z` or `a`–`z`. */
export const isAsciiLetter = (c: number): boolean => isAsciiUpper(c) || isAsciiLower(c);
/** `A`–`Z` or `0`–`9`. */
export const isUpperAlnum = (c: number): boolean => isAsciiDigit(c) || isAsciiUpper(c);
/** An ASCII letter or digit. */
export const isAsciiAlnum = (c: number): boolean => isAsciiDigit(c) || isAsciiLetter(c);
/** An ASCII letter, digit or underscore (what `\w` matches). */
export const isWordChar = (c: number): boolean => isAsciiAlnum(c) || c === 95;
