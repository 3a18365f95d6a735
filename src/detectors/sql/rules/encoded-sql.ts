/**
 * SQL smuggled in encoded form to be run later:
 * - a hex literal that spells SQL: `DECLARE @s VARCHAR(8000) SET @s =
 *   CAST(0x44454341… AS VARCHAR(8000)) EXEC(@s)`. The literal is decoded (as ASCII or
 *   UTF-16LE, the two encodings SQL Server payloads use); one the input ends with may be cut
 *   short mid-keyword (`0x730065006c00650063` is `selec`);
 * - a string variable declared and straight away loaded with a hex blob, `CHAR()` codes or a
 *   value the input leaves off (`declare @s varchar(22) select @s =`);
 * - a quote built with `CHAR(39)` and joined to a subquery (`char(39)+(select …`).
 */
import { nextSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** Shortest hex literal worth decoding: 8 bytes. */
const MIN_HEX_DIGITS = 16;
/** Bytes decoded per literal; enough to see the first statement keyword. */
const MAX_DECODED_BYTES = 96;

const ENCODED_SQL = /\b(?:SELECT|WAITFOR|EXEC|EXECUTE|DECLARE|DROP|INSERT|UPDATE|DELETE|UNION|SHUTDOWN|TRUNCATE|XP_CMDSHELL)\b|@@VERSION/;

/** Statement keywords a decoded literal may be cut short inside of (`0x730065006c00650063` is `selec`). */
const ENCODED_KEYWORDS = ['SELECT', 'WAITFOR', 'EXEC', 'EXECUTE', 'DECLARE', 'DROP', 'INSERT', 'UPDATE', 'DELETE', 'UNION', 'SHUTDOWN', 'TRUNCATE', 'XP_CMDSHELL'];
/** A cut-short keyword must keep at least this many letters. */
const MIN_KEYWORD_PREFIX = 4;

/** Character types: a variable of one of these can hold SQL text to run. */
const STRING_TYPES = new Set(['VARCHAR', 'NVARCHAR', 'CHAR', 'NCHAR', 'SYSNAME', 'TEXT', 'NTEXT']);

/** Tokens searched backwards for the DECLARE of a variable. */
const DECLARE_SCAN = 16;

const isHexLiteral = (t: SqlToken | undefined, minDigits: number): boolean =>
  t !== undefined && t.kind === 'number' && t.upper.length >= minDigits + 2 && (t.upper[1] === 'x' || t.upper[1] === 'X');

/** Whether `DECLARE <variable>` occurs shortly before index `k`. */
function declares(tokens: readonly SqlToken[], variable: string, k: number): boolean {
  for (let j = k - 3; j >= 0 && j >= k - DECLARE_SCAN; j--) {
    if (tokens[j]!.upper === 'DECLARE' && tokens[j + 1]?.upper === variable) return true;
  }
  return false;
}

/** Decodes the start of a `0x…` literal as text, or returns '' if it is not printable text. */
export function decodeHexLiteral(literal: string): string {
  const digits = literal.slice(2);
  const bytes: number[] = [];
  for (let i = 0; i + 1 < digits.length && bytes.length < MAX_DECODED_BYTES; i += 2) bytes.push(parseInt(digits.slice(i, i + 2), 16));
  // UTF-16LE: every other byte is zero.
  let utf16 = bytes.length >= 4;
  for (let i = 1; i < bytes.length && utf16; i += 2) if (bytes[i] !== 0) utf16 = false;
  const codes = utf16 ? bytes.filter((_, i) => i % 2 === 0) : bytes;
  let text = '';
  for (const c of codes) {
    if (c === 0) continue;
    if (c < 32 || c > 126) return '';
    text += String.fromCharCode(c);
  }
  return text;
}

/** Whether decoded literal text spells SQL, or the start of a statement keyword cut off at the end of the input. */
function spellsSql(decoded: string, cutOff: boolean): boolean {
  const upper = decoded.toUpperCase();
  if (ENCODED_SQL.test(upper)) return true;
  const head = upper.trim();
  return cutOff && head.length >= MIN_KEYWORD_PREFIX && ENCODED_KEYWORDS.some((k) => k.startsWith(head));
}

/**
 * `DECLARE @s VARCHAR(22) SELECT @s =` and `DECLARE @q NVARCHAR(200) 0x7300…`: a string
 * variable declared and loaded straight away with a hex blob, `CHAR()` codes, or a value the
 * input cuts off: the first half of running SQL smuggled in encoded form. Returns the index of
 * the last token of the match, or -1.
 */
function declaredStringLoad(tokens: readonly SqlToken[], k: number): number {
  const v = nextSignificant(tokens, k + 1);
  const variable = tokens[v];
  const type = tokens[nextSignificant(tokens, v + 1)];
  if (variable?.kind !== 'variable' || type?.kind !== 'word' || !STRING_TYPES.has(type.upper)) return -1;
  let j = nextSignificant(tokens, nextSignificant(tokens, v + 1) + 1);
  if (tokens[j]?.kind === '(') {
    const close = nextSignificant(tokens, nextSignificant(tokens, j + 1) + 1);
    if (tokens[close]?.kind !== ')') return -1;
    j = nextSignificant(tokens, close + 1);
  }
  if (isHexLiteral(tokens[j], 6)) return j;
  if (tokens[j]?.kind === 'operator' && tokens[j]!.upper === '=') j = nextSignificant(tokens, j + 1);
  else if (tokens[j]?.upper === 'SELECT' || tokens[j]?.upper === 'SET') {
    const again = nextSignificant(tokens, j + 1);
    const eq = nextSignificant(tokens, again + 1);
    if (tokens[again]?.upper !== variable.upper || tokens[eq]?.upper !== '=') return -1;
    j = nextSignificant(tokens, eq + 1);
  } else return -1;
  const value = tokens[j];
  if (value === undefined) return tokens.length - 1;
  if (isHexLiteral(value, 6)) return j;
  const arg = tokens[nextSignificant(tokens, nextSignificant(tokens, j + 1) + 1)];
  if (value.kind === 'word' && (value.upper === 'CHAR' || value.upper === 'NCHAR') && arg?.kind === 'number') return j;
  return -1;
}

/** Codes of the quote characters, as `CHAR()` arguments. */
const QUOTE_CODES = new Set(['39', '34', '0X27', '0X22']);

/**
 * `CHAR(39)+(SELECT …)`, `chr(39)||(select …)`: a quote built from its code, so no quote is
 * in the input for a filter to escape, joined to a subquery whose result then shows up in
 * the page. Returns the index of the `SELECT`, or -1.
 */
function quotedSubquery(tokens: readonly SqlToken[], k: number): number {
  const open = nextSignificant(tokens, k + 1);
  const code = nextSignificant(tokens, open + 1);
  const close = nextSignificant(tokens, code + 1);
  if (tokens[open]?.kind !== '(' || tokens[code]?.kind !== 'number' || !QUOTE_CODES.has(tokens[code]!.upper.toUpperCase()) || tokens[close]?.kind !== ')') return -1;
  const join = tokens[nextSignificant(tokens, close + 1)];
  if (join?.kind !== 'operator' || (join.upper !== '+' && join.upper !== '||')) return -1;
  let s = nextSignificant(tokens, nextSignificant(tokens, close + 1) + 1);
  if (tokens[s]?.kind !== '(') return -1;
  while (tokens[s]?.kind === '(') s = nextSignificant(tokens, s + 1);
  return tokens[s]?.kind === 'word' && tokens[s]!.upper === 'SELECT' ? s : -1;
}

/**
 * Reports hex literals that decode to SQL.
 *
 * @example
 * ```ts
 * findEncodedSql(tokenizeSql('SET @s = 0x73656c65637420404076657273696f6e').tokens, out) // "select @@version": stacked_queries
 * ```
 */
export function findEncodedSql(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) findEncodedSqlAt(tokens, k, out);
}

/**
 * The check of {@link findEncodedSql} at token `k`; the scanner's single pass calls it only for
 * tokens that can start a match.
 *
 * @example
 * ```ts
 * findEncodedSqlAt(tokenizeSql('declare @s varchar(22) select @s =').tokens, 0, out) // stacked_queries
 * ```
 */
export function findEncodedSqlAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const t = tokens[k]!;
  // DECLARE @s VARCHAR(200) SELECT @s = 0x…: a variable loaded with a hex blob to run later
  // (the blob may be cut short, so its content is not required to decode).
  if (t.kind === 'operator' && t.upper === '=' && tokens[k - 1]?.kind === 'variable' && isHexLiteral(tokens[k + 1], 6) &&
    (tokens[k - 2]?.upper === 'SELECT' || tokens[k - 2]?.upper === 'SET') && declares(tokens, tokens[k - 1]!.upper, k)) {
    out.push(spanFinding(tokens, k - 2, k + 1, 'stacked_queries', 0.75, 'hex blob loaded into a declared variable'));
    return;
  }
  if (t.kind === 'word' && (t.upper === 'CHAR' || t.upper === 'CHR' || t.upper === 'NCHAR')) {
    const select = quotedSubquery(tokens, k);
    if (select >= 0) out.push(spanFinding(tokens, k, select, 'union_based', 0.75, 'subquery joined to a quote built with CHAR()'));
    return;
  }
  if (t.kind === 'word' && t.upper === 'DECLARE') {
    const last = declaredStringLoad(tokens, k);
    if (last >= 0) out.push(spanFinding(tokens, k, last, 'stacked_queries', 0.7, 'string variable declared and loaded with encoded or cut-off SQL'));
    return;
  }
  if (!isHexLiteral(t, MIN_HEX_DIGITS)) return;
  // A literal the input ends with (or trails off after, `0x7300… ...`) may be cut short.
  const cutOff = nextSignificant(tokens, k + 1) >= tokens.length || tokens[k + 1]?.kind === '.' || tokens[k + 1]?.kind === 'other';
  if (spellsSql(decodeHexLiteral(t.upper), cutOff)) out.push(spanFinding(tokens, k, k, 'stacked_queries', 0.8, 'SQL hidden in a hex literal'));
}
