/**
 * Turning overlapping matches into sorted, disjoint spans.
 *
 * Overlapping matches are merged into one span covering both, rather than one being dropped:
 * the spans are what gets redacted, and dropping the tail of an overlapping match would leave
 * part of it in the text. Spans that only touch stay separate.
 */

/** A span of text matched by a rule. */
export interface RuleSpan {
  start: number;
  end: number;
  rule: string;
}

/**
 * Sorts `spans` by start (longest first on ties, then input order) and merges overlaps. A
 * merged span keeps the rule of its leftmost, longest part.
 */
export function mergeSpans(spans: RuleSpan[]): RuleSpan[] {
  if (spans.length <= 1) return spans.map((s) => ({ ...s }));
  // Array.prototype.sort is stable, so equal spans keep input order (keywords, then patterns).
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RuleSpan[] = [];
  let current = { ...sorted[0]! };
  for (let i = 1; i < sorted.length; i++) {
    const span = sorted[i]!;
    if (span.start < current.end) {
      if (span.end > current.end) current.end = span.end;
    } else {
      out.push(current);
      current = { ...span };
    }
  }
  out.push(current);
  return out;
}
