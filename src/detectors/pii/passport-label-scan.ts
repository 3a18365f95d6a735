/**
 * Label-first scanning, for types whose values have no structure of their own (passport
 * numbers, booking references): a bare `A1234567` or `XK7P2Q` means nothing, but after
 * "passport number:" or "PNR" it does. So the text is searched once for the labels, which are
 * rare, and only a short window around each label is searched for values. Prose without a
 * label costs one regex pass: a prefilter of short stems ("pas", "book"), which the regex
 * engine scans for much faster than the full list of labels; the full label pattern is tried
 * only at the few word starts just before each stem. Values are then collected in one pass
 * over the (merged) windows around the labels, so text crowded with labels stays linear.
 *
 * Shared by the passport and booking-reference detectors.
 */
import type { Candidate, DetectorType } from '../types.js';

/** A value the caller accepts, possibly narrowed (`NO 1234567` → `1234567`). */
export interface LabelledValue {
  start: number;
  end: number;
  confidence: number;
}

export interface LabelScan {
  readonly type: DetectorType;
  /**
   * Finds a stem that every label contains, within {@link LABEL_REACH} characters of the
   * label's start. Must be global; it is reset before use.
   */
  readonly prefilter: RegExp;
  /** The full label pattern, tried at the word starts just before each stem. Must be sticky (`y`). */
  readonly label: RegExp;
  /**
   * Finds candidate values around labels. Must be global, and must match at most
   * {@link MAX_VALUE_LENGTH} characters.
   */
  readonly value: RegExp;
  /** Characters after the end of a label searched for values. */
  readonly after: number;
  /** Characters before the start of a label searched for a value, when none follows it. */
  readonly before: number;
  /**
   * Words that name some other thing (order, flight, phone…). When one stands between the
   * label and a value, the value probably belongs to that thing: tested on the gap, lower-cased.
   */
  readonly negative: RegExp;
  /** How much a negative word lowers confidence. */
  readonly penalty: number;
  /** Accepts a matched value (returns its span and confidence) or rejects it (null). */
  classify(raw: string, start: number): LabelledValue | null;
}

/** How far before its stem a label may start ("codice di prenotazione": 12). */
export const LABEL_REACH = 24;

/** Longest value a scan's `value` pattern may match; windows are widened by this much. */
export const MAX_VALUE_LENGTH = 14;

/** The gap between two values of a list: `A1234567 and B7654321`, `ABC123, DEF456`. */
const LIST_SEPARATOR = /^\s*(?:[,/&+;]|and|or|und|et|y|e|dan)\s*$/i;

/**
 * A sentence ends inside the gap: `.`/`!`/`?`/`;` or a line break, followed by more words
 * before the value. "Passport No. A1" and "Passport number:\nA1" are not sentence ends.
 */
const SENTENCE_BREAK = /[.!?;]\s+\S|\n\s*\S/;

/** A candidate value found near some label; `verdict` caches `classify` (undefined: not yet asked). */
interface Token {
  start: number;
  end: number;
  raw: string;
  verdict: LabelledValue | null | undefined;
}

/**
 * Runs `scan` over `text` and pushes what it accepts into `out`. The first acceptable value
 * after each label is taken, then further values only while they continue a list. When none
 * follows a label, the nearest value before it is taken ("AAA123456 es mi número de
 * pasaporte"). A value reached through a sentence break is not taken.
 */
export function scanLabelledValues(text: string, scan: LabelScan, out: Candidate[]): void {
  const labels = findLabels(text, scan);
  if (labels.length === 0) return;
  const tokens = findValuesNear(text, scan, labels);
  const found = new Map<number, LabelledValue>();
  for (let k = 0; k < labels.length; k += 2) {
    const labelStart = labels[k]!;
    const labelEnd = labels[k + 1]!;
    const next = firstTokenFrom(tokens, labelEnd);
    if (!takeValuesAfter(text, scan, tokens, next, labelEnd, found)) takeValueBefore(text, scan, tokens, next - 1, labelStart, found);
  }
  for (const v of found.values()) out.push({ type: scan.type, start: v.start, end: v.end, confidence: v.confidence });
}

/** Labels as a flat list of [start, end) pairs, sorted and disjoint. */
function findLabels(text: string, scan: LabelScan): number[] {
  const labels: number[] = [];
  const pre = scan.prefilter;
  const label = scan.label;
  pre.lastIndex = 0;
  let floor = 0;
  let h: RegExpExecArray | null;
  while ((h = pre.exec(text)) !== null) {
    const hit = h.index;
    if (h[0].length === 0) pre.lastIndex++;
    // The label starts at the stem or at a word start shortly before it ("record locator").
    for (let p = Math.max(floor, hit - LABEL_REACH); p <= hit; p++) {
      if (p !== hit && p > 0 && isAsciiAlnum(text.charCodeAt(p - 1))) continue;
      label.lastIndex = p;
      const m = label.exec(text);
      if (m === null || m.index !== p || p + m[0].length <= hit) continue;
      const end = p + m[0].length;
      labels.push(p, end);
      floor = end;
      if (pre.lastIndex < end) pre.lastIndex = end;
      break;
    }
  }
  return labels;
}

/** Every value in the windows around the labels, sorted by start. Each character is scanned once. */
function findValuesNear(text: string, scan: LabelScan, labels: number[]): Token[] {
  const tokens: Token[] = [];
  const re = scan.value;
  let k = 0;
  while (k < labels.length) {
    // Merge the windows of consecutive labels that overlap.
    const from = Math.max(0, labels[k]! - scan.before);
    let to = labels[k + 1]! + scan.after;
    k += 2;
    while (k < labels.length && labels[k]! - scan.before <= to) {
      to = Math.max(to, labels[k + 1]! + scan.after);
      k += 2;
    }
    // Two characters of context each side, so look-behind and look-ahead see the real text.
    const offset = Math.max(0, from - 2);
    const sliceEnd = Math.min(text.length, to + MAX_VALUE_LENGTH + 2);
    const slice = text.slice(offset, sliceEnd);
    re.lastIndex = from - offset;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      const start = offset + m.index;
      const end = start + m[0].length;
      if (start >= to) break;
      // A match ending at the slice's edge may have been cut short, unless the text ends there.
      if (end + 2 > sliceEnd && sliceEnd !== text.length) break;
      tokens.push({ start, end, raw: m[0], verdict: undefined });
    }
  }
  return tokens;
}

/** Index of the first token starting at or after `pos` (tokens.length if none). */
function firstTokenFrom(tokens: Token[], pos: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function verdictOf(scan: LabelScan, token: Token): LabelledValue | null {
  if (token.verdict === undefined) token.verdict = scan.classify(token.raw, token.start);
  return token.verdict;
}

function remember(found: Map<number, LabelledValue>, v: LabelledValue): void {
  const prev = found.get(v.start);
  if (!prev || prev.confidence < v.confidence) found.set(v.start, v);
}

/** Values within the window after a label, from token `first` on. Returns whether any was taken. */
function takeValuesAfter(
  text: string, scan: LabelScan, tokens: Token[], first: number, labelEnd: number, found: Map<number, LabelledValue>,
): boolean {
  const limit = labelEnd + scan.after; // a value must start before this
  let previousEnd = -1;
  for (let i = first; i < tokens.length && tokens[i]!.start < limit; i++) {
    const v = verdictOf(scan, tokens[i]!);
    if (!v) continue;
    if (previousEnd < 0) {
      const gap = text.slice(labelEnd, v.start);
      if (SENTENCE_BREAK.test(gap)) return false;
      scan.negative.lastIndex = 0;
      if (scan.negative.test(gap.toLowerCase())) {
        // The value is probably the other thing's; report it weakly and look no further.
        remember(found, { ...v, confidence: Math.max(0, Math.round((v.confidence - scan.penalty) * 100) / 100) });
        return true;
      }
    } else if (!LIST_SEPARATOR.test(text.slice(previousEnd, v.start))) {
      break;
    }
    remember(found, v);
    previousEnd = v.end;
  }
  return previousEnd >= 0;
}

/** The nearest acceptable value ending within the window before a label, from token `last` back. */
function takeValueBefore(
  text: string, scan: LabelScan, tokens: Token[], last: number, labelStart: number, found: Map<number, LabelledValue>,
): void {
  const from = labelStart - scan.before;
  for (let i = last; i >= 0 && tokens[i]!.start >= from; i--) {
    const token = tokens[i]!;
    if (token.end > labelStart) continue;
    const v = verdictOf(scan, token);
    if (!v) continue;
    const gap = text.slice(v.end, labelStart);
    if (SENTENCE_BREAK.test(gap)) return;
    scan.negative.lastIndex = 0;
    if (scan.negative.test(gap.toLowerCase())) return;
    remember(found, v);
    return;
  }
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
