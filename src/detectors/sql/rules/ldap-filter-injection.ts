/**
 * LDAP filter injection: a value that closes the filter an application pasted it into, or
 * appends a filter of its own. Two shapes, judged on tokens with no space between them:
 * - a `)` that closes a filter the input never opened, followed by a new one:
 *   `*)(uid=*))(|(uid=*`, `admin*)((|userpassword=*)`, `)(cn=*`, or by an OR or AND left
 *   open at the end (`*)(&`);
 * - a value followed straight away by an OR or AND filter: `*(|(objectclass=*))`, `x(&(uid=*)`.
 * A whole filter (`(&(objectClass=person)(uid=alice))`) opens every parenthesis it closes and
 * starts each `(|(` after `(` or `)`, so it is not reported; nor are `(a|b)` or `a*b`.
 */
import { tokensTouch } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import type { RuleFinding } from './rule-finding.js';

const CATEGORY = 'ldap_injection';
const CONFIDENCE = 0.85;

const isOperator = (t: SqlToken | undefined, ...ops: string[]): boolean => t?.kind === 'operator' && ops.includes(t.upper);
/** What a filter value can end with: a wildcard, a word or a number. */
const isValueEnd = (t: SqlToken | undefined): boolean =>
  t !== undefined && ((t.kind === 'word' && t.delimiter === '') || t.kind === 'number' || isOperator(t, '*'));

/**
 * Whether an LDAP filter opens at `k`: `(`, then up to three more of `(`, `|`, `&`, `!`, then
 * `attribute=` (or `~=`, `>=`, `<=`), all touching; or, at the very end of the input, an OR or
 * AND left open for the application's own filter to fill (`*)(&`). Returns the index of the
 * last token read, or -1.
 */
function filterOpensAt(tokens: readonly SqlToken[], k: number): number {
  if (tokens[k]?.kind !== '(') return -1;
  let j = k + 1;
  let composed = false;
  for (let n = 0; n < 3 && tokensTouch(tokens[j - 1], tokens[j]) && (tokens[j]!.kind === '(' || isOperator(tokens[j], '|', '&', '!')); n++) {
    if (tokens[j]!.kind === 'operator') composed = true;
    j++;
  }
  if (composed && j === tokens.length) return j - 1;
  const attribute = tokens[j];
  if (!tokensTouch(tokens[j - 1], attribute) || attribute!.kind !== 'word' || attribute!.delimiter !== '') return -1;
  let cmp = j + 1;
  if (isOperator(tokens[cmp], '~') && tokensTouch(tokens[cmp], tokens[cmp + 1])) cmp++;
  if (!tokensTouch(tokens[cmp - 1], tokens[cmp]) || !isOperator(tokens[cmp], '=', '>=', '<=')) return -1;
  return cmp;
}

/**
 * Runs the LDAP rules over one reading, from token `first` (1 in a quote reading, whose
 * `tokens[0]` is the string the quote closed: `admin')(|(uid=*`).
 *
 * @example
 * ```ts
 * findLdapFilterInjection(tokenizeSql('*(|(objectclass=*))').tokens, 0, out) // ldap_injection
 * ```
 */
export function findLdapFilterInjection(tokens: readonly SqlToken[], first: number, out: RuleFinding[]): void {
  let depth = 0;
  let sawUnopened = false;
  for (let k = first; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === '(') {
      depth++;
      // `*(|(`: a value, then an OR or AND filter.
      const op = tokens[k + 1];
      if (k > first && isValueEnd(tokens[k - 1]) && tokensTouch(tokens[k - 1], t) && tokensTouch(t, op) && isOperator(op, '|', '&') && tokens[k + 2]?.kind === '(' && tokensTouch(op, tokens[k + 2])) {
        const cmp = filterOpensAt(tokens, k + 2);
        if (cmp >= 0) out.push({ category: CATEGORY, confidence: CONFIDENCE, start: tokens[k - 1]!.start, end: tokens[cmp]!.end, reason: 'LDAP filter appended to a value' });
      }
    } else if (t.kind === ')') {
      if (depth > 0) {
        depth--;
        continue;
      }
      // The first `)` the input never opened (and those touching it): did it break out of a filter?
      if (sawUnopened) continue;
      sawUnopened = true;
      let j = k;
      while (tokens[j + 1]?.kind === ')' && tokensTouch(tokens[j], tokens[j + 1])) j++;
      const cmp = tokensTouch(tokens[j], tokens[j + 1]) ? filterOpensAt(tokens, j + 1) : -1;
      if (cmp >= 0) out.push({ category: CATEGORY, confidence: CONFIDENCE, start: t.start, end: tokens[cmp]!.end, reason: 'LDAP filter closed early and a new one opened' });
    }
  }
}
