/**
 * A cheap test run before the label lookbehinds of the separator-anchored detectors: `:` and
 * `=` are common in prose and code, and few are preceded by a secret label. Checking the three
 * letters where a label would end (`passwORD`, `tOKEN`, `secRET`…) skips the regex for nearly
 * all of them.
 */

const SPACE = 32;
const TAB = 9;
const BACKSLASH = 92;
const isQuote = (c: number): boolean => c === 34 || c === 39 || c === 96;

/**
 * The last three characters before the separator at `at`, lower-cased and packed into one
 * number (see {@link packSuffix}), skipping what may sit between a label and its separator:
 * up to four spaces or tabs and one quote, optionally JSON-escaped (`"Password\" : x`).
 * -1 when fewer than three characters precede.
 *
 * @example
 * ```ts
 * labelSuffixAt('"Password" : x', 11) === packSuffix('ord'); // true
 * ```
 */
export function labelSuffixAt(text: string, at: number): number {
  let q = at - 1;
  const stop = at - 5;
  while (q > stop && q >= 0 && (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB)) q--;
  if (q >= 0 && isQuote(text.charCodeAt(q))) {
    q--;
    if (q >= 0 && text.charCodeAt(q) === BACKSLASH) q--;
  }
  if (q < 2) return -1;
  return ((text.charCodeAt(q - 2) | 0x20) << 16) | ((text.charCodeAt(q - 1) | 0x20) << 8) | (text.charCodeAt(q) | 0x20);
}

/**
 * Packs three ASCII letters, lower-cased, as {@link labelSuffixAt} does.
 *
 * @example
 * ```ts
 * const suffixes = new Set(['ord', 'ken'].map(packSuffix));
 * ```
 */
export function packSuffix(letters: string): number {
  return ((letters.charCodeAt(0) | 0x20) << 16) | ((letters.charCodeAt(1) | 0x20) << 8) | (letters.charCodeAt(2) | 0x20);
}
