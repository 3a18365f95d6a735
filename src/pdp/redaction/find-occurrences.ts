import { escapeRegExp } from './restore.js';
/**
 * Every place each of several strings occurs in a text. Redaction looks for every value it
 * redacts, in the input and again in the output; a long text with many values would cost one
 * `indexOf` pass per value, so there one regular expression of them all finds every place
 * where one starts in a single pass. Building that expression costs about as much as a few
 * `indexOf` passes over a kilobyte, so short texts and few values keep `indexOf`.
 */

/**
 * Is one pass with a regular expression cheaper? Measured on Node 20: `indexOf` costs about
 * 0.36 units per value and KiB searched; the expression about 1 per value, 0.45 per KiB and
 * 0.5 to build.
 */
function onePassPays(values: number, length: number): boolean {
  const kib = length / 1024;
  return 0.36 * values * kib > values + 0.45 * kib + 0.5;
}

/** A stretch `[from, to)` of the haystack. */
export interface Range {
  from: number;
  to: number;
}

function onePass(haystack: string, values: readonly string[], ranges: readonly Range[], out: number[][]): void {
  const byFirstUnit = new Map<number, number[]>();
  values.forEach((v, k) => {
    const first = v.charCodeAt(0);
    let list = byFirstUnit.get(first);
    if (!list) byFirstUnit.set(first, (list = []));
    list.push(k);
  });
  // No flags: the values are compared code unit by code unit, as indexOf does.
  const any = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  for (const { from, to } of ranges) {
    const within = haystack.slice(from, to);
    any.lastIndex = 0;
    for (let m = any.exec(within); m !== null; m = any.exec(within)) {
      const at = m.index;
      for (const k of byFirstUnit.get(within.charCodeAt(at))!) if (within.startsWith(values[k]!, at)) out[k]!.push(from + at);
      // Occurrences may overlap: look again from the next code unit.
      any.lastIndex = at + 1;
    }
  }
}

/**
 * For each of `values` (non-empty strings), every offset where it occurs in `haystack`,
 * overlapping occurrences included, ascending. With `ranges` (ascending and disjoint), only
 * the occurrences that lie wholly inside one of them.
 *
 * @example
 * ```ts
 * findOccurrences('abab', ['ab', 'b']); // [[0, 2], [1, 3]]
 * findOccurrences('abab', ['ab', 'b'], [{ from: 1, to: 4 }]); // [[2], [1, 3]]
 * ```
 */
export function findOccurrences(haystack: string, values: readonly string[], ranges: readonly Range[] = [{ from: 0, to: haystack.length }]): number[][] {
  let length = 0;
  for (const r of ranges) length += r.to - r.from;
  if (onePassPays(values.length, length)) {
    const out: number[][] = values.map(() => []);
    try {
      onePass(haystack, values, ranges, out);
      return out;
    } catch {
      // The regex engine gave up (a huge alternation): search value by value.
    }
  }
  const out: number[][] = values.map(() => []);
  for (const { from, to } of ranges) {
    const within = haystack.slice(from, to);
    values.forEach((v, k) => {
      for (let i = within.indexOf(v); i >= 0; i = within.indexOf(v, i + 1)) out[k]!.push(from + i);
    });
  }
  return out;
}
