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

const isSentenceStop = (code: number): boolean => code === 46 || code === 33 || code === 63; // . ! ?
const isSpace = (code: number): boolean => code === 32 || code === 10 || code === 13 || code === 9;

/**
 * Does a sentence end at `i` (a `.`, `!` or `?` followed by white space)? A full stop after a
 * word of three letters or fewer is taken for an abbreviation ("No.", "Ref.", "Tel."), which
 * usually belongs to the label that follows it.
 */
function endsSentenceAt(text: string, i: number): boolean {
  if (!isSentenceStop(text.charCodeAt(i)) || !isSpace(text.charCodeAt(i + 1))) return false;
  if (text.charCodeAt(i) !== 46) return true;
  let k = i - 1;
  while (k >= 0 && isWordChar(text.charCodeAt(k))) k--;
  return i - 1 - k > 3;
}

/**
 * The window around [start, end), clipped to the match's own sentence: a label in the
 * previous sentence ("Booking reference: X7QK2P. Company UEN …") says nothing about this value.
 */
export function windowBounds(text: string, start: number, end: number, before: number, after: number): [number, number] {
  let from = Math.max(0, start - before);
  for (let i = start - 2; i >= from; i--) {
    if (endsSentenceAt(text, i)) { from = i + 1; break; }
  }
  let to = Math.min(text.length, end + after);
  for (let i = end; i < to - 1; i++) {
    if (endsSentenceAt(text, i)) { to = i + 1; break; }
  }
  return [from, to];
}

/** The text around a match that context words are tested against, lower-cased. */
export function contextWindow(text: string, start: number, end: number, before = DEFAULT_BEFORE, after = DEFAULT_AFTER): string {
  const [from, to] = windowBounds(text, start, end, before, after);
  return (text.slice(from, start) + ' ' + text.slice(end, to)).toLowerCase();
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

/**
 * Which kinds of context words surround the match.
 *
 * Most windows are ASCII, and on ASCII text a case-insensitive test finds exactly what a test
 * of the lower-cased window finds, so that is what they get. Lower-casing is not cheap: a
 * window cut from a text holding any character above U+00FF (a € or an emoji anywhere in it)
 * is a two-byte string, which V8 lower-cases through ICU; that cost as much as both tests
 * (0.4 to 1 µs per finding, about 0.3 ms per MB of chat prose in all).
 */
export function readContext(text: string, start: number, end: number, words: ContextWords): ContextVerdict {
  const [from, to] = windowBounds(text, start, end, words.before ?? DEFAULT_BEFORE, words.after ?? DEFAULT_AFTER);
  const positive = words.positive;
  const negative = words.negative;
  if (isAscii(text, from, start) && isAscii(text, end, to)) {
    const pos = positive && caseInsensitiveTwin(positive);
    const neg = negative && caseInsensitiveTwin(negative);
    if (pos !== null && neg !== null) {
      const window = text.slice(from, start) + ' ' + text.slice(end, to);
      return { positive: pos ? test(pos, window) : false, negative: neg ? test(neg, window) : false };
    }
  }
  const window = contextWindow(text, start, end, words.before ?? DEFAULT_BEFORE, words.after ?? DEFAULT_AFTER);
  return { positive: positive ? test(positive, window) : false, negative: negative ? test(negative, window) : false };
}

function test(words: RegExp, window: string): boolean {
  words.lastIndex = 0;
  return words.test(window);
}

function isAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Case-insensitive copies of context-word patterns, made on first use; null for a pattern
 * with an upper-case letter (outside an escape such as `\S`), which a lower-cased window could
 * never match but a case-insensitive test could.
 */
const twins = new WeakMap<RegExp, RegExp | null>();

function caseInsensitiveTwin(words: RegExp): RegExp | null {
  let twin = twins.get(words);
  if (twin === undefined) {
    const hasUpperCase = /[A-Z]/.test(words.source.replace(/\\./g, ''));
    twin = hasUpperCase ? null : words.ignoreCase ? words : new RegExp(words.source, `${words.flags}i`);
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
