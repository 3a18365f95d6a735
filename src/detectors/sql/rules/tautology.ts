/**
 * Boolean-blind conditions wherever they appear, even inside an otherwise well-formed query:
 * a connective followed by a comparison of constants (`OR 1=1`, `OR 'a'='a'`, `AND 1=2`,
 * `OR x=x`), or by a bare truthy constant right before a comment (`OR true--`, `OR 1#`).
 *
 * The condition must end where SQL would let it end (end of input, a comment, `)`, `;`,
 * another connective, or a clause such as `LIMIT`), which keeps "or 1 = 1 in boolean
 * logic?" from counting.
 */
import { nextSignificant, previousSignificant } from '../grammar-walker.js';
import { COMPARISON_OPERATORS, LOGIC_OPERATORS, LOGIC_WORDS, VALUE_WORDS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

const FOLLOWING_CLAUSES = new Set(['LIMIT', 'ORDER', 'GROUP', 'UNION', 'HAVING', 'INTO', 'AND', 'OR', 'XOR', 'PROCEDURE', 'THEN']);

/** Boolean connectives, and `WHEN` (sqlmap's `CASE WHEN 4831=4831 THEN …`). */
const isConnective = (t: SqlToken): boolean =>
  (t.kind === 'word' && t.delimiter === '' && (LOGIC_WORDS.has(t.upper) || t.upper === 'WHEN')) || (t.kind === 'operator' && LOGIC_OPERATORS.has(t.upper));

const isConstant = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'number' || t.kind === 'string' || (t.kind === 'word' && (t.upper === 'TRUE' || t.upper === 'FALSE' || t.upper === 'NULL')));

const isPlainName = (t: SqlToken | undefined): boolean =>
  t !== undefined && t.kind === 'word' && t.delimiter === '' && !VALUE_WORDS.has(t.upper) && !LOGIC_WORDS.has(t.upper);

/** Whether what precedes a connective at `k` can end an operand (or nothing, or a `;`, precedes it). */
function followsOperand(tokens: readonly SqlToken[], k: number): boolean {
  const p = previousSignificant(tokens, k - 1);
  if (p < 0) return true;
  const t = tokens[p]!;
  return t.kind === 'number' || t.kind === 'string' || t.kind === ')' || t.kind === 'variable' || t.kind === ';' || (t.kind === 'word' && t.upper !== 'BETWEEN');
}

/** Functions blind extraction wraps around the value it reads one character at a time. */
const EXTRACTION_FUNCTIONS = new Set(['ASCII', 'ORD', 'SUBSTRING', 'SUBSTR', 'MID', 'LENGTH', 'LEN', 'HEX', 'UNICODE', 'BIN', 'CONV', 'LEFT', 'RIGHT', 'IF', 'IIF', 'ELT', 'MAKE_SET', 'CHAR_LENGTH', 'LOWER', 'UPPER']);

/** Whether the condition may end at `i` (skipping closing parentheses). */
function endsCondition(tokens: readonly SqlToken[], i: number): boolean {
  let j = i;
  while (j < tokens.length && tokens[j]!.kind === ')') j++;
  if (j >= tokens.length) return true;
  const t = tokens[j]!;
  if (t.kind === 'comment' || t.kind === ';') return true;
  if (t.kind === 'string' && !t.closed && j === tokens.length - 1) return true;
  if (t.kind === 'operator' && LOGIC_OPERATORS.has(t.upper)) return true;
  return t.kind === 'word' && t.delimiter === '' && FOLLOWING_CLAUSES.has(t.upper);
}

/** Index after optional `(` and a unary sign starting at `i`. */
function skipOpeners(tokens: readonly SqlToken[], i: number): number {
  let j = nextSignificant(tokens, i);
  while (j < tokens.length && (tokens[j]!.kind === '(' || (tokens[j]!.kind === 'operator' && (tokens[j]!.upper === '-' || tokens[j]!.upper === '+')))) j = nextSignificant(tokens, j + 1);
  return j;
}

/** Tokens searched inside an extraction call for what it reads. */
const EXTRACTION_SCAN = 24;

/** Whether the call starting at `a` reads a subquery, a variable like `@@version`, or server functions. */
function readsServerData(tokens: readonly SqlToken[], a: number): boolean {
  const limit = Math.min(tokens.length, a + EXTRACTION_SCAN);
  for (let j = a + 1; j < limit; j++) {
    const t = tokens[j]!;
    if (t.kind === 'variable') return true;
    if (t.kind === 'word' && (t.upper === 'SELECT' || ((t.upper === 'VERSION' || t.upper === 'USER' || t.upper === 'DATABASE' || t.upper === 'CURRENT_USER' || t.upper === 'SYSTEM_USER' || t.upper === 'DB_NAME') && tokens[j + 1]?.kind === '('))) return true;
  }
  return false;
}

/**
 * Finds constant conditions after a boolean connective.
 *
 * @example
 * ```ts
 * findTautologies(tokenizeSql("SELECT * FROM u WHERE name='' OR '1'='1'").tokens) // boolean_blind
 * findTautologies(tokenizeSql("or 1 = 1 in boolean logic?").tokens)                // nothing
 * ```
 */
export function findTautologies(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) findTautologiesAt(tokens, k, out);
}

/**
 * The check of {@link findTautologies} at token `k`; the scanner's single pass calls it only for
 * tokens that can start a match.
 *
 * @example
 * ```ts
 * findTautologiesAt(tokenizeSql("x OR 1=1").tokens, 1, out) // boolean_blind
 * ```
 */
export function findTautologiesAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const t = tokens[k]!;
  if (!isConnective(t) || !followsOperand(tokens, k)) return;
  const a = skipOpeners(tokens, k + 1);
  const left = tokens[a];
  if (left === undefined) return;
  const op = tokens[nextSignificant(tokens, a + 1)];
  const opIndex = nextSignificant(tokens, a + 1);
  const isComparison = op !== undefined && ((op.kind === 'operator' && COMPARISON_OPERATORS.has(op.upper)) || (op.kind === 'word' && op.upper === 'LIKE'));
  if (isComparison) {
    const b = skipOpeners(tokens, opIndex + 1);
    const right = tokens[b];
    // OR 1=(SELECT …): a constant compared with a subquery the attacker wrote.
    if (isConstant(left) && right?.kind === 'word' && right.upper === 'SELECT' && tokens[b - 1]?.kind === '(') {
      out.push(spanFinding(tokens, k, b, 'boolean_blind', 0.85, 'constant compared with a subquery'));
      return;
    }
    const constant = (isConstant(left) && isConstant(right)) || (isPlainName(left) && isPlainName(right) && left.upper === right!.upper);
    if (constant && endsCondition(tokens, nextSignificant(tokens, b + 1))) {
      out.push(spanFinding(tokens, k, b, 'boolean_blind', 0.85, 'constant condition after a connective'));
    }
    return;
  }
  // AND ASCII(SUBSTRING((SELECT …), 1, 1)) > 100 : reading data one character at a time.
  if (left.kind === 'word' && EXTRACTION_FUNCTIONS.has(left.upper) && tokens[nextSignificant(tokens, a + 1)]?.kind === '(' && readsServerData(tokens, a)) {
    out.push(spanFinding(tokens, k, a, 'boolean_blind', 0.8, 'character-by-character extraction'));
    return;
  }
  // OR 1-- / OR true# : a truthy constant and then the rest of the query commented out.
  const truthy = (left.kind === 'number' && Number(left.upper) !== 0) || (left.kind === 'word' && left.upper === 'TRUE');
  const after = tokens[a + 1];
  if (truthy && t.upper !== 'AND' && after !== undefined && after.kind === 'comment') {
    out.push(spanFinding(tokens, k, a, 'boolean_blind', 0.8, 'always-true condition before a comment'));
  }
}
