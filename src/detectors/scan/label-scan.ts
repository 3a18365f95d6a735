/**
 * Label-first scanning, for types whose values have no structure of their own (passport
 * numbers, booking references): a bare `A1234567` or `XK7P2Q` means nothing, but after
 * "passport number:" or "PNR" it does. So the text is searched once for the labels, which are
 * rare, and only a short window around each label is searched for values. Prose without a
 * label costs a share of one regex pass: the short stems of the labels ("pas", "book") are
 * found by LABEL_STEMS, for the passport, booking-reference and date-of-birth detectors
 * together, and the full label pattern is tried only at the few word starts just before each
 * stem. Labels in other scripts (паспорт, 护照) are found with `indexOf` of one of their letters
 * instead: as regex alternatives they nearly doubled the cost of the passport stems (1.9
 * against 1.0 ms per MB of chat prose), while `indexOf` of a letter that is rare in Latin text
 * costs about 0.04 ms per MB (0.3 for all seven), and nothing at all on a text with no
 * character above U+00FF.
 * Values are then collected in one pass over the (merged) windows around the labels, so text
 * crowded with labels stays linear.
 *
 * Shared by the passport and booking-reference detectors.
 */
import type { Candidate, ScanContext } from '../types.js';
import { LABEL_STEMS, type LabelledType } from './label-words.js';

/** A value the caller accepts, possibly narrowed (`NO 1234567` → `1234567`). */
export interface LabelledValue {
  start: number;
  end: number;
  confidence: number;
}

export interface LabelScan {
  /** The type reported; its label stems (LABEL_STEMS) lie within {@link LABEL_REACH} of each label's start. */
  readonly type: Exclude<LabelledType, 'dob'>;
  /**
   * Characters that continue the word after a stem. The rest of the word goes with the stem,
   * so that a run such as "paspaspas…" is one stem, not one per "pas".
   */
  isStemTail(code: number): boolean;
  /** Labels in other scripts, searched for as they are written (see {@link OtherScriptLabels}). */
  readonly otherScripts?: OtherScriptLabels;
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

/**
 * Labels in scripts other than Latin, found with `indexOf` of one of their letters: every
 * match of `stem` must hold one of the `anchors`' letters at that letter's offset (both
 * cases, where the script has them). Each place found is kept only where `stem` matches.
 *
 * In a string that holds any character above U+00FF, V8's `indexOf` of such a letter scans
 * for one of its two bytes; an anchor whose bytes are rare in Latin text (`و` is 06 48, "H")
 * costs a third of one whose byte is common (`ج` is 06 2C, the comma).
 */
export interface OtherScriptLabels {
  /** A letter and its offset in the label: `['و', 1]` for جواز. */
  readonly anchors: readonly (readonly [letter: string, offset: number])[];
  /** The labels themselves, tried where each anchor places their start. Must be sticky (`y`). */
  readonly stem: RegExp;
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

/**
 * {@link SENTENCE_BREAK} for the gap between a label and the value after it: an opening quote
 * or bracket that only wraps the value (`Passport No. "A1"`, `No. (A1)`, `No. \"A1\"` in
 * JSON) is not more words. Before a label the plain test is kept: there a quote after the
 * stop opens the sentence that the label is in.
 */
const SENTENCE_BREAK_BEFORE_VALUE = /(?:[.!?;]\s+|\n\s*)(?!(?:\\?["'`‘“„«(\[{])+$)\S/;

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
export function scanLabelledValues(ctx: ScanContext, scan: LabelScan, out: Candidate[]): void {
  const { text } = ctx;
  const labels = findLabels(text, scan, ctx.shared(LABEL_STEMS)[scan.type]);
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

/** Labels as a flat list of [start, end) pairs, sorted and disjoint. `stems` are this type's. */
function findLabels(text: string, scan: LabelScan, stems: readonly number[]): number[] {
  const labels: number[] = [];
  const label = scan.label;
  const others = scan.otherScripts && OtherScriptCursor.over(text, scan.otherScripts);
  let floor = 0;
  let pos = 0; // a stem starting before this is part of one already read
  let k = 0; // the next of `stems`
  for (;;) {
    while (k < stems.length && stems[k]! < pos) k += 2;
    const other = others ? others.next(pos) : -1;
    let hit: number;
    if (k < stems.length && (other < 0 || stems[k]! < other)) {
      hit = stems[k]!;
      pos = stems[k + 1]!;
      while (pos < text.length && scan.isStemTail(text.charCodeAt(pos))) pos++;
    } else if (other >= 0) {
      hit = other;
      pos = others!.end;
    } else {
      return labels;
    }
    // The label starts at the stem or at a word start shortly before it ("record locator").
    for (let p = Math.max(floor, hit - LABEL_REACH); p <= hit; p++) {
      if (p !== hit && p > 0 && isAsciiAlnum(text.charCodeAt(p - 1))) continue;
      label.lastIndex = p;
      const m = label.exec(text);
      if (m === null || m.index !== p || p + m[0].length <= hit) continue;
      const end = p + m[0].length;
      labels.push(p, end);
      floor = end;
      if (pos < end) pos = end;
      break;
    }
  }
}

/**
 * Finds the other-script stems of a text in order. It keeps, for each anchor, where the next
 * stem holding that anchor starts, so each anchor letter's occurrences are visited once.
 */
class OtherScriptCursor {
  /** End of the stem last returned by {@link next}. */
  end = -1;
  private readonly text: string;
  private readonly labels: OtherScriptLabels;
  /** Per anchor: start and end of its first stem at or after `from`, or -1. */
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly from: number[];

  /**
   * A cursor over `text`, or undefined when no anchor letter occurs in it at all (nearly
   * always): the cursor is then not built, which saves most of its cost on short texts.
   */
  static over(text: string, labels: OtherScriptLabels): OtherScriptCursor | undefined {
    // An indexed loop: destructuring each anchor in a for-of cost as much as the searches on a
    // short text, and this runs on every detect() call.
    const anchors = labels.anchors;
    for (let i = 0; i < anchors.length; i++) {
      const anchor = anchors[i]!;
      if (text.indexOf(anchor[0], anchor[1]) !== -1) return new OtherScriptCursor(text, labels);
    }
    return undefined;
  }

  private constructor(text: string, labels: OtherScriptLabels) {
    this.text = text;
    this.labels = labels;
    const n = labels.anchors.length;
    this.starts = new Array<number>(n).fill(-1);
    this.ends = new Array<number>(n).fill(-1);
    this.from = new Array<number>(n).fill(-1);
  }

  /** Start of the first stem at or after `pos`, or -1; its end is then in {@link end}. */
  next(pos: number): number {
    let best = -1;
    for (let i = 0; i < this.starts.length; i++) {
      if (this.from[i]! < 0 || (this.starts[i]! >= 0 && this.starts[i]! < pos)) this.seek(i, pos);
      const start = this.starts[i]!;
      if (start >= 0 && (best < 0 || start < best)) {
        best = start;
        this.end = this.ends[i]!;
      }
    }
    return best;
  }

  private seek(i: number, pos: number): void {
    const { text } = this;
    const { stem } = this.labels;
    const [letter, offset] = this.labels.anchors[i]!;
    this.from[i] = pos;
    for (let at = text.indexOf(letter, pos + offset); at !== -1; at = text.indexOf(letter, at + 1)) {
      stem.lastIndex = at - offset;
      if (stem.test(text)) {
        this.starts[i] = at - offset;
        this.ends[i] = stem.lastIndex;
        return;
      }
    }
    this.starts[i] = -1;
  }
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
      if (SENTENCE_BREAK_BEFORE_VALUE.test(gap)) return false;
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

/** An ASCII letter: what continues the word after a stem for most label scans (see {@link LabelScan.isStemTail}). */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
