/**
 * Helpers for rules that look at function calls: dotted names (`DBMS_LOCK.SLEEP`), where a
 * call's arguments end, and whether a name is being used the way SQL uses it rather than the
 * way Python or JavaScript would (`time.sleep(5)`, `await sleep(5)`).
 */
import { nextSignificant, previousSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';

/** Arguments are searched at most this many tokens deep, so nested calls stay linear. */
export const MAX_ARGUMENT_TOKENS = 64;

/** A call `name(…)` at a token index. */
export interface CallShape {
  /** Upper-cased name, dotted parts joined with `.` (`UTL_INADDR.GET_HOST_ADDRESS`). */
  name: string;
  /** Index of the first token of the name. */
  first: number;
  /** Index of the `(`. */
  open: number;
  /** Index of the matching `)`, or of the last token searched if it was not found. */
  close: number;
}

/**
 * Reads a call whose name starts at `i` (`NAME(`, `PKG.NAME(`, `SCHEMA.PKG.NAME(`), or
 * returns undefined. Only starts at the first part of a dotted name.
 */
export function readCall(tokens: readonly SqlToken[], i: number): CallShape | undefined {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word') return undefined;
  if (tokens[i - 1]?.kind === '.') return undefined;
  let name = t.upper;
  let j = i + 1;
  for (let parts = 1; parts < 4 && tokens[j]?.kind === '.' && tokens[j + 1]?.kind === 'word'; parts++) {
    name += `.${tokens[j + 1]!.upper}`;
    j += 2;
  }
  const open = nextSignificant(tokens, j);
  if (tokens[open]?.kind !== '(') return undefined;
  let depth = 0;
  const limit = Math.min(tokens.length, open + MAX_ARGUMENT_TOKENS);
  let close = limit - 1;
  for (let k = open; k < limit; k++) {
    const kind = tokens[k]!.kind;
    if (kind === '(') depth++;
    else if (kind === ')' && --depth === 0) {
      close = k;
      break;
    }
  }
  return { name, first: i, open, close };
}

/** The last part of a dotted name (`TIME.SLEEP` → `SLEEP`). */
export const baseName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/**
 * Whether the call at `first` is placed where SQL would place it, rather than as a method
 * (`time.sleep(`) or after a programming-language keyword (`await sleep(`, `def sleep(`).
 */
export function isSqlCallPosition(tokens: readonly SqlToken[], first: number): boolean {
  const p = previousSignificant(tokens, first - 1);
  if (p < 0) return true;
  const prev = tokens[p]!;
  if (prev.kind === '.') return false;
  if (prev.kind === 'word' && prev.delimiter === '') {
    return !['AWAIT', 'DEF', 'FUNCTION', 'FN', 'FUNC', 'VOID', 'ASYNC', 'NEW', 'RETURN', 'YIELD', 'CALL', 'TO', 'A', 'THE'].includes(prev.upper);
  }
  return true;
}

/** Whether any token in `first..last` satisfies `test`. */
export function someToken(tokens: readonly SqlToken[], first: number, last: number, test: (t: SqlToken, k: number) => boolean): boolean {
  for (let k = first; k <= last && k < tokens.length; k++) if (test(tokens[k]!, k)) return true;
  return false;
}
