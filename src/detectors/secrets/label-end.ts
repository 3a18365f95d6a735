/**
 * A cheap test run before the label lookbehinds of the separator-anchored detectors: `:` and
 * `=` are common in prose and code, and few are preceded by a secret label. Checking the three
 * letters where a label would end (`passwORD`, `tOKEN`, `secRET`…) skips the regex for nearly
 * all of them. The separators that pass are found once for both detectors that read a secret
 * at its separator (generic_secret and the AWS secret access key): each used to scan the text
 * for `:` and `=` and test every one, which together cost about 1.3 ms per MB of chat prose.
 * The separators themselves come from LABEL_STEMS's pass over the text, which keeps only those
 * after a character a label ending could end with.
 */
import { LABEL_STEMS } from '../scan/label-words.js';
import type { ScanContext, ScanPass } from '../types.js';

const SPACE = 32;
const TAB = 9;
const BACKSLASH = 92;
const COLON = 58;
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

function suffixSet(endings: string): ReadonlySet<number> {
  return new Set(endings.split(' ').map(packSuffix));
}

/** How generic_secret's labels end: passwORD, passWD, PWD, passphrASE, secRET, KEY, toKEN. */
export const GENERIC_SECRET_LABEL_ENDS = suffixSet('ord swd pwd ase ret key ken');
/** How the AWS secret access key's labels end: secRET, acCESS, KEY. */
export const AWS_SECRET_LABEL_ENDS = suffixSet('ret ess key');

const ANY_LABEL_END: ReadonlySet<number> = new Set([...GENERIC_SECRET_LABEL_ENDS, ...AWS_SECRET_LABEL_ENDS]);

/**
 * The `:` and `=` of a text that follow the end of some secret label, each list as flat
 * [offset, ending] pairs in order, the ending packed as by {@link labelSuffixAt}.
 */
export interface LabelSeparators {
  readonly colons: readonly number[];
  readonly equals: readonly number[];
}

function findLabelSeparators(ctx: ScanContext): LabelSeparators {
  const { text } = ctx;
  const colons: number[] = [];
  const equals: number[] = [];
  // LABEL_STEMS has found the `:` and `=` whose previous character could end a label (or sit
  // between one and its separator); most `:` follow a digit or some other letter.
  for (const p of ctx.shared(LABEL_STEMS).separatorsAfterLabel) {
    const ending = labelSuffixAt(text, p);
    if (ANY_LABEL_END.has(ending)) (text.charCodeAt(p) === COLON ? colons : equals).push(p, ending);
  }
  return { colons, equals };
}

/** The separators of the scanned text that follow a secret label's ending; see the top of this file. */
export const LABEL_SEPARATORS: ScanPass<LabelSeparators> = {
  name: 'label-separators',
  run: findLabelSeparators,
};
