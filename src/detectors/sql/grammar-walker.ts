/**
 * A permissive SQL expression/query grammar, run as a small state machine over tokens. It
 * answers one question for the rules: starting here, how far does the text keep reading as
 * SQL, and what did that stretch contain (boolean connectives, comparisons of constants,
 * UNION SELECT, clauses, calls…)?
 *
 * English fails it quickly: two plain words in a row are allowed once (`expr alias`), a third
 * is a violation, and keywords need the right neighbours (`IN` needs `(`, `ORDER` needs `BY`).
 * Each token is looked at once, so a walk is linear in the tokens it covers.
 */
import {
  ARITHMETIC_WORDS, BY_WORDS, CLAUSE_WORDS, COMPARISON_OPERATORS, COMPARISON_WORDS, FOR_FOLLOWERS,
  JOIN_PREFIX_WORDS, KNOWN_FUNCTIONS, LOGIC_OPERATORS, LOGIC_WORDS, POSTFIX_WORDS, PREFIX_WORDS,
  STATEMENT_WORDS, VALUE_WORDS,
} from './keywords.js';
import type { SqlToken } from './token-types.js';

/** Clause flags seen during a walk. */
export const Clause = {
  OrderBy: 1,
  GroupBy: 2,
  Having: 4,
  Limit: 8,
  IntoFile: 16,
  Where: 32,
  From: 64,
  Procedure: 128,
  ForUpdate: 256,
  As: 512,
} as const;

/** Why a walk stopped. */
export type WalkStop =
  /** The tokens ran out: everything from the start reads as SQL. */
  | 'end'
  /** A `;` ended the statement; `end` is its index. */
  | 'semicolon'
  /** A statement keyword followed a complete operand (SQL Server runs `… exec xp_cmdshell` without `;`). */
  | 'statement'
  /** A token that SQL does not allow here; `end` is its index. */
  | 'invalid';

/** What a walk found. Counts cover the tokens from `first` to `end` (exclusive). */
export interface WalkSummary {
  first: number;
  end: number;
  stop: WalkStop;
  /** Significant (non-comment) tokens consumed. */
  tokens: number;
  /** Index of the last significant token consumed, or -1. */
  last: number;
  /** Whether a comment follows the last significant token before the stop. */
  endsWithComment: boolean;
  logic: number;
  comparisons: number;
  /** Comparisons whose two sides are literals (`1=1`, `'a'='b'`) or the same name (`x=x`). */
  constantComparisons: number;
  /** Constant comparisons that are always true. */
  tautologies: number;
  /**
   * Comparisons in a condition that starts with a constant, a variable or a server value
   * (`1=1`, `1 NOT LIKE 0`, `@version < 1`, `current_user=1`). Real conditions start with a
   * column (`total > 61`); injected ones rarely do.
   */
  constantLedComparisons: number;
  /** Boolean connectives directly followed by a literal (`OR 1`, `OR true`, `OR 'x'`). */
  logicConstants: number;
  arithmetic: number;
  calls: number;
  knownCalls: number;
  selects: number;
  /** Token index of the first `UNION [ALL|DISTINCT] [(]SELECT`, or -1. */
  unionAt: number;
  /** Aliases (`expr name`) seen before that UNION: English reads as a chain of them. */
  aliasesBeforeUnion: number;
  clauses: number;
  /** Lowest parenthesis depth reached (negative: the run closes parentheses it did not open). */
  minDepth: number;
  depth: number;
  aliases: number;
  variables: number;
  /** Literal operands (numbers, strings, TRUE/FALSE/NULL). */
  literals: number;
  /** Bare words used as operands (column names, or English). */
  names: number;
  /** `)` tokens consumed. */
  closers: number;
  /** Operand prefixes consumed (`BINARY`, `NOT`, `EXISTS`…). */
  prefixes: number;
  /** Parse state when the walk stopped: `'after'` means the last expression was complete. */
  finalState: string;
}

type State = 'operand' | 'after' | 'dot' | 'alias' | 'by' | 'join' | 'into' | 'not' | 'sounds' | 'in' | 'for' | 'union' | 'top';

const isLiteral = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'number' || t.kind === 'string' || (t.kind === 'word' && (t.upper === 'TRUE' || t.upper === 'FALSE' || t.upper === 'NULL')));

/** Index of the next non-comment token at or after `i`, or `tokens.length`. */
export function nextSignificant(tokens: readonly SqlToken[], i: number): number {
  while (i < tokens.length && tokens[i]!.kind === 'comment') i++;
  return i;
}

/** Whether `b` starts where `a` ends, with no space or comment between them (`a.b`, `*)(`). */
export const tokensTouch = (a: SqlToken | undefined, b: SqlToken | undefined): boolean =>
  a !== undefined && b !== undefined && a.end === b.start;

/** Index of the previous non-comment token at or before `i`, or -1. */
export function previousSignificant(tokens: readonly SqlToken[], i: number): number {
  while (i >= 0 && tokens[i]!.kind === 'comment') i--;
  return i;
}

const isArithmeticOperator = (t: SqlToken | undefined): boolean =>
  t !== undefined && t.kind === 'operator' && !COMPARISON_OPERATORS.has(t.upper) && !LOGIC_OPERATORS.has(t.upper);

/** The literal or name on one side of the comparison operator at `k`, or undefined if that side is an expression. */
function comparisonSide(tokens: readonly SqlToken[], k: number, step: 1 | -1): SqlToken | undefined {
  let i = k + step;
  const skip = (t: SqlToken): boolean =>
    t.kind === 'comment' || (step === 1 ? t.kind === '(' || (t.kind === 'operator' && (t.upper === '-' || t.upper === '+')) : t.kind === ')');
  while (i >= 0 && i < tokens.length && skip(tokens[i]!)) i += step;
  const side = tokens[i];
  if (side === undefined) return undefined;
  if (!isLiteral(side) && !(side.kind === 'word' && side.delimiter === '' && !VALUE_WORDS.has(side.upper))) return undefined;
  // `1+2=3`: the side is part of a longer expression, not a bare constant.
  let j = i + step;
  while (j >= 0 && j < tokens.length && (tokens[j]!.kind === 'comment' || tokens[j]!.kind === (step === 1 ? ')' : '('))) j += step;
  const beyond = tokens[j];
  if (isArithmeticOperator(beyond) && !(step === -1 && (beyond!.upper === '-' || beyond!.upper === '+') && !isOperandEnd(tokens[previousSignificant(tokens, j - 1)]))) return undefined;
  if (step === 1 && beyond !== undefined && beyond.kind === '(') return undefined;
  if (step === -1 && beyond !== undefined && beyond.kind === '.') return undefined;
  if (step === 1 && beyond !== undefined && beyond.kind === '.') return undefined;
  return side;
}

const isOperandEnd = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'number' || t.kind === 'string' || t.kind === 'word' || t.kind === 'variable' || t.kind === ')');

/** Whether `a op b` is a comparison that always holds (`1=1`, `'a'='a'`, `2>1`, `x=x`). */
function isTautology(a: SqlToken, op: string, b: SqlToken): boolean {
  const bothWords = a.kind === 'word' && b.kind === 'word';
  if (bothWords && !isLiteral(a) && !isLiteral(b)) return (op === '=' || op === 'LIKE' || op === '==') && a.upper === b.upper;
  // SQL compares '1' = 1 as equal: compare as numbers when both sides read as numbers.
  const an = Number(a.upper);
  const bn = Number(b.upper);
  const numeric = a.upper.trim() !== '' && b.upper.trim() !== '' && !Number.isNaN(an) && !Number.isNaN(bn);
  const av: number | string = numeric ? an : a.upper;
  const bv: number | string = numeric ? bn : b.upper;
  switch (op) {
    case '=': case '==': case 'LIKE': case '<=>': case 'IS': return av === bv;
    case '!=': case '<>': return av !== bv;
    case '>': return av > bv;
    case '<': return av < bv;
    case '>=': return av >= bv;
    case '<=': return av <= bv;
    default: return false;
  }
}

/**
 * Walks `tokens` from `first`, starting in `initial` state (`'operand'`: a value is expected,
 * as at the start of a numeric parameter; `'after'`: a value has just ended, as right after
 * the string an injection breaks out of).
 *
 * @example
 * ```ts
 * const { tokens } = tokenizeSql("x' OR 1=1 --", 'single');
 * walkSql(tokens, 1, 'after') // { stop: 'end', logic: 1, tautologies: 1, endsWithComment: true, … }
 * ```
 */
export function walkSql(tokens: readonly SqlToken[], first: number, initial: 'operand' | 'after'): WalkSummary {
  const s: WalkSummary = {
    first, end: tokens.length, stop: 'end', tokens: 0, last: -1, endsWithComment: false,
    logic: 0, comparisons: 0, constantComparisons: 0, tautologies: 0, constantLedComparisons: 0, logicConstants: 0, arithmetic: 0,
    calls: 0, knownCalls: 0, selects: 0, unionAt: -1, aliasesBeforeUnion: 0, clauses: 0, minDepth: 0, depth: 0, aliases: 0,
    variables: 0, literals: 0, names: 0, closers: 0, prefixes: 0, finalState: initial,
  };
  let state: State = initial;
  let aliasUsed = false;
  let emptyCallAllowed = false;
  let betweenPending = 0;
  let unionIndex = -1;
  let previous: SqlToken | undefined;
  /** Whether the current condition (since the start or the last connective) began with a constant. */
  let conditionLead: 'none' | 'constant' | 'other' = 'none';

  const toOperand = (): void => {
    state = 'operand';
    aliasUsed = false;
  };
  /** A comparison whose operator is at `k` (its left side before `left`: `1 NOT LIKE 0`). */
  const comparison = (k: number, op: string, left = k): void => {
    s.comparisons++;
    if (conditionLead === 'constant') s.constantLedComparisons++;
    const a = comparisonSide(tokens, left, -1);
    const b = comparisonSide(tokens, k, 1);
    if (a !== undefined && b !== undefined && (isLiteral(a) ? isLiteral(b) : !isLiteral(b) && a.upper === b.upper)) {
      s.constantComparisons++;
      if (isTautology(a, op, b)) s.tautologies++;
    }
    toOperand();
  };
  const logic = (k: number): void => {
    s.logic++;
    conditionLead = 'none';
    let j = nextSignificant(tokens, k + 1);
    while (j < tokens.length && (tokens[j]!.kind === '(' || (tokens[j]!.kind === 'operator' && (tokens[j]!.upper === '-' || tokens[j]!.upper === '+')))) j = nextSignificant(tokens, j + 1);
    if (isLiteral(tokens[j])) s.logicConstants++;
    toOperand();
  };

  let k = first;
  for (; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'comment') {
      if (s.tokens > 0) s.endsWithComment = true;
      continue;
    }
    const kind = t.kind;
    const up = t.upper;
    const callAllowed = emptyCallAllowed;
    emptyCallAllowed = false;
    let ok = true;
    if (conditionLead === 'none' && (state === 'operand' || state === 'top') && kind !== '(' && kind !== 'operator') {
      conditionLead = kind === 'number' || kind === 'string' || kind === 'variable' || (kind === 'word' && VALUE_WORDS.has(up)) ? 'constant' : 'other';
    }

    switch (state) {
      case 'operand':
      case 'top': {
        if (state === 'top' && kind === 'number') {
          state = 'operand';
          break;
        }
        if (kind === 'number' || kind === 'string') {
          s.literals++;
          state = 'after';
        } else if (kind === 'variable') {
          s.variables++;
          state = 'after';
        } else if (kind === 'word') {
          const next = tokens[nextSignificant(tokens, k + 1)];
          if (t.delimiter !== '') {
            s.names++;
            state = 'after';
          } else if (up === 'SELECT') {
            s.selects++;
            if (unionIndex >= 0 && s.unionAt < 0) {
              s.unionAt = unionIndex;
              s.aliasesBeforeUnion = s.aliases;
            }
          } else if (up === 'TOP') {
            state = 'top';
          } else if (up === 'CASE' || PREFIX_WORDS.has(up)) {
            s.prefixes++;
          } else if (up === 'WHEN' && previous?.upper === 'CASE') {
            // CASE WHEN …
          } else if (up === 'UNION' && (previous === undefined || previous.kind === 'operator' || previous.kind === '(')) {
            unionIndex = k;
            state = 'union';
          } else if (next !== undefined && next.kind === '(' && !LOGIC_WORDS.has(up) && !CLAUSE_WORDS.has(up)) {
            s.calls++;
            if (KNOWN_FUNCTIONS.has(up)) s.knownCalls++;
            s.depth++;
            k = nextSignificant(tokens, k + 1);
            emptyCallAllowed = true;
          } else if (VALUE_WORDS.has(up)) {
            s.literals += up === 'TRUE' || up === 'FALSE' || up === 'NULL' ? 1 : 0;
            state = 'after';
          } else if (LOGIC_WORDS.has(up) || CLAUSE_WORDS.has(up) || STATEMENT_WORDS.has(up) || BY_WORDS.has(up) || up === 'AS' || up === 'IN' || up === 'IS' || up === 'UNION') {
            ok = false;
          } else {
            s.names++;
            state = 'after';
          }
        } else if (kind === '(') {
          s.depth++;
        } else if (kind === ')' && callAllowed) {
          s.depth--;
          state = 'after';
        } else if (kind === 'operator') {
          if (up === '*') state = 'after';
          else if (up !== '-' && up !== '+' && up !== '~' && up !== '!') ok = false;
        } else {
          ok = false;
        }
        break;
      }
      case 'after': {
        if (kind === 'operator') {
          if (COMPARISON_OPERATORS.has(up)) comparison(k, up);
          else if (LOGIC_OPERATORS.has(up)) logic(k);
          else if (up === '::') state = 'dot';
          else if (up === '~' || up === '!' || up === ':') ok = false;
          else {
            s.arithmetic++;
            toOperand();
          }
        } else if (kind === 'word' && t.delimiter === '') {
          if (LOGIC_WORDS.has(up)) {
            if (up === 'AND' && betweenPending > 0) {
              betweenPending--;
              toOperand();
            } else logic(k);
          } else if (COMPARISON_WORDS.has(up)) comparison(k, up);
          else if (up === 'IS') {
            // Only `IS [NOT] NULL/TRUE/FALSE/UNKNOWN` counts: "this is it" is English.
            let j = nextSignificant(tokens, k + 1);
            if (tokens[j]?.upper === 'NOT') j = nextSignificant(tokens, j + 1);
            const v = tokens[j];
            if (v !== undefined && v.kind === 'word' && (v.upper === 'NULL' || v.upper === 'TRUE' || v.upper === 'FALSE' || v.upper === 'UNKNOWN')) comparison(k, 'IS');
            else if (v !== undefined && (v.kind === 'number' || v.kind === 'string')) comparison(k, 'IS');
            else toOperand();
          }
          else if (up === 'SOUNDS') state = 'sounds';
          else if (ARITHMETIC_WORDS.has(up)) {
            s.arithmetic++;
            toOperand();
          } else if (up === 'NOT') state = 'not';
          else if (up === 'IN') state = 'in';
          else if (up === 'BETWEEN') {
            betweenPending++;
            comparison(k, up);
          } else if (up === 'COLLATE') state = 'dot';
          else if (up === 'UNION' || up === 'EXCEPT' || up === 'INTERSECT' || up === 'MINUS') {
            unionIndex = up === 'UNION' ? k : -1;
            state = 'union';
          } else if (BY_WORDS.has(up)) {
            s.clauses |= up === 'ORDER' ? Clause.OrderBy : up === 'GROUP' ? Clause.GroupBy : 0;
            state = 'by';
          } else if (JOIN_PREFIX_WORDS.has(up)) state = 'join';
          else if (up === 'INTO') state = 'into';
          else if (up === 'AS') {
            s.clauses |= Clause.As;
            state = 'alias';
          } else if (up === 'FOR') state = 'for';
          else if (POSTFIX_WORDS.has(up)) {
            // stays 'after'
          } else if (CLAUSE_WORDS.has(up)) {
            s.clauses |= up === 'WHERE' ? Clause.Where : up === 'HAVING' ? Clause.Having : up === 'LIMIT' ? Clause.Limit
              : up === 'FROM' ? Clause.From : up === 'PROCEDURE' ? Clause.Procedure : 0;
            toOperand();
          } else if (STATEMENT_WORDS.has(up)) {
            s.stop = 'statement';
            s.end = k;
            s.finalState = state;
            return finish(s, tokens);
          } else if (!aliasUsed && tokens[nextSignificant(tokens, k + 1)]?.kind !== '(') {
            aliasUsed = true;
            s.aliases++;
          } else ok = false;
        } else if ((kind === 'string' || (kind === 'word' && t.delimiter === '`')) && !aliasUsed) {
          aliasUsed = true;
          s.aliases++;
        } else if (kind === '(' && tokens[nextSignificant(tokens, k + 1)]?.upper === 'SELECT') {
          // `-1 (SELECT …)`: a subquery written straight after the value it replaces.
          s.depth++;
          toOperand();
        } else if (kind === ')') {
          s.closers++;
          s.depth--;
          if (s.depth < s.minDepth) s.minDepth = s.depth;
        } else if (kind === ',') {
          toOperand();
        } else if (kind === '.') {
          state = 'dot';
        } else if (kind === ';') {
          s.stop = 'semicolon';
          s.end = k;
          s.finalState = state;
          return finish(s, tokens);
        } else ok = false;
        break;
      }
      case 'dot':
        if (kind === 'word' || kind === 'variable' || kind === 'number' || (kind === 'operator' && up === '*')) {
          const next = tokens[nextSignificant(tokens, k + 1)];
          if (kind === 'word' && next !== undefined && next.kind === '(') {
            s.calls++;
            s.depth++;
            k = nextSignificant(tokens, k + 1);
            emptyCallAllowed = true;
            toOperand();
          } else state = 'after';
        } else if (kind !== '.') ok = false;
        break;
      case 'alias':
        if (kind === 'word' || kind === 'string') {
          const next = tokens[nextSignificant(tokens, k + 1)];
          if (kind === 'word' && next !== undefined && next.kind === '(') {
            // CAST(x AS VARCHAR(8000))
            s.depth++;
            k = nextSignificant(tokens, k + 1);
            toOperand();
          } else {
            aliasUsed = true;
            state = 'after';
          }
        } else ok = false;
        break;
      case 'by':
        if (kind === 'word' && up === 'BY') toOperand();
        else ok = false;
        break;
      case 'join':
        if (kind === 'word' && up === 'JOIN') toOperand();
        else if (!(kind === 'word' && up === 'OUTER')) ok = false;
        break;
      case 'into':
        if (kind === 'word' && (up === 'OUTFILE' || up === 'DUMPFILE')) {
          s.clauses |= Clause.IntoFile;
          toOperand();
        } else if (kind === 'word' || kind === 'variable') state = 'after';
        else ok = false;
        break;
      case 'not':
        if (kind === 'word' && (COMPARISON_WORDS.has(up) || up === 'BETWEEN')) {
          // `1 NOT LIKE 0`, `1 NOT BETWEEN 0 AND 1`: compared like their positive forms.
          if (up === 'BETWEEN') betweenPending++;
          comparison(k, `NOT ${up}`, previousSignificant(tokens, k - 1));
        } else if (kind === 'word' && up === 'IN') state = 'in';
        else if (kind === 'word' && up === 'NULL') state = 'after';
        else if (kind === 'word' && up === 'SOUNDS') state = 'sounds';
        else ok = false;
        break;
      case 'sounds':
        if (kind === 'word' && up === 'LIKE') comparison(k, 'LIKE');
        else ok = false;
        break;
      case 'in':
        if (kind === '(') {
          s.comparisons++;
          s.depth++;
          toOperand();
        } else ok = false;
        break;
      case 'for':
        if (kind === 'word' && FOR_FOLLOWERS.has(up)) {
          s.clauses |= Clause.ForUpdate;
          if (up === 'XML' || up === 'JSON') toOperand();
          else state = 'after';
        } else if (s.depth > 0) {
          // SUBSTRING(x FROM 1 FOR 1): FOR takes an operand inside a call.
          toOperand();
          k--;
          continue;
        } else ok = false;
        break;
      case 'union':
        if (kind === 'word' && up === 'SELECT') {
          s.selects++;
          if (unionIndex >= 0 && s.unionAt < 0) {
            s.unionAt = unionIndex;
            s.aliasesBeforeUnion = s.aliases;
          }
          toOperand();
        } else if (kind === '(') s.depth++;
        else if (!(kind === 'word' && (up === 'ALL' || up === 'DISTINCT' || up === 'UNION'))) ok = false;
        break;
    }
    if (!ok) {
      s.stop = 'invalid';
      s.end = k;
      s.finalState = state;
      return finish(s, tokens);
    }
    s.tokens++;
    s.last = k;
    s.endsWithComment = false;
    previous = t;
  }
  s.end = tokens.length;
  s.finalState = state;
  return finish(s, tokens);
}

function finish(s: WalkSummary, tokens: readonly SqlToken[]): WalkSummary {
  s.endsWithComment = false;
  for (let i = s.last + 1; i < s.end; i++) {
    if (tokens[i]!.kind === 'comment') {
      s.endsWithComment = true;
      break;
    }
  }
  return s;
}
