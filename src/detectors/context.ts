/**
 * Context words: labels near a match raise confidence ("card", "IBAN"), and others lower it
 * ("order number", "invoice"). Only a bounded window around the match is examined, so the
 * cost per match is constant.
 */
import { isWordChar } from './char-codes.js';

export { isWordChar };

export interface ContextWords {
  /** Words that make this type more likely. Tested case-insensitively on the window. */
  readonly positive?: RegExp;
  /** Words that make this type less likely. */
  readonly negative?: RegExp;
  /** Characters examined before the match (default 48). */
  readonly before?: number;
  /** Characters examined after the match (default 24). */
  readonly after?: number;
}

export const DEFAULT_BEFORE = 48;
export const DEFAULT_AFTER = 24;

/** `.`, `!` or `?`: a sentence stop when white space follows. */
function isStop(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

/** Space, tab or line break: what follows a sentence stop. */
function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Does a sentence end at the stop at `i` (a `.`, `!` or `?` followed by white space)? A full
 * stop after a word of three letters or fewer is taken for an abbreviation ("No.", "Ref.",
 * "Tel."), which usually belongs to the label that follows it.
 */
function endsSentenceAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 46) return true;
  for (let k = 1; k <= 4; k++) if (!isWordChar(text.charCodeAt(i - k))) return false; // NaN before the text: not a word
  return true;
}

/*
 * The two searches below read the window's characters in place, from the match outwards, and
 * stop at the first boundary. On windows of a few dozen characters, slicing them out and
 * searching the slices with a regex cost more than the reading itself: about a quarter of the
 * time `readContext` took.
 */

/**
 * Where the window before a match at `start` begins, searching no further back than `from`:
 * just after the last sentence end before `start`, or after the last line break that follows
 * a line ending in a value (see {@link endsWithValue}), whichever is later; `from` if neither.
 * A label on the line before a value counts ("Phone:\n…"), but another field's line does not
 * ("Order: 12345\nSSN …", `{"phone":"+46 …"}\n…`). A stop counts only when its white space
 * lies before `start`.
 */
function windowStart(text: string, from: number, start: number): number {
  for (let i = start - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (endsWithValue(text, i)) return i + 1;
    } else if (isStop(c) && i + 1 < start && isBlank(text.charCodeAt(i + 1)) && endsSentenceAt(text, i)) {
      return i + 1;
    }
  }
  return from;
}

/**
 * Does the line that ends at the line break at `nl` (blank lines and trailing white space
 * skipped) end in a value or a closed field: a `}`, `,` or `;`, or a digit, perhaps followed
 * by closing brackets or quotes (`(+52 222 123 3236)`, `"38271645"`)? Such a line is another
 * field, not the label of what follows; "Phone (mobile)" and "SSN:" are labels.
 */
function endsWithValue(text: string, nl: number): boolean {
  let i = nl - 1;
  let c = text.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(--i);
  if (c === 125 || c === 44 || c === 59) return true;
  while (c === 41 || c === 93 || c === 34 || c === 39 || c === 96) c = text.charCodeAt(--i);
  return c >= 48 && c <= 57;
}

/**
 * Where the window after a match ending at `end` ends, searching no further than `to`: just
 * after its first sentence end (whose white space lies before `to`), or at its first line
 * break. A word after a value qualifies it on the same line ("4155550132 (mobile)"); the next
 * line is another field of a form, another turn, or another document ("SSN: 123-45-6789\nOrder:
 * …", `…}\n{"model": …`). Before a value the previous line is kept: a label often sits there
 * ("Phone:\n…").
 */
function windowEnd(text: string, end: number, to: number): number {
  for (let i = end; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (isStop(c) && i + 1 < to && isBlank(text.charCodeAt(i + 1)) && endsSentenceAt(text, i)) return i + 1;
  }
  return to;
}

/**
 * The window around [start, end), clipped to the match's own sentence: a label in the
 * previous sentence ("Booking reference: X7QK2P. Company UEN …") says nothing about this value.
 */
export function windowBounds(text: string, start: number, end: number, before: number, after: number): [number, number] {
  return [windowStart(text, Math.max(0, start - before), start), windowEnd(text, end, Math.min(text.length, end + after))];
}

/** The window around [start, end) (see {@link windowBounds}), with a space where the match was. */
function windowText(text: string, start: number, end: number, before: number, after: number): string {
  const from = windowStart(text, Math.max(0, start - before), start);
  const to = windowEnd(text, end, Math.min(text.length, end + after));
  return text.slice(from, start) + ' ' + text.slice(end, to);
}

/** The text around a match that context words are tested against, lower-cased. */
export function contextWindow(text: string, start: number, end: number, before = DEFAULT_BEFORE, after = DEFAULT_AFTER): string {
  return windowText(text, start, end, before, after).toLowerCase();
}

/** Is a word of `words` within the window around [start, end)? */
export function hasNearby(text: string, start: number, end: number, words: RegExp, before = DEFAULT_BEFORE, after = DEFAULT_AFTER): boolean {
  words.lastIndex = 0;
  return words.test(contextWindow(text, start, end, before, after));
}

export interface ContextVerdict {
  positive: boolean;
  negative: boolean;
}

/** Which kinds of context words surround the match. */
export function readContext(text: string, start: number, end: number, words: ContextWords): ContextVerdict {
  return testWindow(windowText(text, start, end, words.before ?? DEFAULT_BEFORE, words.after ?? DEFAULT_AFTER), words);
}

/**
 * The only characters whose lower case holds an ASCII letter: İ (U+0130, "i̇") and the Kelvin
 * sign (U+212A, "k").
 */
const LOWER_CASES_TO_ASCII = /[\u0130\u212a]/;

/**
 * Tests the context words on a window, as if on its lower-cased text. Lower-casing is not
 * cheap: a window cut from a text holding any character above U+00FF (a € or an emoji
 * anywhere in it) is a two-byte string, which V8 lower-cases through ICU, at about the cost of
 * both tests. So a case-insensitive copy of each pattern is tested on the window as it is,
 * which finds exactly the same: outside ASCII, a case-insensitive (non-Unicode) regex never
 * matches an ASCII letter, and no character but the two above lower-cases to one. Windows
 * holding those, and patterns with an upper-case letter, are lower-cased.
 */
function testWindow(window: string, words: ContextWords): ContextVerdict {
  if (!LOWER_CASES_TO_ASCII.test(window)) {
    const twins = caseInsensitiveTwins(words);
    if (twins !== null) {
      return { positive: twins.positive ? test(twins.positive, window) : false, negative: twins.negative ? test(twins.negative, window) : false };
    }
  }
  const { positive, negative } = words;
  const lower = window.toLowerCase();
  return { positive: positive ? test(positive, lower) : false, negative: negative ? test(negative, lower) : false };
}

function test(words: RegExp, window: string): boolean {
  words.lastIndex = 0;
  return words.test(window);
}

/** Case-insensitive copies of a set of context words' patterns (undefined where it has none). */
interface CaseInsensitiveTwins {
  readonly positive: RegExp | undefined;
  readonly negative: RegExp | undefined;
}

/**
 * The twins of each set of context words, made on first use: one look-up per window rather
 * than one per pattern. Null when either pattern has no twin (see {@link caseInsensitiveTwin}).
 */
const twinsOfWords = new WeakMap<ContextWords, CaseInsensitiveTwins | null>();

function caseInsensitiveTwins(words: ContextWords): CaseInsensitiveTwins | null {
  let twins = twinsOfWords.get(words);
  if (twins === undefined) {
    const positive = words.positive && caseInsensitiveTwin(words.positive);
    const negative = words.negative && caseInsensitiveTwin(words.negative);
    twins = positive === null || negative === null ? null : { positive, negative };
    twinsOfWords.set(words, twins);
  }
  return twins;
}

/**
 * A case-insensitive copy of a context-word pattern; null for a pattern that a
 * case-insensitive test could match where a test of the lower-cased window would not: one
 * with an upper-case letter (outside an escape such as `\S`), with a non-ASCII letter that has
 * case, or with the `u` flag (which folds `ſ` to `s`).
 */
function caseInsensitiveTwin(words: RegExp): RegExp | null {
  const literal = words.source.replace(/\\./g, '');
  const hasCase = /[A-Z]/.test(literal) || [...literal].some((c) => c > '\x7f' && c.toLowerCase() !== c.toUpperCase());
  return hasCase || words.unicode ? null : words.ignoreCase ? words : new RegExp(words.source, `${words.flags}i`);
}

/**
 * Shared confidence arithmetic, so that every detector means the same thing by a number.
 * A positive label lifts confidence to at least `labelled`; a negative word lowers it by
 * `penalty`. When both are present the label wins but the penalty still applies.
 */
export function scoreConfidence(
  base: number,
  ctx: ContextVerdict,
  { labelled = 0.95, penalty = 0.4 }: { labelled?: number; penalty?: number } = {},
): number {
  let c = ctx.positive ? Math.max(base, labelled) : base;
  if (ctx.negative) c -= penalty;
  return Math.round(Math.min(0.99, Math.max(0, c)) * 100) / 100;
}

/** True when the characters just outside [start, end) are not letters, digits or `_`. */
export function isBounded(text: string, start: number, end: number): boolean {
  return (start === 0 || !isWordChar(text.charCodeAt(start - 1))) && (end >= text.length || !isWordChar(text.charCodeAt(end)));
}
