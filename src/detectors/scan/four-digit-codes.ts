/**
 * One pass for the upper-case codes that end in a capital, four digits and a capital at the
 * end of a token: India's PAN (`ABCPD1234E`) and the UEN of Singapore's "other entities"
 * (`T08LL0003B`). Each detector then checks the four characters before that tail. A pass over
 * the whole text costs about the same whatever the pattern, so sharing one saves a pass; the
 * tail's leading capital followed by a digit is rare in prose, so the pass is cheap and finds
 * few places.
 */
import type { ScanContext, ScanPass } from '../types.js';

const TAIL = /[A-Z]\d{4}[A-Z](?![A-Za-z0-9])/g;

/** Length of the tail: a capital, four digits and a capital. */
export const FOUR_DIGIT_CODE_TAIL = 6;

function findTails(ctx: ScanContext): number[] {
  const text = ctx.text;
  const tails: number[] = [];
  TAIL.lastIndex = 0;
  for (let m = TAIL.exec(text); m !== null; m = TAIL.exec(text)) tails.push(m.index);
  return tails;
}

/** Text offsets where a tail starts, in order. Tails never overlap: each ends a token. */
export const FOUR_DIGIT_CODES: ScanPass<readonly number[]> = {
  name: 'four-digit-codes',
  run: findTails,
};
