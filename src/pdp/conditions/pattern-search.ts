/**
 * Finding every match of a policy author's regular expressions in a text.
 *
 * Each pattern is compiled once with `g` (plus `u`, and `i` unless the policy is case
 * sensitive). When a pattern has a group named `value`, only that group is reported, so a
 * pattern can match a label and redact just the value after it:
 * `\bcvv\s*[:#]?\s*(?<value>\d{3,4})`. Zero-length matches mark no text, so they are skipped, and the search steps
 * past them by one whole code point so it always moves forward.
 */
import type { ConfigIssue } from '../../errors.js';
import { compileUserRegex } from './compile-user-regex.js';

const VALUE_GROUP = /\(\?<value>/;

/** One pattern match: UTF-16 offsets, and the index of the pattern. */
export interface PatternHit {
  start: number;
  end: number;
  pattern: number;
}

/**
 * Appends every non-empty match of every pattern to `out`. Never throws. With `starts`, pattern
 * `i` is searched from offset `starts[i]` on, or skipped when that is negative: for callers
 * that know no match of it starts earlier (lookbehinds and `\b` still see the text before).
 */
export type PatternSearch = (text: string, out: PatternHit[], starts?: ArrayLike<number>) => void;

/** Compiled patterns and their search. */
export interface CompiledPatterns {
  readonly search: PatternSearch;
  /** The compiled expressions, in pattern order. */
  readonly regexes: readonly RegExp[];
}

/** Offset of the code point after the one at `pos`. */
function nextCodePoint(text: string, pos: number): number {
  const unit = text.charCodeAt(pos);
  const isPair = unit >= 0xd800 && unit <= 0xdbff && pos + 1 < text.length && (text.charCodeAt(pos + 1) & 0xfc00) === 0xdc00;
  return pos + (isPair ? 2 : 1);
}

function searchOne(re: RegExp, pattern: number, text: string, out: PatternHit[], from: number): void {
  re.lastIndex = from;
  try {
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // A group named `value` narrows the span to the value after a label.
      const group = m.indices?.groups?.value;
      const start = group ? group[0] : m.index;
      const end = group ? group[1] : m.index + m[0].length;
      if (end === start) {
        if (m[0].length === 0) {
          if (m.index >= text.length) break;
          re.lastIndex = nextCodePoint(text, m.index);
        }
        continue;
      }
      out.push({ start, end, pattern });
    }
  } catch {
    // The regex engine gave up (its backtracking stack overflowed on this text). The text
    // was not checked, so fail closed: report all of it as matched.
    out.push({ start: 0, end: text.length, pattern });
  } finally {
    re.lastIndex = 0;
  }
}

/**
 * Compiles `patterns`, recording an issue at `[...path, i]` for each invalid one. Returns
 * `undefined` when any is invalid.
 *
 * @example
 * ```ts
 * const { search } = buildPatternSearch(['\\bPRJ-\\d{4}\\b'], false, ['policies', 2, 'patterns'], issues)!;
 * const hits: PatternHit[] = [];
 * search('see prj-0042', hits); // [{ start: 4, end: 12, pattern: 0 }]
 * ```
 */
export function buildPatternSearch(
  patterns: readonly string[],
  caseSensitive: boolean,
  path: (string | number)[],
  issues: ConfigIssue[],
): CompiledPatterns | undefined {
  const flags = caseSensitive ? 'g' : 'gi';
  const compiled: RegExp[] = [];
  patterns.forEach((source, i) => {
    if (typeof source !== 'string' || source.length === 0) {
      issues.push({ path: [...path, i], message: 'a pattern must be a non-empty regular-expression source string' });
      return;
    }
    // `d` (match indices) only when needed: it makes every match cost more.
    const re = compileUserRegex(source, VALUE_GROUP.test(source) ? `${flags}d` : flags, [...path, i], issues);
    if (re !== undefined) compiled.push(re);
  });
  if (compiled.length !== patterns.length) return undefined;
  const search: PatternSearch = (text, out, starts) => {
    for (let i = 0; i < compiled.length; i++) {
      const from = starts === undefined ? 0 : starts[i]!;
      if (from >= 0) searchOne(compiled[i]!, i, text, out, from);
    }
  };
  return { search, regexes: compiled };
}
