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

/** A sentence stop (`.`, `!` or `?`) and the white space after it. */
const STOP = /[.!?][ \n\r\t]/g;

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
 * The two searches below look for stops with a regex over the slice of the window, not
 * character by character: the regex skips the other characters several times faster than a
 * loop of `charCodeAt` calls, which cost about 0.25 µs per window.
 */

/**
 * Offset in `pre`, which is `text` from `offset` on, just after its last sentence end (0 if
 * none), or after the last line break that follows a line ending in a value (see
 * {@link endsWithValue}): a label on the line before a value counts ("Phone:\n…"), but
 * another field's line does not ("Order: 12345\nSSN …", `{"phone":"+46 …"}\n…`).
 */
function afterLastSentenceEnd(text: string, pre: string, offset: number): number {
  let cut = 0;
  STOP.lastIndex = 0;
  while (STOP.test(pre)) {
    const i = STOP.lastIndex - 2;
    if (endsSentenceAt(text, offset + i)) cut = i + 1;
  }
  for (let nl = pre.lastIndexOf('\n'); nl >= cut; nl = nl > 0 ? pre.lastIndexOf('\n', nl - 1) : -1) {
    if (endsWithValue(text, offset + nl)) return nl + 1;
  }
  return cut;
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
 * Length of `post`, which is `text` from `offset` on, up to and including its first sentence
 * end, or up to its first line break. A word after a value qualifies it on the same line
 * ("4155550132 (mobile)"); the next line is another field of a form, another turn, or another
 * document ("SSN: 123-45-6789\nOrder: …", `…}\n{"model": …`). Before a value the previous
 * line is kept: a label often sits there ("Phone:\n…").
 */
function throughFirstSentenceEnd(text: string, post: string, offset: number): number {
  const line = post.indexOf('\n');
  const limit = line < 0 ? post.length : line;
  STOP.lastIndex = 0;
  while (STOP.test(post)) {
    const i = STOP.lastIndex - 2;
    if (i >= limit) break;
    if (endsSentenceAt(text, offset + i)) return i + 1;
  }
  return limit;
}

/**
 * The window around [start, end), clipped to the match's own sentence: a label in the
 * previous sentence ("Booking reference: X7QK2P. Company UEN …") says nothing about this value.
 */
export function windowBounds(text: string, start: number, end: number, before: number, after: number): [number, number] {
  const from = Math.max(0, start - before);
  const to = Math.min(text.length, end + after);
  return [
    from + afterLastSentenceEnd(text, text.slice(from, start), from),
    end + throughFirstSentenceEnd(text, text.slice(end, to), end),
  ];
}

/** The window around [start, end) (see {@link windowBounds}), with a space where the match was. */
function windowText(text: string, start: number, end: number, before: number, after: number): string {
  const from = Math.max(0, start - before);
  const pre = text.slice(from, start);
  const cut = afterLastSentenceEnd(text, pre, from);
  const post = text.slice(end, Math.min(text.length, end + after));
  const length = throughFirstSentenceEnd(text, post, end);
  return (cut === 0 ? pre : pre.slice(cut)) + ' ' + (length === post.length ? post : post.slice(0, length));
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
  const positive = words.positive;
  const negative = words.negative;
  if (!LOWER_CASES_TO_ASCII.test(window)) {
    const pos = positive && caseInsensitiveTwin(positive);
    const neg = negative && caseInsensitiveTwin(negative);
    if (pos !== null && neg !== null) {
      return { positive: pos ? test(pos, window) : false, negative: neg ? test(neg, window) : false };
    }
  }
  const lower = window.toLowerCase();
  return { positive: positive ? test(positive, lower) : false, negative: negative ? test(negative, lower) : false };
}

function test(words: RegExp, window: string): boolean {
  words.lastIndex = 0;
  return words.test(window);
}

/**
 * Case-insensitive copies of context-word patterns, made on first use; null for a pattern
 * that a case-insensitive test could match where a test of the lower-cased window would not:
 * one with an upper-case letter (outside an escape such as `\S`), with a non-ASCII letter that
 * has case, or with the `u` flag (which folds `ſ` to `s`).
 */
const twins = new WeakMap<RegExp, RegExp | null>();

function caseInsensitiveTwin(words: RegExp): RegExp | null {
  let twin = twins.get(words);
  if (twin === undefined) {
    const literal = words.source.replace(/\\./g, '');
    const hasCase = /[A-Z]/.test(literal) || [...literal].some((c) => c > '\x7f' && c.toLowerCase() !== c.toUpperCase());
    twin = hasCase || words.unicode ? null : words.ignoreCase ? words : new RegExp(words.source, `${words.flags}i`);
    twins.set(words, twin);
  }
  return twin;
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
