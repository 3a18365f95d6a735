/**
 * Payloads split across two fields of a form: the first ends in `/*`, the second starts with
 * the `*\/` that closes it (`admin'/*` and `*\/=1--`), so whatever the application put between
 * the two fields is commented out. The second half closes a comment it never opened, goes on
 * in SQL and cuts the rest off.
 */
import { nextSignificant } from '../grammar-walker.js';
import { COMPARISON_OPERATORS, LOGIC_OPERATORS, LOGIC_WORDS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** The cut at the end is short (`--`, `-- -`, `#`). */
const MAX_CUT_LENGTH = 12;

/**
 * Reports a stray `*\/` followed by a comparison or connective and a short trailing comment.
 *
 * @example
 * ```ts
 * findSplitComment(tokenizeSql('password:*\/=1--').tokens, out) // comment_truncation
 * ```
 */
export function findSplitComment(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind !== 'comment' || last.delimiter === '/*' || last.upper.trim().length > MAX_CUT_LENGTH) return;
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k]!;
    // A `/*` comment before would make the `*/` an ordinary close.
    if (t.kind === 'comment' && t.delimiter === '/*') return;
    const slash = tokens[k + 1]!;
    if (t.kind !== 'operator' || t.upper !== '*' || slash.kind !== 'operator' || slash.upper !== '/' || slash.start !== t.end) continue;
    const next = tokens[nextSignificant(tokens, k + 2)];
    if (next !== undefined && ((next.kind === 'operator' && (COMPARISON_OPERATORS.has(next.upper) || LOGIC_OPERATORS.has(next.upper))) || (next.kind === 'word' && LOGIC_WORDS.has(next.upper)))) {
      out.push(spanFinding(tokens, k, tokens.length - 1, 'comment_truncation', 0.7, 'closes a comment opened in another field'));
    }
    return;
  }
}
