/**
 * A linear-time SQL tokenizer that accepts any text. It never fails: characters that are not
 * SQL become `other` tokens, and unclosed strings, comments and quoted names run to the end.
 *
 * Dialect choices (a union of MySQL, SQL Server, PostgreSQL and Oracle, as attackers mix them):
 * `--` and `#` start line comments; `/*!50000 … *\/` (MySQL versioned comments) are read as
 * the SQL inside them; a doubled quote inside a string is an escaped quote; a backslash is an
 * ordinary character (so `\'` still closes a string, as it does after an application escapes
 * it to `\\'`); `` `x` `` is a quoted name; `@x` and `@@x` are variables; `\N` is NULL.
 */
import type { SqlQuoteContext, SqlToken, SqlTokenKind } from './token-types.js';
import { isAsciiDigit as isDigit, isAsciiLetter as isLetter } from '../char-codes.js';

/** Tokens of one reading of the text, plus what the scanner learned while reading it. */
export interface SqlTokenStream {
  readonly context: SqlQuoteContext;
  readonly tokens: readonly SqlToken[];
  /** How many MySQL versioned comments (`/*!…`) were opened: never seen outside SQL. */
  readonly versionedComments: number;
}

/** Words that, written straight after a number (`1or`, `1UNION`), are read as a separate keyword. */
const SPLIT_AFTER_NUMBER = new Set([
  'AND', 'OR', 'XOR', 'UNION', 'DIV', 'MOD', 'LIKE', 'RLIKE', 'REGEXP', 'IS', 'IN', 'NOT', 'BETWEEN',
  'FROM', 'ORDER', 'GROUP', 'HAVING', 'LIMIT', 'INTO', 'SELECT', 'WHERE', 'SOUNDS',
]);

/** Connectives that are split off even when a digit follows (`1or1`), not just a separator. */
const SPLIT_BETWEEN_NUMBERS = new Set(['AND', 'OR', 'XOR']);

/** Length of the connective `word` starts with when only digits follow it (`OR1` → 2), or 0. */
function connectiveBeforeDigits(word: string): number {
  const c = word.charCodeAt(0);
  if (word.length < 3 || !isDigit(word.charCodeAt(word.length - 1)) || (c !== 79 && c !== 65 && c !== 88)) return 0;
  const length = word.startsWith('OR') ? 2 : word.startsWith('AND') || word.startsWith('XOR') ? 3 : 0;
  if (length === 0 || length === word.length) return 0;
  for (let k = length; k < word.length; k++) if (!isDigit(word.charCodeAt(k))) return 0;
  return length;
}

/** Whether a token can end an operand, so that a connective may follow it. */
const isOperandEnd = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'number' || t.kind === 'string' || t.kind === ')' || t.kind === 'variable');

/** One-letter string prefixes: N'…' (SQL Server), X'…' / B'…' (hex, bit), E'…' (PostgreSQL). */
const STRING_PREFIXES = new Set(['N', 'X', 'B', 'E']);

/** Single-character strings by code, so the hot loop does not allocate them. */
const CHAR_STRINGS: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
/** Operator characters: `= < > + - * / % & | ^ ~ ! :`. */
const IS_OPERATOR_CHAR: readonly boolean[] = CHAR_STRINGS.map((ch) => '=<>+-*/%&|^~!:'.includes(ch));

/** The two-character operator starting with `a` and `b`, or undefined. */
function twoCharOperator(a: number, b: number): string | undefined {
  switch (a) {
    case 60: return b === 61 ? '<=' : b === 62 ? '<>' : b === 60 ? '<<' : undefined; // <
    case 62: return b === 61 ? '>=' : b === 62 ? '>>' : undefined; // >
    case 33: return b === 61 ? '!=' : b === 60 ? '!<' : b === 62 ? '!>' : undefined; // !
    case 61: return b === 61 ? '==' : undefined; // =
    case 124: return b === 124 ? '||' : undefined; // |
    case 38: return b === 38 ? '&&' : undefined; // &
    case 58: return b === 58 ? '::' : b === 61 ? ':=' : undefined; // :
    default: return undefined;
  }
}

/** Whitespace, control characters and the Unicode spaces NFKC leaves alone. */
export function isSqlSpace(c: number): boolean {
  return (
    c <= 32 || c === 0x7f || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const isHexDigit = (c: number): boolean => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
/** Letters, digits, `_`, `$` and any non-ASCII character that is not a space. */
const isWordChar = (c: number): boolean =>
  isLetter(c) || isDigit(c) || c === 95 || c === 36 || (c >= 0x80 && !isSqlSpace(c));
const isWordStart = (c: number): boolean => isWordChar(c) && !isDigit(c);

/** Whether `text[start..end)` is a whole line of three or more dashes (a Markdown rule). */
function isRuleLine(text: string, start: number, end: number): boolean {
  if (end - start < 3) return false;
  let p = start - 1;
  while (p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p--;
  if (p >= 0 && text.charCodeAt(p) !== 10) return false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c !== 45 && c !== 32 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/**
 * Upper-cased ASCII words seen recently, by a hash of their letters. Prose repeats its words,
 * and slicing plus upper-casing each one is most of the tokenizer's cost; a hit costs neither.
 */
const UPPER_CACHE = new Map<number, string>();
const UPPER_CACHE_LIMIT = 16384;

/** The upper-cased word `text[start..end)`; `hash` is its ASCII upper-case hash, or -1 if it has non-ASCII characters. */
function upperWord(text: string, start: number, end: number, hash: number): string {
  if (hash < 0) return text.slice(start, end).toUpperCase();
  const key = (hash ^ ((end - start) << 24)) >>> 0;
  const cached = UPPER_CACHE.get(key);
  if (cached !== undefined && cached.length === end - start) {
    let same = true;
    for (let k = 0; k < cached.length && same; k++) {
      const c = text.charCodeAt(start + k);
      same = (c >= 97 && c <= 122 ? c - 32 : c) === cached.charCodeAt(k);
    }
    if (same) return cached;
  }
  const upper = text.slice(start, end).toUpperCase();
  if (UPPER_CACHE.size >= UPPER_CACHE_LIMIT) UPPER_CACHE.clear();
  UPPER_CACHE.set(key, upper);
  return upper;
}

/**
 * Splits `text` into SQL tokens. With `context` `'single'` or `'double'`, the text is read as if
 * it began inside a string opened by that quote (the first token is then that string).
 *
 * @example
 * ```ts
 * tokenizeSql("1' OR '1'='1", 'single').tokens.map((t) => t.kind)
 * // ['string', 'word', 'string', 'operator', 'string']
 * ```
 */
export function tokenizeSql(text: string, context: SqlQuoteContext = 'none'): SqlTokenStream {
  const tokens: SqlToken[] = [];
  const n = text.length;
  let versionedComments = 0;
  let openVersioned = 0;
  const push = (kind: SqlTokenKind, start: number, end: number, upper: string, closed = true, delimiter = ''): void => {
    tokens.push({ kind, start, end, upper, closed, delimiter });
  };

  /** Reads a string whose body starts at `bodyStart`; returns the end offset. */
  const readString = (start: number, bodyStart: number, quote: string): number => {
    let j = bodyStart;
    for (;;) {
      const k = text.indexOf(quote, j);
      if (k < 0) {
        push('string', start, n, text.slice(bodyStart), false, quote);
        return n;
      }
      if (text[k + 1] === quote) {
        j = k + 2;
        continue;
      }
      push('string', start, k + 1, text.slice(bodyStart, k), true, quote);
      return k + 1;
    }
  };

  let i = 0;
  if (context !== 'none') i = readString(0, 0, context === 'single' ? "'" : '"');

  while (i < n) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (isSqlSpace(c)) {
      i++;
      continue;
    }
    if (openVersioned > 0 && c === 42 && next === 47) {
      openVersioned--;
      i += 2;
      continue;
    }
    if ((c === 45 && next === 45) || c === 35) {
      const bodyStart = c === 35 ? i + 1 : i + 2;
      let end = text.indexOf('\n', bodyStart);
      if (end < 0) end = n;
      if (c === 45 && isRuleLine(text, i, end)) {
        // A line of dashes under a Markdown or reStructuredText heading, not a comment.
        i = end;
        continue;
      }
      push('comment', i, end, text.slice(bodyStart, end), true, c === 35 ? '#' : '--');
      i = end;
      continue;
    }
    if (c === 47 && next === 42) {
      const bang = text.charCodeAt(i + 3);
      if (text.charCodeAt(i + 2) === 33 && (isDigit(bang) || isLetter(bang))) {
        // MySQL executes the body of /*!NNNNN … */: read it as SQL. Payloads write the version
        // or the SQL straight after the `!`; `/*! jQuery v3 …` and `/*!\n * @license` are the
        // license banners minifiers keep, and stay comments.
        let j = i + 3;
        while (j < i + 9 && isDigit(text.charCodeAt(j))) j++;
        versionedComments++;
        openVersioned++;
        i = j;
        continue;
      }
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      push('comment', i, end, text.slice(i + 2, close < 0 ? n : close), close >= 0, '/*');
      i = end;
      continue;
    }
    if (c === 39 || c === 34) {
      i = readString(i, i + 1, text[i]!);
      continue;
    }
    if (c === 96) {
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? n : close + 1;
      push('word', i, end, text.slice(i + 1, close < 0 ? n : close).toUpperCase(), close >= 0, '`');
      i = end;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(next))) {
      i = readNumber(i);
      continue;
    }
    if (isWordStart(c)) {
      // FNV-style hash of the upper-cased ASCII letters, kept non-negative; -1 marks non-ASCII.
      let hash = c >= 0x80 ? -1 : (0x811c9dc5 ^ (c >= 97 && c <= 122 ? c - 32 : c)) >>> 1;
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (!isWordChar(d)) break;
        if (hash >= 0) hash = d >= 0x80 ? -1 : (Math.imul(hash, 16777619) ^ (d >= 97 && d <= 122 ? d - 32 : d)) >>> 1;
      }
      const upper = upperWord(text, i, j, hash);
      if (text.charCodeAt(j) === 39 && j - i <= 16 && (STRING_PREFIXES.has(upper) || (upper.charCodeAt(0) === 95 && j - i > 1))) {
        i = readString(i, j + 1, "'");
        continue;
      }
      const glued = connectiveBeforeDigits(upper);
      if (glued > 0 && isOperandEnd(tokens[tokens.length - 1])) {
        // `1 or1=1`: a connective glued to the number after it.
        push('word', i, i + glued, upper.slice(0, glued));
        push('number', i + glued, j, upper.slice(glued));
        i = j;
        continue;
      }
      push('word', i, j, upper);
      i = j;
      continue;
    }
    if (c === 64) {
      let j = i + 1;
      if (text.charCodeAt(j) === 64) j++;
      const q = text.charCodeAt(j);
      if (q === 96 || q === 39 || q === 34) {
        const close = text.indexOf(text[j]!, j + 1);
        j = close < 0 ? n : close + 1;
      } else {
        while (j < n && isWordChar(text.charCodeAt(j))) j++;
      }
      push('variable', i, j, text.slice(i, j).toUpperCase());
      i = j;
      continue;
    }
    if (c === 92 && (next === 78 || next === 110) && !isWordChar(text.charCodeAt(i + 2))) {
      push('word', i, i + 2, 'NULL');
      i += 2;
      continue;
    }
    if (c === 40 || c === 41 || c === 44 || c === 59 || c === 46) {
      const ch = CHAR_STRINGS[c]!;
      push(ch as SqlTokenKind, i, i + 1, ch);
      i++;
      continue;
    }
    if (c < 128 && IS_OPERATOR_CHAR[c]) {
      if (c === 60 && next === 61 && text.charCodeAt(i + 2) === 62) {
        push('operator', i, i + 3, '<=>');
        i += 3;
        continue;
      }
      const two = twoCharOperator(c, next);
      if (two !== undefined) {
        push('operator', i, i + 2, two);
        i += 2;
        continue;
      }
      push('operator', i, i + 1, CHAR_STRINGS[c]!);
      i++;
      continue;
    }
    // Anything else (`?`, `{`, `[`, `\`…) is not SQL; a surrogate pair stays one token.
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    push('other', i, i + width, text.slice(i, i + width));
    i += width;
  }
  return { context, tokens, versionedComments };

  function readNumber(start: number): number {
    let j = start;
    const c1 = text.charCodeAt(start + 1) | 0x20;
    if (text.charCodeAt(start) === 48 && c1 === 120 && isHexDigit(text.charCodeAt(start + 2))) {
      j = start + 2;
      while (j < n && isHexDigit(text.charCodeAt(j))) j++;
    } else if (text.charCodeAt(start) === 48 && c1 === 98 && (text.charCodeAt(start + 2) === 48 || text.charCodeAt(start + 2) === 49)) {
      j = start + 2;
      while (j < n && (text.charCodeAt(j) === 48 || text.charCodeAt(j) === 49)) j++;
    } else {
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 46) {
        j++;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      if ((text.charCodeAt(j) | 0x20) === 101) {
        const sign = text.charCodeAt(j + 1);
        const k = sign === 43 || sign === 45 ? j + 2 : j + 1;
        if (isDigit(text.charCodeAt(k))) {
          j = k;
          while (j < n && isDigit(text.charCodeAt(j))) j++;
        }
      }
    }
    if (j < n && isWordChar(text.charCodeAt(j))) {
      // `1a` is a MySQL identifier, but `1or` / `1UNION` are a number and a keyword.
      let k = j;
      while (k < n && isLetter(text.charCodeAt(k))) k++;
      const glued = k > j ? text.slice(j, k).toUpperCase() : '';
      // `1or1=1`: a connective glued on both sides, the way payloads dodge space filters.
      if (SPLIT_AFTER_NUMBER.has(glued) && (!isWordChar(text.charCodeAt(k)) || (SPLIT_BETWEEN_NUMBERS.has(glued) && isDigit(text.charCodeAt(k))))) {
        push('number', start, j, text.slice(start, j));
        if (!isWordChar(text.charCodeAt(k))) return j;
        push('word', j, k, glued);
        return k;
      }
      while (k < n && isWordChar(text.charCodeAt(k))) k++;
      push('word', start, k, text.slice(start, k).toUpperCase());
      return k;
    }
    push('number', start, j, text.slice(start, j));
    return j;
  }
}
