/**
 * `UNION [ALL] SELECT` found anywhere in an input that is not itself a query, even where the
 * grammar walk from the start gave up (`{d 2} UNION SELECT …`, payloads after prose). The
 * select list must look like one (`1,2,3`, `@@version`, `col FROM t`), not like English
 * ("the union select committee met").
 */
import { nextSignificant, previousSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { unionSelectLooksReal } from './context-break.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** Tokens after SELECT searched for list punctuation. */
const LIST_SCAN = 16;

/**
 * Whether the select list after `select` (index `s`) goes on like one: a comma, FROM or a
 * comment soon, or a lone number / NULL / variable / call at the very end.
 */
function selectListContinues(tokens: readonly SqlToken[], s: number): boolean {
  const limit = Math.min(tokens.length, s + LIST_SCAN);
  for (let j = s + 1; j < limit; j++) {
    const t = tokens[j]!;
    if (t.kind === ',' || t.kind === 'comment' || t.kind === '(' || (t.kind === 'word' && (t.upper === 'FROM' || t.upper === 'INTO'))) return true;
  }
  const item = tokens[nextSignificant(tokens, s + 1)];
  return limit >= tokens.length && item !== undefined && (item.kind === 'number' || item.kind === 'variable' || item.upper === 'NULL');
}

/**
 * Reports each `UNION … SELECT` whose select list looks real.
 *
 * @example
 * ```ts
 * findUnionAnywhere(tokenizeSql('{d 2} UNION SELECT table_name FROM t').tokens, out) // union_based
 * ```
 */
export function findUnionAnywhere(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word' || t.upper !== 'UNION' || t.delimiter !== '') continue;
    let s = nextSignificant(tokens, k + 1);
    while (s < tokens.length && (tokens[s]!.kind === '(' || tokens[s]!.upper === 'ALL' || tokens[s]!.upper === 'DISTINCT')) s = nextSignificant(tokens, s + 1);
    if (tokens[s]?.upper !== 'SELECT' || !unionSelectLooksReal(tokens, k) || !selectListContinues(tokens, s)) continue;
    const p = tokens[previousSignificant(tokens, k - 1)];
    // After an English article or preposition it is prose ("a union select …").
    if (p !== undefined && p.kind === 'word' && ['A', 'AN', 'THE', 'OF', 'TO', 'FOR', 'WITH', 'MY', 'OUR', 'YOUR', 'THEIR', 'HIS', 'HER'].includes(p.upper)) continue;
    out.push(spanFinding(tokens, k, s, 'union_based', 0.85, 'UNION SELECT'));
  }
}
