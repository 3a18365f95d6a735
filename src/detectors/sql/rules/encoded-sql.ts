/**
 * SQL hidden in a hex literal and run later: `DECLARE @s VARCHAR(8000) SET @s =
 * CAST(0x44454341… AS VARCHAR(8000)) EXEC(@s)`. The literal is decoded (as ASCII or UTF-16LE,
 * the two encodings SQL Server payloads use) and reported when it spells SQL.
 */
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** Shortest hex literal worth decoding: 8 bytes. */
const MIN_HEX_DIGITS = 16;
/** Bytes decoded per literal; enough to see the first statement keyword. */
const MAX_DECODED_BYTES = 96;

const ENCODED_SQL = /\b(?:SELECT|WAITFOR|EXEC|EXECUTE|DECLARE|DROP|INSERT|UPDATE|DELETE|UNION|SHUTDOWN|TRUNCATE|XP_CMDSHELL)\b|@@VERSION/;

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

/**
 * Reports hex literals that decode to SQL.
 *
 * @example
 * ```ts
 * findEncodedSql(tokenizeSql('SET @s = 0x73656c65637420404076657273696f6e').tokens, out) // "select @@version": stacked_queries
 * ```
 */
export function findEncodedSql(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    // DECLARE @s VARCHAR(200) SELECT @s = 0x…: a variable loaded with a hex blob to run later
    // (the blob may be cut short, so its content is not required to decode).
    if (t.kind === 'operator' && t.upper === '=' && tokens[k - 1]?.kind === 'variable' && isHexLiteral(tokens[k + 1], 6) &&
      (tokens[k - 2]?.upper === 'SELECT' || tokens[k - 2]?.upper === 'SET') && declares(tokens, tokens[k - 1]!.upper, k)) {
      out.push(spanFinding(tokens, k - 2, k + 1, 'stacked_queries', 0.75, 'hex blob loaded into a declared variable'));
      continue;
    }
    if (!isHexLiteral(t, MIN_HEX_DIGITS)) continue;
    if (ENCODED_SQL.test(decodeHexLiteral(t.upper).toUpperCase())) out.push(spanFinding(tokens, k, k, 'stacked_queries', 0.8, 'SQL hidden in a hex literal'));
  }
}
