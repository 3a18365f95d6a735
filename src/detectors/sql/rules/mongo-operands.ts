/**
 * MongoDB query operators, and the operands that turn one into an attack. Put where an
 * application expects a plain value (a password, a user name), `{ $ne: 1 }`, `{ $gt: '' }` or
 * `{ $regex: '.*' }` matches every document, and `$where: '1 == 1'` runs JavaScript that is
 * always true. The same operators with a real operand (`{ $gt: 18 }`) are ordinary queries.
 */
import { nextSignificant, tokensTouch } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { tokenizeSql } from '../tokenizer.js';

/** Query and logical operators, upper-cased, without the `$`. */
const MONGO_OPERATORS = new Set([
  'WHERE', 'NE', 'EQ', 'GT', 'GTE', 'LT', 'LTE', 'IN', 'NIN', 'REGEX', 'OR', 'AND', 'NOR', 'NOT', 'EXISTS',
  'EXPR', 'COMMENT', 'ELEMMATCH', 'TYPE', 'MOD', 'ALL', 'SIZE', 'TEXT', 'FUNCTION', 'ACCUMULATOR', 'JSONSCHEMA',
]);

/** Longest quoted key read as an operator (`"$elemMatch"`). */
const MAX_KEY_LENGTH = 16;
/** Tokens read as one operand at most; longer operands are ordinary queries, not probes. */
const MAX_OPERAND_TOKENS = 64;
/** Longest `$where` string whose JavaScript is read. */
const MAX_WHERE_SOURCE = 400;

/**
 * The operator (upper-cased, without `$`) that `t` spells as a key, bare (`$ne`) or quoted
 * (`"$ne"`, `'$ne'`); undefined for anything else (`$5`, `$price`).
 */
export function mongoOperatorName(t: SqlToken | undefined): string | undefined {
  if (t === undefined || t.upper.charCodeAt(0) !== 36) return undefined;
  let name: string;
  if (t.kind === 'word' && t.delimiter === '') name = t.upper;
  else if (t.kind === 'string' && t.upper.length <= MAX_KEY_LENGTH) name = t.upper.toUpperCase();
  else return undefined;
  const op = name.slice(1);
  return MONGO_OPERATORS.has(op) ? op : undefined;
}

const isOpener = (t: SqlToken): boolean => t.kind === '(' || (t.kind === 'other' && (t.upper === '{' || t.upper === '['));
const isCloser = (t: SqlToken): boolean => t.kind === ')' || (t.kind === 'other' && (t.upper === '}' || t.upper === ']'));

/** Whether `t` closes a bracket (`)`, `}`, `]`). */
export const isClosingBracket = (t: SqlToken | undefined): boolean => t !== undefined && isCloser(t);

/**
 * The operand that starts at token `k`: up to the `,` or closing bracket that ends it, nested
 * brackets included. Returns the index after it, or -1 when it runs past {@link MAX_OPERAND_TOKENS}.
 */
export function operandEnd(tokens: readonly SqlToken[], k: number): number {
  let depth = 0;
  const limit = Math.min(tokens.length, k + MAX_OPERAND_TOKENS);
  for (let j = k; j < limit; j++) {
    const t = tokens[j]!;
    if (isOpener(t)) depth++;
    else if (isCloser(t)) {
      if (depth === 0) return j;
      depth--;
    } else if (t.kind === ',' && depth === 0) return j;
  }
  return limit === tokens.length ? limit : -1;
}

/** The operand as text: a quoted string's content, or the tokens' text joined (words upper-cased). */
function operandText(operand: readonly SqlToken[]): string {
  if (operand.length === 1 && operand[0]!.kind === 'string') return operand[0]!.upper;
  let s = '';
  for (const t of operand) if (t.kind !== 'comment') s += t.upper;
  return s;
}

const isNull = (s: string): boolean => s === 'NULL' || s === 'UNDEFINED' || s === 'null' || s === 'undefined';
/** `/.*\/i` → `.*`: the body of a JavaScript regular-expression literal. */
function regexBody(s: string): string {
  if (s[0] !== '/') return s;
  const close = s.lastIndexOf('/');
  return s.slice(1, close > 0 ? close : s.length);
}
/** Matches everything (`.*`, `.+`, `^`, ``), or is anchored at the start (`^adm`: one character at a time). */
const MATCH_ALL_OR_PREFIX = /^(?:\^|(?:\.[*+?]?)*\$?$)/;

/**
 * Whether `op` with this operand matches (nearly) every document, which is what it does in an
 * attack that replaces a value: `$ne` and `$nin` with anything, `$gt`/`$gte` with an empty
 * string, null or a negative number, `$exists: true`, a `$regex` that matches everything or is
 * anchored for character-by-character extraction, and a `$where` that is always true or waits.
 *
 * @example
 * ```ts
 * isPermissiveOperand('GT', tokenizeSql("''").tokens) // true
 * isPermissiveOperand('GT', tokenizeSql('18').tokens) // false
 * ```
 */
export function isPermissiveOperand(op: string, operand: readonly SqlToken[]): boolean {
  switch (op) {
    case 'NE':
    case 'NIN':
      return true;
    case 'GT':
    case 'GTE': {
      const s = operandText(operand);
      return s === '' || isNull(s) || /^-\d/.test(s);
    }
    case 'EXISTS': {
      const s = operandText(operand);
      return s === 'TRUE' || s === '1';
    }
    case 'REGEX':
      return MATCH_ALL_OR_PREFIX.test(regexBody(operandText(operand)));
    case 'WHERE':
      return isAlwaysTrueOrDelay(operand);
    default:
      return false;
  }
}

/** The `==` / `===` / `!=` / `!==` at `k`: how many tokens it takes and whether it negates; undefined if none. */
function equalityAt(tokens: readonly SqlToken[], k: number): { length: number; negated: boolean } | undefined {
  const t = tokens[k];
  if (t?.kind !== 'operator' || (t.upper !== '==' && t.upper !== '!=')) return undefined;
  const strict = tokens[k + 1]?.kind === 'operator' && tokens[k + 1]!.upper === '=' && tokensTouch(t, tokens[k + 1]);
  return { length: strict ? 2 : 1, negated: t.upper === '!=' };
}

const isJsLiteral = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'number' || t.kind === 'string' || (t.kind === 'word' && (t.upper === 'TRUE' || t.upper === 'FALSE')));

/**
 * Whether tokens `[a, b)` are one JavaScript expression that is always true, `return` and
 * trailing `;` aside: `true`, `1`, `1 == 1`, `'a' !== 'b'`, `(true)`.
 */
export function isJavaScriptTautology(tokens: readonly SqlToken[], a: number, b: number): boolean {
  if (tokens[a]?.kind === 'word' && tokens[a]!.upper === 'RETURN') a++;
  while (b > a && tokens[b - 1]!.kind === ';') b--;
  while (b - a > 2 && tokens[a]!.kind === '(' && tokens[b - 1]!.kind === ')') {
    a++;
    b--;
  }
  if (b - a === 1) {
    const t = tokens[a]!;
    return (t.kind === 'word' && t.upper === 'TRUE') || (t.kind === 'number' && Number(t.upper) !== 0);
  }
  const left = tokens[a];
  const eq = equalityAt(tokens, a + 1);
  if (eq === undefined || !isJsLiteral(left) || b - a !== 2 + eq.length) return false;
  const right = tokens[a + 1 + eq.length];
  if (!isJsLiteral(right)) return false;
  return (left!.upper === right!.upper && left!.kind === right!.kind) !== eq.negated;
}

/**
 * Whether a `$where` operand is JavaScript that is always true (`'1 == 1'`, `true`,
 * `function() { return true; }`, `x || 1==1`) or only waits (`sleep(5000)`, a `while` loop).
 */
export function isAlwaysTrueOrDelay(operand: readonly SqlToken[]): boolean {
  let tokens = operand;
  if (operand.length === 1 && operand[0]!.kind === 'string') {
    if (operand[0]!.upper.length > MAX_WHERE_SOURCE) return false;
    tokens = tokenizeSql(operand[0]!.upper).tokens.filter((t) => t.kind !== 'comment');
  }
  let a = 0;
  let b = tokens.length;
  // function () { … }: judge the body.
  if (tokens[0]?.kind === 'word' && tokens[0].upper === 'FUNCTION' && tokens[1]?.kind === '(' && tokens[2]?.kind === ')' && tokens[3]?.upper === '{') {
    a = 4;
    if (tokens[b - 1]?.upper === '}') b--;
  }
  let part = a;
  for (let k = a; k <= b; k++) {
    const t = tokens[k];
    if (t !== undefined && k < b && t.kind === 'word' && (t.upper === 'SLEEP' || t.upper === 'WHILE') && tokens[nextSignificant(tokens, k + 1)]?.kind === '(') return true;
    if (k === b || (t!.kind === 'operator' && t!.upper === '||')) {
      if (isJavaScriptTautology(tokens, part, k)) return true;
      part = k + 1;
    }
  }
  return false;
}
