/**
 * Where a stream may be cut. Only at the start of a word (just after white space): values
 * without white space (tokens, keys, emails, JWTs) are then never split, whatever their length.
 */

/** White space, as far as cuts go: a word starts after it. */
export const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0x2028 || c === 0x2029;

/**
 * The first word start at or after `from` and before `limit`: an index `c > 0` with white space
 * at `c - 1` and none at `c`. -1 when there is none in the text so far (the text may still grow).
 */
export function nextWordStart(text: string, from: number, limit: number): number {
  const end = Math.min(limit, text.length);
  for (let c = Math.max(from, 1); c < end; c++) {
    if (isSpace(text.charCodeAt(c - 1)) && !isSpace(text.charCodeAt(c))) return c;
  }
  return -1;
}

/** `at` (> 0), moved back one if it would split a surrogate pair, or forward when back would be 0. */
export function forcedCut(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  if (c < 0xd800 || c > 0xdbff) return at;
  return at > 1 ? at - 1 : at + 1;
}
