/**
 * Where a forced cut goes, and what happens to a value across it. A forced cut is made when no
 * consistent cut passed before the segment outgrew the window (see window-bound.ts). The engine
 * has read the whole window, so it has seen every bounded value near the cut whole, with the
 * lookahead's worth of text after it:
 *
 * - a value across the cut that ends inside the window is kept whole: the cut moves past it, to
 *   the first of a few positions where the window splits cleanly; when none does, to where the cut
 *   parts no value from the text the engine reads with it (its label, its context words);
 * - a value that may go on past the window (only a `jwt` or a `private_key` can be that long) is
 *   an **overflow**: it is replaced by its label, and its remainder is dropped as it arrives.
 *
 * Every rule here reads only the window's text and the engine's decision on it, so forced cuts
 * fall in the same places however the stream was chunked.
 */
import type { DetectorType } from '../../detectors/types.js';
import type { Decision } from '../../pdp/decision.js';
import { nextWordStart } from './segment-cuts.js';
import { mayContinue, type EdgeReading, type Span } from './window-edge.js';
import { CONTEXT_AFTER, CONTEXT_BEFORE } from './window-bound.js';

/** Overlapping spans merged: one stretch the engine rewrites as one. */
interface Value {
  /** The type of its earliest (then longest) span: the label the engine gives the stretch. */
  type: DetectorType;
  start: number;
  /** Where it ends in the window (at most the edge of what the engine read of it). */
  end: number;
  /** Where it ends in what the engine read, an added ending included. */
  reach: number;
  /** The span that may go on past the window, if any: its remainder is dropped by its type's rule. */
  open: Span | null;
}

/** A value that may go on past the window: replaced by its label, its remainder dropped. */
export interface Overflow {
  kind: 'overflow';
  /** The stretch of the window the value covers: the text before it is released, then `type`'s label. */
  start: number;
  end: number;
  /** Where it ends in what the engine read, an added ending included. */
  reach: number;
  type: DetectorType;
  /** The span whose remainder is dropped, by its type's rule (value-overflow.ts). */
  open: Span;
}

export type ForcedCutPlan =
  | Overflow
  /**
   * Nothing open across the cut: cut at the first of `positions` where the window splits cleanly
   * (the consistency test); when none does, at `fallback`, which parts no value from its context,
   * or by `fallback`'s overflow when that would have to be inside a value still open.
   */
  | { kind: 'cut'; positions: number[]; fallback: number | Overflow };

/** The engine's decisions at a forced cut: on the window, and on what it read of it, completed at its edge. */
export interface WindowDecisions {
  whole: Decision;
  judged: Decision;
  read: EdgeReading;
}

/**
 * Plans a forced cut at `at` in `window`. Positions after the first two are at most `limit`.
 *
 * @example
 * ```ts
 * const read = completedAtEdge(window);
 * const whole = decide(window);
 * const plan = planForcedCut(window, window.length - lookahead, { whole, judged: decide(read.text), read }, window.length - KEYWORD_REACH);
 * // { kind: 'overflow', start: 24, end: 2048, reach: 2048, type: 'private_key', open: { … } }
 * ```
 */
export function planForcedCut(window: string, at: number, decisions: WindowDecisions, limit: number): ForcedCutPlan {
  const values = mergedValues(window, decisions);
  const across = values.find((v) => v.start < at && v.end > at);
  if (across?.open) return overflowOf(across, across.open);
  const from = across?.end ?? at;
  return { kind: 'cut', positions: cutPositions(window, from, limit), fallback: cutClearOfContext(window, at, values) };
}

function overflowOf(v: Value, open: Span): Overflow {
  return { kind: 'overflow', start: v.start, end: v.end, reach: v.reach, type: v.type, open };
}

/**
 * The first position from `at` on that parts no value from itself or from the text around it
 * that the engine reads with it ({@link CONTEXT_BEFORE}, {@link CONTEXT_AFTER}): past each such
 * value in turn. An open value on the way is an overflow.
 */
function cutClearOfContext(window: string, at: number, values: readonly Value[]): number | Overflow {
  let p = at;
  for (const v of values) {
    if (!(v.start - CONTEXT_BEFORE < p && p < v.end + CONTEXT_AFTER)) continue;
    if (v.open !== null) return overflowOf(v, v.open);
    p = Math.min(window.length, v.end + CONTEXT_AFTER);
  }
  return p;
}

/** Gaps after the first position at which further positions are tried: past any keyword (≤ 500) across the first. */
const GAPS = [32, 64, 128, 256, 512];

/**
 * Where to try a forced cut with nothing open across it: the first word start from `from` on,
 * `from` itself, then the first word starts (or the positions themselves) 32, 64, … 512
 * characters after the first, up to `limit`; none that splits a surrogate pair.
 */
function cutPositions(window: string, from: number, limit: number): number[] {
  const wordStart = (p: number): number => {
    const c = nextWordStart(window, p, limit + 1);
    return c === -1 ? p : c;
  };
  const first = wordStart(from);
  const out = first !== from ? [first, from] : [from];
  for (const gap of GAPS) {
    const p = wordStart(first + gap);
    if (p > limit) break;
    if (p > Math.max(...out) && !splitsSurrogates(window, p)) out.push(p);
  }
  return out;
}

/** Is `at` between the two halves of a surrogate pair? */
function splitsSurrogates(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff;
}

/** The types the decision redacts (its `redact` obligation). */
function redactedTypes(decision: Decision): Set<string> {
  const types = new Set<string>();
  for (const o of decision.obligations) if (o.type === 'redact') for (const t of Object.keys(o.styles)) types.add(t);
  return types;
}

/** A finding of a type the decision redacts, cut back to `edge`, and where it ended in what the engine read. */
function redactedSpans(decision: Decision, edge: number): Array<Span & { reach: number }> {
  const types = redactedTypes(decision);
  return decision.findings
    .filter((f) => f.source === 'text' && types.has(f.type) && f.start < edge)
    .map((f) => ({ type: f.type, start: f.start, end: Math.min(f.end, edge), reach: f.end }));
}

/**
 * The values to keep whole, by start, overlapping ones merged: the findings of the types the
 * engine redacts, in the window as it is and as completed at its edge (either view may miss a
 * value the other sees, so both count).
 */
function mergedValues(window: string, { whole, judged, read }: WindowDecisions): Value[] {
  const readable = window.slice(0, read.edge);
  const spans = redactedSpans(whole, window.length).map((s) => ({ ...s, open: mayContinue(window, s) }));
  if (judged !== whole) for (const s of redactedSpans(judged, read.edge)) spans.push({ ...s, open: mayContinue(readable, s) });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const values: Value[] = [];
  for (const s of spans) {
    const span: Span = { type: s.type, start: s.start, end: s.end };
    const open = s.open ? span : null;
    const last = values[values.length - 1];
    if (last === undefined || span.start >= last.end) {
      values.push({ type: span.type, start: span.start, end: span.end, reach: s.reach, open });
      continue;
    }
    last.end = Math.max(last.end, span.end);
    last.reach = Math.max(last.reach, s.reach);
    // A key block's rule (drop through its END line) drops the most; otherwise the farthest-reaching value's.
    if (open !== null && (last.open === null || (last.open.type !== 'private_key' && (open.type === 'private_key' || open.end > last.open.end)))) last.open = open;
  }
  return values;
}
