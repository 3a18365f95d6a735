/**
 * A subquery opened and left for the application's query to close: `' (SELECT TOP 1`,
 * `(select top 1 name from`. The input supplies the start of an expression whose closing
 * parenthesis is already in the query it is pasted into, which no finished query does.
 */
import { nextSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { unionSelectLooksReal } from './context-break.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/**
 * Reports `(SELECT …` starting at token `first` when the parentheses opened from there are
 * never all closed and the select list reads as one (`TOP 1`, `1`, `name FROM`, `@@version`).
 * `afterQuote` says the input broke out of a string just before `first`.
 *
 * @example
 * ```ts
 * findOpenSubquery(tokenizeSql("' (select top 1", 'single').tokens, 1, true, out) // boolean_blind
 * findOpenSubquery(tokenizeSql('(select all that apply').tokens, 0, false, out)   // nothing
 * ```
 */
export function findOpenSubquery(tokens: readonly SqlToken[], first: number, afterQuote: boolean, out: RuleFinding[]): void {
  let open = nextSignificant(tokens, first);
  // `') (select top 1`: parentheses closed on the way out come first.
  while (afterQuote && tokens[open]?.kind === ')') open = nextSignificant(tokens, open + 1);
  if (tokens[open]?.kind !== '(') return;
  let s = open;
  while (tokens[s]?.kind === '(') s = nextSignificant(tokens, s + 1);
  if (tokens[s]?.kind !== 'word' || tokens[s]!.upper !== 'SELECT' || tokens[s]!.delimiter !== '') return;
  if (nextSignificant(tokens, s + 1) >= tokens.length) return;
  if (!unionSelectLooksReal(tokens, s - 1)) return;
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const kind = tokens[k]!.kind;
    if (kind === '(') depth++;
    else if (kind === ')') depth--;
    else if (kind === ';') break;
  }
  if (depth <= 0) return;
  out.push(spanFinding(tokens, afterQuote ? 0 : open, tokens.length - 1, 'boolean_blind', afterQuote ? 0.7 : 0.6, 'subquery opened for the query to close'));
}
