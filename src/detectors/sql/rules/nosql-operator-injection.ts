/**
 * MongoDB operator injection: query operators smuggled in where an application expects a plain
 * value. Four shapes, all judged on tokens:
 * - an operator key after a breakout, a value closed by a quote, a comma or brackets and then
 *   `, $where: …`, `', $or: [ … `, `' } ], $comment: …`;
 * - an operator object with an operand that matches every document, as the whole input
 *   (`{ $ne: 1 }`, `{"$gt": ""}`, `{ $regex: '.*' }`) or as the value of a password field
 *   (`{"user": "admin", "password": {"$ne": null}}`);
 * - a bracketed query-string key, which Express and PHP turn into an object: `password[$ne]=1`,
 *   `user[$regex]=.*`, with such an operand;
 * - `$where` with JavaScript that is always true or only waits: `$where: '1 == 1'`.
 *
 * A query that only uses operators (`{age: {$gt: 18}}`, `{$where: 'this.a > this.b'}`) is
 * ordinary MongoDB and is not reported: the signal is the breakout, or an operator standing
 * alone with an operand no real filter would use.
 */
import { nextSignificant, previousSignificant, tokensTouch } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { isAlwaysTrueOrDelay, isClosingBracket, isPermissiveOperand, mongoOperatorName, operandEnd } from './mongo-operands.js';
import type { RuleFinding } from './rule-finding.js';

const CATEGORY = 'nosql_injection';

const isColon = (t: SqlToken | undefined): boolean => t?.kind === 'operator' && t.upper === ':';
const isOther = (t: SqlToken | undefined, ch: string): boolean => t?.kind === 'other' && t.upper === ch;
/** A value an injected key can follow: `1`, `'x'`, `true`, `null`. */
const isScalar = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'number' || t.kind === 'string' ||
    (t.kind === 'word' && (t.upper === 'TRUE' || t.upper === 'FALSE' || t.upper === 'NULL' || t.upper === 'UNDEFINED')));

/** The index of the last token of the operand that starts at `k`, for a finding's span. */
function lastOperandToken(tokens: readonly SqlToken[], k: number): number {
  const end = operandEnd(tokens, k);
  return Math.max(k, (end < 0 ? Math.min(tokens.length, k + 1) : end) - 1);
}

/**
 * `, $where: …` at the start of a reading: after at most one value (none in a quote reading,
 * where the value is the string the quote closed) and any closing brackets, a comma, then an
 * operator key and its colon.
 */
function findOperatorAfterBreakout(tokens: readonly SqlToken[], first: number, quoted: boolean, out: RuleFinding[]): void {
  let k = nextSignificant(tokens, first);
  const start = tokens[quoted ? 0 : k]?.start ?? 0;
  if (!quoted && isScalar(tokens[k])) k = nextSignificant(tokens, k + 1);
  while (isClosingBracket(tokens[k])) k = nextSignificant(tokens, k + 1);
  if (tokens[k]?.kind !== ',') return;
  const key = nextSignificant(tokens, k + 1);
  if (mongoOperatorName(tokens[key]) === undefined) return;
  const colon = nextSignificant(tokens, key + 1);
  if (!isColon(tokens[colon])) return;
  const last = lastOperandToken(tokens, nextSignificant(tokens, colon + 1));
  out.push({ category: CATEGORY, confidence: 0.85, start, end: tokens[last]!.end, reason: 'MongoDB operator injected after breaking out of a value' });
}

/**
 * The operator object that opens at `k` (`{ $ne: 1 }`, `{"$gt": "", "$lt": "~"}`): every key
 * an operator. Returns the index of its `}` and whether an operand matches every document, or
 * undefined when `k` does not open one (an object with a field name is a query).
 */
function operatorObjectAt(tokens: readonly SqlToken[], k: number): { close: number; permissive: boolean } | undefined {
  if (!isOther(tokens[k], '{')) return undefined;
  let key = nextSignificant(tokens, k + 1);
  let permissive = false;
  for (;;) {
    const op = mongoOperatorName(tokens[key]);
    if (op === undefined) return undefined;
    const colon = nextSignificant(tokens, key + 1);
    if (!isColon(tokens[colon])) return undefined;
    const from = nextSignificant(tokens, colon + 1);
    const to = operandEnd(tokens, from);
    if (to < 0 || to === from || to === tokens.length) return undefined;
    if (isPermissiveOperand(op, tokens.slice(from, to).filter((t) => t.kind !== 'comment'))) permissive = true;
    if (tokens[to]!.kind !== ',') return isOther(tokens[to], '}') ? { close: to, permissive } : undefined;
    key = nextSignificant(tokens, to + 1);
  }
}

/**
 * Fields that hold a secret, which an application only ever compares for equality: an operator
 * on one (`"password": {"$ne": null}`) is a login bypass, not a query.
 */
const SECRET_FIELD = /^(?:pass(?:word|wd)?|pwd|passcode|pin|secret|token|otp)$/i;

/** Whether the key before the `:` that precedes token `k` names a secret field. */
function isSecretFieldValue(tokens: readonly SqlToken[], k: number): boolean {
  const colon = previousSignificant(tokens, k - 1);
  if (!isColon(tokens[colon])) return false;
  const key = tokens[previousSignificant(tokens, colon - 1)];
  if (key === undefined || !((key.kind === 'word' && key.delimiter === '') || key.kind === 'string')) return false;
  return SECRET_FIELD.test(key.upper);
}

/**
 * An operator object with an operand that matches every document, where a plain value is
 * expected: as the whole input (`{ $ne: 1 }`), or as the value of a secret field
 * (`{"user": "admin", "password": {"$ne": null}}`).
 */
function findOperatorObjectAsValueAt(tokens: readonly SqlToken[], k: number, whole: boolean, out: RuleFinding[]): void {
  const object = operatorObjectAt(tokens, k);
  if (object === undefined || !object.permissive) return;
  if (whole ? nextSignificant(tokens, object.close + 1) < tokens.length : !isSecretFieldValue(tokens, k)) return;
  const reason = whole ? 'MongoDB operator object given as a value, matching every document' : 'MongoDB operator on a password field, matching every document';
  out.push({ category: CATEGORY, confidence: 0.8, start: tokens[k]!.start, end: tokens[object.close]!.end, reason });
}

/** Tokens of a query-string value at most: `.*`, `^adm`, `1`. */
const MAX_PARAM_VALUE_TOKENS = 32;

/** `[$ne]=1`: a bracketed operator key in a query string, with a permissive value. */
function findBracketOperatorAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const key = tokens[k + 1];
  const close = tokens[k + 2];
  const eq = tokens[k + 3];
  const op = mongoOperatorName(key);
  if (op === undefined || !tokensTouch(tokens[k], key) || !tokensTouch(key, close) || !isOther(close, ']')) return;
  // `[$nin][]=a`: an array of values.
  let at = k + 3;
  if (isOther(eq, '[') && tokensTouch(close, eq) && isOther(tokens[at + 1], ']') && tokensTouch(eq, tokens[at + 1])) at += 2;
  const sign = tokens[at];
  if (sign?.kind !== 'operator' || sign.upper !== '=' || !tokensTouch(tokens[at - 1], sign)) return;
  // The value runs to the next `&` or space.
  let j = at + 1;
  const limit = Math.min(tokens.length, j + MAX_PARAM_VALUE_TOKENS);
  while (j < limit && tokensTouch(tokens[j - 1], tokens[j]) && !(tokens[j]!.kind === 'operator' && tokens[j]!.upper.startsWith('&'))) j++;
  if (!isPermissiveOperand(op, tokens.slice(at + 1, j))) return;
  out.push({ category: CATEGORY, confidence: 0.85, start: tokens[k]!.start, end: tokens[j - 1]!.end, reason: 'MongoDB operator in a query-string key, matching every document' });
}

/** `$where: '1 == 1'` anywhere: JavaScript that is always true or only waits. */
function findWhereTautologyAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const colon = nextSignificant(tokens, k + 1);
  if (!isColon(tokens[colon])) return;
  const from = nextSignificant(tokens, colon + 1);
  const to = operandEnd(tokens, from);
  if (to < 0 || to === from) return;
  if (!isAlwaysTrueOrDelay(tokens.slice(from, to).filter((t) => t.kind !== 'comment'))) return;
  out.push({ category: CATEGORY, confidence: 0.9, start: tokens[k]!.start, end: tokens[to - 1]!.end, reason: 'MongoDB $where with JavaScript that is always true or waits' });
}

/**
 * Runs the operator-injection rules over one reading. `first` is where the reading's own text
 * starts: the first token of the as-is reading, or the token after the string a quote reading
 * opened with (`quoted` true).
 *
 * @example
 * ```ts
 * findNoSqlOperatorInjection(tokenizeSql("{ $ne: 1 }").tokens, 0, false, out) // nosql_injection
 * ```
 */
export function findNoSqlOperatorInjection(tokens: readonly SqlToken[], first: number, quoted: boolean, out: RuleFinding[]): void {
  findOperatorAfterBreakout(tokens, first, quoted, out);
  const start = nextSignificant(tokens, first);
  for (let k = first; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'other' && t.upper === '[') findBracketOperatorAt(tokens, k, out);
    else if (t.kind === 'other' && t.upper === '{') findOperatorObjectAsValueAt(tokens, k, k === start && !quoted, out);
    else if (mongoOperatorName(t) === 'WHERE') findWhereTautologyAt(tokens, k, out);
  }
}
