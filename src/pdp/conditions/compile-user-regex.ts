/**
 * Compiling a regular expression written by a policy author.
 *
 * Every user pattern is compiled with the `u` flag. Without it JavaScript silently reads
 * `\p{L}` as the letters `p{L}` and lets `.` split an emoji in half; with it those mistakes
 * become a `PolicyConfigError` when the engine is created, which is where an author can fix
 * them. Condition regexes and text-rule patterns share this one rule.
 */
import type { ConfigIssue } from '../../errors.js';

/**
 * Can a pattern that compiled under `u` run without it and mean the same? V8 leaves its fast
 * paths when `u` and `i` meet (`\b` alone gets 10–20× slower), so plain ASCII patterns run in
 * legacy mode. That is safe when the source is ASCII and uses nothing `u` reinterprets:
 * `\u{…}`, `\p{…}`, and `.`, negated classes or `\W \S \D \B`, which in legacy mode could
 * match half of a surrogate pair. The one remaining difference is case folding of two
 * non-ASCII letters (ſ and the Kelvin sign), which legacy `i` does not fold to s and k.
 */
function runsTheSameWithoutU(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c > 0x7e || c < 0x20) return false;
    if (c === 0x2e /* . */) return false;
    if (c === 0x5b /* [ */ && source.charCodeAt(i + 1) === 0x5e /* ^ */) return false;
    if (c === 0x5c /* \ */) {
      const next = source[i + 1];
      if (next === undefined || 'upPWSDBkcx0123456789'.includes(next)) return false;
      i++;
    }
  }
  return true;
}

/**
 * Compiles `source` with `u` plus `extraFlags`, or records an issue at `path` and returns
 * `undefined`. Never throws.
 */
export function compileUserRegex(
  source: string,
  extraFlags: string,
  path: (string | number)[],
  issues: ConfigIssue[],
): RegExp | undefined {
  try {
    const checked = new RegExp(source, `u${extraFlags}`);
    return runsTheSameWithoutU(source) ? new RegExp(source, extraFlags) : checked;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({
      path,
      message: `invalid regular expression (${reason}). Patterns are compiled with the "u" flag: escape only characters that need it, and write a literal "-" first or last in a character class`,
    });
    return undefined;
  }
}
