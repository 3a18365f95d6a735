/**
 * The shortest boolean payloads: a connective straight after the point where the input breaks
 * out of its string, followed by nothing but constants: `' or '' '`, `'or'1=1'`, `" or "" "`,
 * `'="or'`, `' or (EXISTS)`. They are too short for the grammar walk to see a comparison of
 * constants, but text is not shaped like them: prose after a quote goes on in words.
 *
 * Also ` OR (EXISTS …` at the start of an appended fragment: the probe for a subquery
 * condition, which needs no quote.
 */
import { nextSignificant } from '../grammar-walker.js';
import { COMPARISON_OPERATORS, LOGIC_OPERATORS, LOGIC_WORDS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** The constants are a value's worth of text: longer tails are something else. */
const MAX_TAIL_LENGTH = 48;
/** The string the input broke out of is one short value (`admin`, `hi`, nothing). */
const MAX_BROKEN_VALUE_LENGTH = 32;
/** A constant string in the tail: one short token, or only spaces (`'1'`, `''`, `' '`). */
const SHORT_CONSTANT = /^\S{0,12}$|^\s*$/;

const isConnective = (t: SqlToken | undefined): boolean =>
  t !== undefined && ((t.kind === 'word' && t.delimiter === '' && LOGIC_WORDS.has(t.upper)) || (t.kind === 'operator' && LOGIC_OPERATORS.has(t.upper)));

/** Words that may stand among the constants: `NOT`, `EXISTS`, boolean and null literals. */
const CONSTANT_WORDS = new Set(['NOT', 'EXISTS', 'TRUE', 'FALSE', 'NULL']);

/** What the tail after the connective holds, or undefined when it is not only constants. */
function readConstantTail(tokens: readonly SqlToken[], from: number): { constants: number; exists: boolean; firstOperand?: SqlToken; last: number } | undefined {
  let constants = 0;
  let exists = false;
  let firstOperand: SqlToken | undefined;
  let last = from - 1;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'comment') {
      // Only as the cut at the very end.
      if (k !== tokens.length - 1) return undefined;
      continue;
    }
    if (t.kind === 'string') {
      // `Type 'or' to continue`: a string of words is prose, not a constant.
      if (!SHORT_CONSTANT.test(t.upper)) return undefined;
      constants++;
    } else if (t.kind === 'number') constants++;
    else if (t.kind === 'word' && t.delimiter === '' && CONSTANT_WORDS.has(t.upper)) {
      if (t.upper === 'EXISTS') exists = true;
      else if (t.upper !== 'NOT') constants++;
    } else if (!(t.kind === '(' || t.kind === ')' || (t.kind === 'operator' && COMPARISON_OPERATORS.has(t.upper)))) return undefined;
    if (firstOperand === undefined && t.kind !== '(') firstOperand = t;
    last = k;
  }
  return { constants, exists, firstOperand, last };
}

/**
 * Reports a connective followed only by constants right after the broken string (token 0 of
 * a quote reading). `quote` is the quote the reading broke out of; for `"` the first operand
 * must be a string too, since `12" or 14" screen` is how product text writes inches.
 *
 * @example
 * ```ts
 * findBareConditionAfterQuote(tokenizeSql("' or '' '", 'single').tokens, "'", out) // boolean_blind
 * ```
 */
export function findBareConditionAfterQuote(tokens: readonly SqlToken[], quote: "'" | '"', out: RuleFinding[]): void {
  const broken = tokens[0]!.upper.trim();
  if (broken.length > MAX_BROKEN_VALUE_LENGTH || /\s/.test(broken)) return;
  let c = nextSignificant(tokens, 1);
  // `') or (EXISTS)`: parentheses the input closes on its way out.
  while (tokens[c]?.kind === ')') c = nextSignificant(tokens, c + 1);
  if (!isConnective(tokens[c])) return;
  const tail = readConstantTail(tokens, c + 1);
  if (tail === undefined || (tail.constants === 0 && !tail.exists)) return;
  if (tokens[tail.last]!.end - tokens[c]!.start > MAX_TAIL_LENGTH) return;
  // The application's own closing quote must fit: `foo' OR "BAR` leaves a `"` string open
  // that nothing closes. In the "…" reading it must be there, since `foo" OR "BAR"` is how
  // text quotes words.
  const final = tokens[tokens.length - 1]!;
  const appQuoteCloses = final.kind === 'string' && !final.closed && final.delimiter === quote;
  if (final.kind === 'string' && !final.closed && !appQuoteCloses) return;
  // An EXISTS probe is a template to fill in and needs no closing quote.
  if (quote === '"' && !tail.exists && (tail.firstOperand?.kind !== 'string' || !appQuoteCloses)) return;
  out.push(spanFinding(tokens, 0, tail.last, 'boolean_blind', 0.7, 'connective and constants after breaking out of a string'));
}

/**
 * Reports an input that starts with a connective and an `EXISTS` test (` or (EXISTS)`,
 * `AND EXISTS(SELECT …`): a condition appended to a query.
 *
 * @example
 * ```ts
 * findExistsContinuation(tokenizeSql(' or (EXISTS)').tokens, 0, out) // boolean_blind
 * ```
 */
export function findExistsContinuation(tokens: readonly SqlToken[], first: number, out: RuleFinding[]): void {
  if (!isConnective(tokens[first])) return;
  let k = nextSignificant(tokens, first + 1);
  while (tokens[k]?.kind === '(') k = nextSignificant(tokens, k + 1);
  if (tokens[k]?.kind === 'word' && tokens[k]!.upper === 'NOT') k = nextSignificant(tokens, k + 1);
  const t = tokens[k];
  if (t === undefined || t.kind !== 'word' || t.delimiter !== '' || t.upper !== 'EXISTS') return;
  // EXISTS ends the input, closes a parenthesis, or opens its subquery.
  const after = tokens[nextSignificant(tokens, k + 1)];
  if (after !== undefined && after.kind !== ')' && after.kind !== '(') return;
  if (after?.kind === '(' && tokens[nextSignificant(tokens, nextSignificant(tokens, k + 1) + 1)]?.upper !== 'SELECT') return;
  out.push(spanFinding(tokens, first, k, 'boolean_blind', 0.65, 'EXISTS condition appended to the query'));
}
