/**
 * The identifiers that start with a capital letter followed by digits:
 *
 * - IBANs: two capitals (a country code) and two check digits, perhaps with a space between
 *   (`DE89 3704…`, `GB82WEST…`); the IBAN detector reads the rest.
 * - Four-digit tails: a capital, four digits and a capital at the end of a token. India's PAN
 *   (`ABCPD1234E`) and the UEN of Singapore's "other entities" (`T08LL0003B`) end that way;
 *   each detector then checks the four characters before the tail.
 *
 * Both are found by the digit-pair pass (see digit-pairs.ts), in the same regex pass as the
 * digit clusters when those are wanted too. A capital followed by digits is rare in prose, so
 * the pass finds few places.
 */
import type { ScanPass } from '../types.js';
import { DIGIT_PAIRS } from './digit-pairs.js';

/** Length of a four-digit tail: a capital, four digits and a capital. */
export const FOUR_DIGIT_CODE_TAIL = 6;

export interface CapitalCodes {
  /** Text offsets where an IBAN start (`\b[A-Z]{2} ?[0-9]{2}`) matches, in order. They never overlap one another. */
  readonly ibanStarts: readonly number[];
  /** Text offsets where a four-digit tail starts, in order. Tails never overlap: each ends a token. */
  readonly fourDigitTails: readonly number[];
}

/** IBAN starts and four-digit tails of the scanned text, for the wanted types; see the top of this file. */
export const CAPITAL_CODES: ScanPass<CapitalCodes> = {
  name: 'capital-codes',
  run(ctx) {
    const { ibanStarts, fourDigitTails } = ctx.shared(DIGIT_PAIRS);
    return { ibanStarts, fourDigitTails };
  },
};
