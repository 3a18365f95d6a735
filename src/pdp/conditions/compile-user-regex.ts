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
    return new RegExp(source, `u${extraFlags}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({
      path,
      message: `invalid regular expression (${reason}). Patterns are compiled with the "u" flag: escape only characters that need it, and write a literal "-" first or last in a character class`,
    });
    return undefined;
  }
}
