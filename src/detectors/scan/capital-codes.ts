/**
 * One pass for the identifiers that start with a capital letter followed by digits:
 *
 * - IBANs: two capitals (a country code) and two check digits, perhaps with a space between
 *   (`DE89 3704…`, `GB82WEST…`); the IBAN detector reads the rest.
 * - Four-digit tails: a capital, four digits and a capital at the end of a token. India's PAN
 *   (`ABCPD1234E`) and the UEN of Singapore's "other entities" (`T08LL0003B`) end that way;
 *   each detector then checks the four characters before the tail.
 *
 * A regex pass over the whole text costs about the same whatever the pattern, so one pass with
 * both patterns costs less than two (about 1.3 against 1.75 ms per MB of chat prose), and it is
 * one pass per `detect()` call instead of two. A capital followed by a digit is rare in prose,
 * so the pass finds few places. When only some of these types are wanted, the pass looks for
 * their pattern alone.
 */
import type { ScanContext, ScanPass } from '../types.js';

/** An IBAN's start: the country code and the check digits. */
const IBAN_START = String.raw`\b[A-Z]{2} ?[0-9]{2}`;
/** A capital, four digits and a capital, ending a token. */
const FOUR_DIGIT_TAIL = String.raw`[A-Z]\d{4}[A-Z](?![A-Za-z0-9])`;

const BOTH = new RegExp(`${IBAN_START}|${FOUR_DIGIT_TAIL}`, 'g');
const IBAN_ONLY = new RegExp(IBAN_START, 'g');
const TAILS_ONLY = new RegExp(FOUR_DIGIT_TAIL, 'g');

/** Length of a four-digit tail: a capital, four digits and a capital. */
export const FOUR_DIGIT_CODE_TAIL = 6;

export interface CapitalCodes {
  /** Text offsets where an IBAN start matches, in order. They never overlap one another. */
  readonly ibanStarts: readonly number[];
  /** Text offsets where a four-digit tail starts, in order. Tails never overlap: each ends a token. */
  readonly fourDigitTails: readonly number[];
}

function findCapitalCodes(ctx: ScanContext): CapitalCodes {
  const { text } = ctx;
  const ibanStarts: number[] = [];
  const fourDigitTails: number[] = [];
  const iban = ctx.wants('iban');
  const tails = ctx.wants('pan') || ctx.wants('uen');
  const re = iban && tails ? BOTH : iban ? IBAN_ONLY : tails ? TAILS_ONLY : undefined;
  if (re === undefined) return { ibanStarts, fourDigitTails };
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // The two patterns never match at the same place (an IBAN's second character is a
    // letter, a tail's a digit), but a tail may start inside an IBAN start (`AB1234C`):
    // resume one character on, so that both are found.
    const c = text.charCodeAt(m.index + 1);
    if (c >= 48 && c <= 57) fourDigitTails.push(m.index);
    else ibanStarts.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return { ibanStarts, fourDigitTails };
}

/** IBAN starts and four-digit tails of the scanned text; see the top of this file. */
export const CAPITAL_CODES: ScanPass<CapitalCodes> = {
  name: 'capital-codes',
  run: findCapitalCodes,
};
