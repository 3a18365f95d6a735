/**
 * JSON-aware redaction works on the raw text: it finds each leaf's offsets without
 * `JSON.parse` of the whole document, so a rewritten document keeps its formatting, its key
 * order, its duplicate keys and the exact digits of numbers too big for a double.
 */
import { GatehouseTypeError, assertString } from '../../errors.js';
import { InvalidJsonLeafError } from './errors.js';
import { ROOT_PATH, childIndexPath, childKeyPath } from './json-path.js';

export { stringLeaves, mapStringLeaves, type ValueLeaf, type ValueLeafOptions, MAX_VALUE_DEPTH } from './value-leaves.js';

/** A string or number value in a JSON text (object keys are not leaves). */
export interface JsonLeaf {
  /** Like `$.user.cards[0]`; keys that are not identifiers as `$["first name"]`. */
  path: string;
  /**
   * The object key the value sits under; for an array element, the key of the nearest
   * enclosing object member (`{"cards":["…"]}` gives `cards`); `null` when there is none.
   */
  key: string | null;
  /** The decoded string, or the number's literal text exactly as written. */
  value: string;
  kind: 'string' | 'number';
  /** UTF-16 offsets of the raw literal in the text, quotes included. */
  rawStart: number;
  rawEnd: number;
}

/** Documents nested deeper than this are not treated as JSON (`jsonLeaves` returns null). */
export const MAX_JSON_DEPTH = 1000;

interface Frame {
  array: boolean;
  path: string;
  key: string | null;
  count: number;
}

const enum Mode { Value, Key, After }

/**
 * The string and number leaves of `text`, in document order, or `null` unless the whole
 * text (ignoring surrounding whitespace) is one valid JSON object or array (RFC 8259) nested
 * at most {@link MAX_JSON_DEPTH} deep. Runs in linear time without recursion.
 *
 * @example
 * ```ts
 * jsonLeaves('{"user":{"cards":["4111 1111 1111 1111"],"age":41}}');
 * // [ { path: '$.user.cards[0]', key: 'cards', value: '4111 1111 1111 1111', kind: 'string', rawStart: 18, rawEnd: 39 },
 * //   { path: '$.user.age', key: 'age', value: '41', kind: 'number', rawStart: 47, rawEnd: 49 } ]
 * jsonLeaves('card 4111…'); // null
 * ```
 */
export function jsonLeaves(text: string): JsonLeaf[] | null {
  assertString(text, 'text');
  const leaves: JsonLeaf[] = [];
  const stack: Frame[] = [];
  let i = skipWhitespace(text, 0);
  const first = text.charCodeAt(i);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return null;

  let mode = Mode.Value;
  let path = ROOT_PATH;
  let key: string | null = null;
  for (;;) {
    if (mode === Mode.Value) {
      i = skipWhitespace(text, i);
      const c = text.charCodeAt(i);
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= MAX_JSON_DEPTH) return null;
        const array = c === 0x5b;
        const frame: Frame = { array, path, key, count: 0 };
        stack.push(frame);
        i = skipWhitespace(text, i + 1);
        if (text.charCodeAt(i) === (array ? 0x5d : 0x7d)) {
          stack.pop();
          i++;
          mode = Mode.After;
        } else if (array) {
          path = childIndexPath(frame.path, 0);
          mode = Mode.Value;
        } else mode = Mode.Key;
      } else if (c === 0x22 /* " */) {
        const end = scanString(text, i);
        if (end < 0) return null;
        leaves.push({ path, key, value: decodeString(text, i, end), kind: 'string', rawStart: i, rawEnd: end });
        i = end;
        mode = Mode.After;
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        const end = scanNumber(text, i);
        if (end < 0) return null;
        leaves.push({ path, key, value: text.slice(i, end), kind: 'number', rawStart: i, rawEnd: end });
        i = end;
        mode = Mode.After;
      } else {
        const literal = text.startsWith('true', i) ? 4 : text.startsWith('null', i) ? 4 : text.startsWith('false', i) ? 5 : 0;
        if (literal === 0) return null;
        i += literal;
        mode = Mode.After;
      }
    } else if (mode === Mode.Key) {
      i = skipWhitespace(text, i);
      if (text.charCodeAt(i) !== 0x22) return null;
      const end = scanString(text, i);
      if (end < 0) return null;
      const name = decodeString(text, i, end);
      i = skipWhitespace(text, end);
      if (text.charCodeAt(i) !== 0x3a /* : */) return null;
      i++;
      const frame = stack[stack.length - 1]!;
      path = childKeyPath(frame.path, name);
      key = name;
      mode = Mode.Value;
    } else {
      i = skipWhitespace(text, i);
      const frame = stack[stack.length - 1];
      if (!frame) return i === text.length ? leaves : null;
      const c = text.charCodeAt(i);
      if (c === 0x2c /* , */) {
        i++;
        if (frame.array) {
          frame.count++;
          path = childIndexPath(frame.path, frame.count);
          key = frame.key;
          mode = Mode.Value;
        } else mode = Mode.Key;
      } else if (c === (frame.array ? 0x5d : 0x7d)) {
        stack.pop();
        i++;
      } else return null;
    }
    // Array elements inherit the enclosing member's key (set when the array was entered).
    if (mode === Mode.Value && stack.length > 0 && stack[stack.length - 1]!.array) key = stack[stack.length - 1]!.key;
  }
}

/**
 * `text` with each leaf in `replacements` rewritten, and every other character untouched.
 * Each leaf must come from `jsonLeaves(text)` for this same text. A new value is written as
 * a JSON string literal (`JSON.stringify`), so the result is always valid JSON; two
 * exceptions keep the document's types: a value equal to the leaf's current value leaves
 * its raw bytes as they were, and a number leaf whose new value is itself a JSON number
 * literal (a format-preserving pseudonym, say) stays a number.
 *
 * @example
 * ```ts
 * const text = '{ "card": "4111 1111 1111 1111", "n": 1 }';
 * const [card] = jsonLeaves(text)!;
 * replaceJsonLeaves(text, new Map([[card, '**** **** **** 1111']]));
 * // '{ "card": "**** **** **** 1111", "n": 1 }'
 * ```
 */
export function replaceJsonLeaves(text: string, replacements: ReadonlyMap<JsonLeaf, string>): string {
  assertString(text, 'text');
  if (!(replacements instanceof Map)) throw new GatehouseTypeError('The "replacements" argument must be a Map from JsonLeaf to its new value.');
  const edits = [...replacements].sort(([a], [b]) => a.rawStart - b.rawStart);
  let out = '';
  let last = 0;
  for (const [leaf, value] of edits) {
    if (typeof value !== 'string') throw new GatehouseTypeError(`The new value for ${String(leaf?.path)} must be a string.`);
    checkLeaf(text, leaf, last);
    out += text.slice(last, leaf.rawStart);
    if (value === leaf.value) out += text.slice(leaf.rawStart, leaf.rawEnd);
    else if (leaf.kind === 'number' && scanNumber(value, 0) === value.length) out += value;
    else out += JSON.stringify(value);
    last = leaf.rawEnd;
  }
  return out + text.slice(last);
}

function checkLeaf(text: string, leaf: JsonLeaf, notBefore: number): void {
  const fromThisText =
    leaf !== null && typeof leaf === 'object' &&
    Number.isInteger(leaf.rawStart) && Number.isInteger(leaf.rawEnd) &&
    leaf.rawStart >= 0 && leaf.rawEnd > leaf.rawStart && leaf.rawEnd <= text.length &&
    (leaf.kind === 'number'
      ? text.slice(leaf.rawStart, leaf.rawEnd) === leaf.value
      : leaf.kind === 'string' && text.charCodeAt(leaf.rawStart) === 0x22 && text.charCodeAt(leaf.rawEnd - 1) === 0x22);
  if (!fromThisText) throw new InvalidJsonLeafError('A leaf passed to replaceJsonLeaves() does not match the text; pass leaves returned by jsonLeaves() for this same text.');
  if (leaf.rawStart < notBefore) throw new InvalidJsonLeafError(`Two leaves passed to replaceJsonLeaves() overlap (at ${leaf.path}); pass each leaf once.`);
}

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** The offset just past the string literal starting at `i`, or -1 if it is not valid JSON. */
function scanString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(++j);
      if (e === 0x75 /* u */) {
        for (let k = 1; k <= 4; k++) if (!isHexDigit(text.charCodeAt(j + k))) return -1;
        j += 4;
      } else if (!(e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) return -1;
    }
  }
  return -1;
}

function decodeString(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1);
  // Already validated: only escapes need the real decoder.
  return inner.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : inner;
}

/** The offset just past the number literal starting at `i`, or -1 if there is none. */
function scanNumber(text: string, i: number): number {
  let j = i;
  if (text.charCodeAt(j) === 0x2d) j++;
  const lead = text.charCodeAt(j);
  if (lead === 0x30) j++;
  else if (lead >= 0x31 && lead <= 0x39) j = skipDigits(text, j + 1);
  else return -1;
  if (text.charCodeAt(j) === 0x2e /* . */) {
    const k = skipDigits(text, j + 1);
    if (k === j + 1) return -1;
    j = k;
  }
  const e = text.charCodeAt(j);
  if (e === 0x65 || e === 0x45) {
    j++;
    const sign = text.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    const k = skipDigits(text, j);
    if (k === j) return -1;
    j = k;
  }
  return j;
}

function skipDigits(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
