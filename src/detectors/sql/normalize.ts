/**
 * Undoes the encodings attackers use to slip SQL past filters, while remembering where each
 * character came from so findings can point at the caller's own text.
 *
 * - URL encoding, repeatedly (`%2527` → `%27` → `'`), at most {@link MAX_URL_DECODE_ROUNDS}
 *   times; `%uXXXX`; `\x27`-style escapes of ASCII characters; `+` as a space when the
 *   input looks URL-encoded.
 * - Typographic quotes, primes, apostrophe-like marks and dashes (’ ‘ ′ ´ ʼ “ ” ″ – — ‐ −)
 *   to their ASCII forms. An en or em dash becomes `--`: word processors turn a typed `--`
 *   into one, which is how such payloads circulate.
 * - Full-width and other compatibility forms through NFKC (`ＵＮＩＯＮ` → `UNION`).
 *
 * Comments (`/**\/`, `/*!50000…*\/`) and letter case are left to the tokenizer.
 *
 * Each pass records only its edits (sparse), so text without anything to undo costs one
 * regular-expression scan and no copy.
 */
import { isAsciiLetter } from '../char-codes.js';

/** How many nested layers of URL encoding are undone (`%252527` needs three). */
export const MAX_URL_DECODE_ROUNDS = 3;

/** The normalised text, and the way back to the caller's offsets. */
export interface NormalizedSqlInput {
  readonly text: string;
  /**
   * Maps a span of `text` to the span of caller text its characters came from (a decoded
   * `%27` maps back to all three characters). The identity when nothing was changed.
   */
  readonly toOriginal: (start: number, end: number) => { start: number; end: number };
}

/** One replacement made by a pass: input `[from, to)` became `replacement` at output `at`. */
interface Edit {
  from: number;
  to: number;
  at: number;
  length: number;
}

/** A pass's edits, sorted by position. */
type Pass = readonly Edit[];

const URL_ESCAPE = /%(?:[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})|\\x[0-9a-fA-F]{2}/;
const URL_TOKENS = /%u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}|\\x[0-9a-fA-F]{2}|\+/g;
const WHITESPACE = /\s/;
const NON_ASCII = /[^\x00-\x7f]/g;

/** Applies `edits` (sorted, with replacement texts) to `s`; fills in each edit's output position. */
function applyEdits(s: string, edits: Edit[], replacements: string[]): string {
  const parts: string[] = [];
  let last = 0;
  let out = 0;
  for (let e = 0; e < edits.length; e++) {
    const edit = edits[e]!;
    parts.push(s.slice(last, edit.from));
    out += edit.from - last;
    edit.at = out;
    parts.push(replacements[e]!);
    out += edit.length;
    last = edit.to;
  }
  parts.push(s.slice(last));
  return parts.join('');
}

/** Maps output offset `p` of a pass back to its input span. */
function mapBack(pass: Pass, p: number): { start: number; end: number } {
  let lo = 0;
  let hi = pass.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pass[mid]!.at <= p) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return { start: p, end: p + 1 };
  const e = pass[found]!;
  if (p < e.at + e.length) return { start: e.from, end: e.to };
  const q = e.to + (p - e.at - e.length);
  return { start: q, end: q + 1 };
}

/**
 * Normalises `text` for tokenizing. Never throws, for any string (lone surrogates included).
 *
 * @example
 * ```ts
 * normalizeSqlInput('1%2527%20OR%201=1').text // "1' OR 1=1"
 * ```
 */
export function normalizeSqlInput(text: string): NormalizedSqlInput {
  let current = text;
  const passes: Pass[] = [];

  const escaped = URL_ESCAPE.test(current);
  if (escaped || (current.includes('+') && !WHITESPACE.test(current))) {
    // In a URL-encoded string every `+` is a space (a literal plus is %2B). Without escapes,
    // only a `+` next to a letter is taken for one (`union+select`, `'+or+`), so `1+1` stays.
    const plus: PlusMode = escaped ? 'all' : 'letters';
    for (let round = 0; round < MAX_URL_DECODE_ROUNDS; round++) {
      const r = urlDecode(current, round === 0 ? plus : 'keep');
      if (r === null) break;
      current = r.text;
      passes.push(r.edits);
      if (!URL_ESCAPE.test(current)) break;
    }
  }
  const joined = joinSplitKeywords(current);
  if (joined !== null) {
    current = joined.text;
    passes.push(joined.edits);
  }
  const mapped = mapCharacters(current);
  if (mapped !== null) {
    current = mapped.text;
    passes.push(mapped.edits);
  }

  const length = text.length;
  const toOriginal = (start: number, end: number): { start: number; end: number } => {
    let a = start;
    let b = Math.max(start, end - 1);
    let spanStart = a;
    let spanEnd = b + 1;
    for (let i = passes.length - 1; i >= 0; i--) {
      const first = mapBack(passes[i]!, a);
      const last = mapBack(passes[i]!, b);
      spanStart = first.start;
      spanEnd = last.end;
      a = spanStart;
      b = Math.max(spanStart, spanEnd - 1);
    }
    const s = Math.max(0, Math.min(spanStart, length));
    return { start: s, end: Math.max(s, Math.min(spanEnd, length)) };
  };
  return { text: current, toOriginal };
}

/** Which `+` characters are URL-encoded spaces. */
type PlusMode = 'keep' | 'all' | 'letters';

const hexValue = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
};


/** Reads `%XX` at `i` as a byte, or returns -1. */
const byteAt = (s: string, i: number): number => {
  if (s.charCodeAt(i) !== 37) return -1;
  const hi = hexValue(s.charCodeAt(i + 1));
  const lo = hexValue(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
};

/** Length of the UTF-8 sequence a lead byte announces, or 0 if it cannot lead one. */
const utf8Length = (b: number): number => (b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0);

function urlDecode(s: string, plus: PlusMode): { text: string; edits: Edit[] } | null {
  const edits: Edit[] = [];
  const replacements: string[] = [];
  const add = (from: number, to: number, replacement: string): void => {
    edits.push({ from, to, at: 0, length: replacement.length });
    replacements.push(replacement);
  };
  URL_TOKENS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_TOKENS.exec(s)) !== null) {
    const i = m.index;
    const token = m[0];
    if (token === '+') {
      if (plus === 'all' || (plus === 'letters' && (isAsciiLetter(s.charCodeAt(i - 1)) || isAsciiLetter(s.charCodeAt(i + 1))))) add(i, i + 1, ' ');
      continue;
    }
    if (token.charCodeAt(0) === 92) {
      // \x27: the escape a payload gets when it is copied out of a C, Python or JS string.
      const code = parseInt(token.slice(2), 16);
      if (code < 0x80) add(i, i + 4, String.fromCharCode(code));
      continue;
    }
    if (token.length === 6) {
      add(i, i + 6, String.fromCharCode(parseInt(token.slice(2), 16)));
      continue;
    }
    const b = parseInt(token.slice(1), 16);
    const len = utf8Length(b);
    if (len > 0) {
      let code = b & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
      let ok = true;
      for (let k = 1; k < len && ok; k++) {
        const cont = byteAt(s, i + 3 * k);
        if (cont < 0x80 || cont > 0xbf) ok = false;
        else code = (code << 6) | (cont & 0x3f);
      }
      if (ok && code <= 0x10ffff) {
        add(i, i + 3 * len, String.fromCodePoint(code));
        URL_TOKENS.lastIndex = i + 3 * len;
        continue;
      }
    }
    // A lone byte: ASCII as itself, anything else as its Latin-1 character.
    add(i, i + 3, String.fromCharCode(b));
  }
  if (edits.length === 0) return null;
  return { text: applyEdits(s, edits, replacements), edits };
}

/** `UNI/**\/ON`: a keyword split by an empty comment, for filters that delete comments. */
const SPLIT_KEYWORD = /([A-Za-z]+)\/\*\*\/([A-Za-z]+)/g;
const SPLITTABLE_KEYWORDS = new Set(['UNION', 'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'FROM', 'WHERE', 'CONCAT', 'SLEEP', 'BENCHMARK', 'ORDER', 'GROUP']);

/** Deletes an empty comment that splits a keyword in two (`UNI/**\/ON` → `UNION`), and nothing else. */
function joinSplitKeywords(s: string): { text: string; edits: Edit[] } | null {
  if (!s.includes('/**/')) return null;
  const edits: Edit[] = [];
  const replacements: string[] = [];
  SPLIT_KEYWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPLIT_KEYWORD.exec(s)) !== null) {
    const left = m[1]!;
    const right = m[2]!;
    if (SPLITTABLE_KEYWORDS.has((left + right).toUpperCase()) && !SPLITTABLE_KEYWORDS.has(left.toUpperCase()) && !SPLITTABLE_KEYWORDS.has(right.toUpperCase())) {
      const at = m.index + left.length;
      edits.push({ from: at, to: at + 4, at: 0, length: 0 });
      replacements.push('');
    }
    // The right-hand word may start the next split (`A/**/B/**/C`).
    SPLIT_KEYWORD.lastIndex = m.index + left.length + 4;
  }
  if (edits.length === 0) return null;
  return { text: applyEdits(s, edits, replacements), edits };
}

/** Replacement for a typographic quote or dash, or undefined. */
function punctuation(c: number): string | undefined {
  switch (c) {
    // Curly quotes, primes, modifier-letter apostrophes, the acute accent typed as an apostrophe.
    case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0x2035: case 0x02bc: case 0x02b9: case 0x02bb:
    case 0x02bd: case 0x02c8: case 0x00b4: case 0x055a: case 0x05f3: case 0xa78c: case 0xff07:
      return "'";
    case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: case 0x2036: case 0x02ba: case 0x05f4: case 0xff02:
      return '"';
    case 0x2013: case 0x2014:
      return '--';
    case 0x2010: case 0x2011: case 0x2012: case 0x2015: case 0x2212: case 0xfe58: case 0xfe63: case 0xff0d:
      return '-';
    default:
      return undefined;
  }
}

/** Code points where NFKC can change a character that matters to SQL (spaces, full-width, ligatures…). */
const mayNeedNfkc = (cp: number): boolean =>
  (cp >= 0xa0 && cp <= 0xbf) ||
  (cp >= 0x2000 && cp <= 0x2bff) ||
  (cp >= 0x3000 && cp <= 0x33ff) ||
  (cp >= 0xfb00 && cp <= 0xfb4f) ||
  (cp >= 0xfe30 && cp <= 0xfe6f) ||
  (cp >= 0xff00 && cp <= 0xffef) ||
  (cp >= 0x1d400 && cp <= 0x1d7ff);

function mapCharacters(s: string): { text: string; edits: Edit[] } | null {
  const edits: Edit[] = [];
  const replacements: string[] = [];
  NON_ASCII.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NON_ASCII.exec(s)) !== null) {
    const i = m.index;
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let replacement = punctuation(cp);
    if (replacement === undefined && cp >= 0xff01 && cp <= 0xff5e) {
      // Full-width ASCII: NFKC's answer, without calling it once per character.
      replacement = String.fromCharCode(cp - 0xfee0);
    } else if (replacement === undefined && mayNeedNfkc(cp)) {
      const original = s.slice(i, i + width);
      const nfkc = original.normalize('NFKC');
      if (nfkc !== original) replacement = punctuation(nfkc.codePointAt(0)!) ?? nfkc;
    }
    if (width === 2) NON_ASCII.lastIndex = i + 2;
    if (replacement === undefined) continue;
    edits.push({ from: i, to: i + width, at: 0, length: replacement.length });
    replacements.push(replacement);
  }
  if (edits.length === 0) return null;
  return { text: applyEdits(s, edits, replacements), edits };
}

/** Two or more of the same quote in a row. */
const QUOTE_RUN = /''+|""+/g;
/** Runs longer than this are decoration (`'*''''''''…`), not doubling. */
const MAX_DOUBLED_RUN = 4;

/**
 * Whether every `quote` in `s` is part of a run, but for the copy's own delimiters: a lone
 * quote is allowed only as the first or last character of the text (white space aside). That
 * is the signature of a text whose quotes were all doubled (`"hi"") or (""a""=""a"`). A lone
 * quote inside the text is an ordinary string's, and a run between two of them is how SQL
 * escapes a quote (`SET name = 'O''Brien' WHERE …`): collapsing it would end the string early
 * and hide what follows. Code and SQL also mix empty strings (`''`) with ordinary ones.
 */
function isDoubledThroughout(s: string, quote: string): boolean {
  let first = 0;
  while (first < s.length && isSpace(s.charCodeAt(first))) first++;
  let last = s.length - 1;
  while (last > first && isSpace(s.charCodeAt(last))) last--;
  let runs = 0;
  for (let i = s.indexOf(quote); i >= 0; i = s.indexOf(quote, i)) {
    let j = i + 1;
    while (s[j] === quote) j++;
    if (j - i > 1) runs++;
    else if (i !== first && i !== last) return false;
    i = j;
  }
  return runs > 0;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

/**
 * A second reading for payloads whose quotes were doubled (or doubled again) by the CSV file
 * or source string they were copied from: `hi"""") or (""""a""""=""""a"""` is
 * `hi") or ("a"="a"`. Each run of one quote character becomes a single quote, for each quote
 * character that appears doubled throughout. Returns null when neither does, or when a run is
 * longer than four (decoration, not doubling).
 *
 * The scanner only reads this when the text as given showed nothing, since a doubled quote
 * is also how SQL escapes a quote (`'O''Brien'`).
 *
 * @example
 * ```ts
 * collapseQuoteRuns(normalizeSqlInput(' or ""a""=""a"'))?.text // ' or "a"="a"'
 * ```
 */
export function collapseQuoteRuns(input: NormalizedSqlInput): NormalizedSqlInput | null {
  const s = input.text;
  const collapseSingle = isDoubledThroughout(s, "'");
  const collapseDouble = isDoubledThroughout(s, '"');
  if (!collapseSingle && !collapseDouble) return null;
  const edits: Edit[] = [];
  const replacements: string[] = [];
  QUOTE_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = QUOTE_RUN.exec(s)) !== null) {
    if (m[0].length > MAX_DOUBLED_RUN) return null;
    if (!(m[0][0] === "'" ? collapseSingle : collapseDouble)) continue;
    edits.push({ from: m.index, to: m.index + m[0].length, at: 0, length: 1 });
    replacements.push(m[0][0]!);
  }
  const text = applyEdits(s, edits, replacements);
  const toOriginal = (start: number, end: number): { start: number; end: number } => {
    const first = mapBack(edits, start);
    const last = mapBack(edits, Math.max(start, end - 1));
    return input.toOriginal(first.start, Math.max(first.start + 1, last.end));
  };
  return { text, toOriginal };
}
