import type { Candidate, Detector, ScanContext } from '../types.js';
import { isCommonUppercaseWord } from './booking-stopwords.js';
import { isAsciiLetter, scanLabelledValues, type LabelScan, type LabelledValue } from '../scan/label-scan.js';

/** The PNR field of a boarding-pass barcode whose mandatory fields all have the IATA layout. */
const BOARDING_PASS_CONFIDENCE = 0.95;
/** Next to a booking label, six letters and digits with at least one of each. */
const MIXED_CONFIDENCE = 0.9;
/** Next to a booking label, six capital letters (Sabre and many airlines issue these), not a common word. */
const LETTERS_ONLY_CONFIDENCE = 0.85;
/** A word naming something else (flight, seat, ticket…) between label and value outweighs the label. */
const NEGATIVE_PENALTY = 0.5;

// Case-insensitive; tried only next to a stem found by LABEL_STEMS ("book", "pnr", "locator",
// "confirm", "reserv", "buchung", "prenot", "pemesan", "localiz").
const BOOKING_LABEL =
  /booking\s*(?:ref(?:erence)?|code|no\b|number|id\b|#|:)|\bpnrs?\b|record\s*locator|confirmation\s*(?:code|number|no\b|#)|reservation\s*(?:code|number|no\b|ref(?:erence)?|id\b|#|:)|buchungs(?:code|nummer)|r[ée]f[ée]rence\s+de\s+r[ée]servation|code\s+de\s+r[ée]servation|localizador|c[óo]digo\s+de\s+reserva|codice\s+(?:di\s+)?prenotazione|kode\s+(?:booking|pemesanan)/iy;

// Six letters and digits, standing alone (not glued to a longer token by `.`, `/` or `-`).
const BOOKING_VALUE = /(?<![A-Za-z0-9])(?<![A-Za-z0-9][./-])[A-Za-z0-9]{6}(?![A-Za-z0-9])(?![./-][A-Za-z0-9])/g;

const BOOKING_NEGATIVE =
  /\b(?:flight|flt|seat|gate|terminal|ticket|e-?ticket|passport|phone|tel|mobile|order|invoice|tracking|frequent|loyalty|member(?:ship)?|zip|post ?code|postal|iban|card|voucher|coupon|promo)\b/;

const BOOKING_LABEL_SCAN: LabelScan = {
  type: 'booking_ref',
  isStemTail: isStemTailChar,
  label: BOOKING_LABEL,
  value: BOOKING_VALUE,
  after: 40,
  before: 24,
  negative: BOOKING_NEGATIVE,
  penalty: NEGATIVE_PENALTY,
  classify: classifyBookingValue,
};

// IATA Resolution 792 bar-coded boarding pass, mandatory items of the first leg:
//   M, number of legs (1–4), passenger name (20), electronic-ticket indicator (E or space),
//   PNR (7), from airport (3), to airport (3), carrier (3), flight number (5), Julian date (3),
//   compartment (1), seat (4), check-in sequence number (5), passenger status (1),
//   size of the leg's conditional items (2 hex digits).
const BCBP_FIRST_LEG =
  /M[1-4][A-Za-z][A-Za-z /.'-]{19}[E ]([A-Z0-9 ]{7})[A-Z]{6}[A-Z0-9]{2}[A-Z ][0-9 ]{4}[A-Z ][0-9]{3}[A-Z ][0-9A-Z ]{4}[0-9A-Z ]{5}[0-9A-Z ]([0-9A-Fa-f]{2})/y;
/** The mandatory items of a further leg, read at a position computed from the previous leg. */
const BCBP_NEXT_LEG =
  /([A-Z0-9 ]{7})[A-Z]{6}[A-Z0-9]{2}[A-Z ][0-9 ]{4}[A-Z ][0-9]{3}[A-Z ][0-9A-Z ]{4}[0-9A-Z ]{5}[0-9A-Z ]([0-9A-Fa-f]{2})/y;
/** Offset of the PNR within the first leg's match, and the length of a leg's mandatory items. */
const BCBP_PNR_OFFSET = 23;
const BCBP_LEG_LENGTH = 37;

/**
 * Airline booking references (PNR record locators), two ways.
 *
 * 1. In an IATA bar-coded boarding pass string (`M1SURNAME/GIVEN  EABC123 YULFRAAC 0834 …`),
 *    the PNR field of each leg whose mandatory items have the standard layout: 0.95. The span
 *    is the PNR without its space padding.
 * 2. Six letters and digits within a short window of a label ("booking reference", "PNR",
 *    "record locator", "confirmation code", "reservation number", "Buchungscode",
 *    "localizador"…): 0.9 with both letters and digits, 0.85 for six capital letters unless
 *    the word is a common English one (PLEASE, THANKS, NUMBER…). All digits, all lower-case
 *    letters and common words are never reported. Never without a label.
 */
export const bookingRefDetector: Detector = {
  name: 'booking_ref',
  types: ['booking_ref'],
  find(ctx: ScanContext, out: Candidate[]): void {
    findBoardingPasses(ctx.text, out);
    scanLabelledValues(ctx, BOOKING_LABEL_SCAN, out);
  },
};

/** ASCII letters and é (réservation), in either case. */
function isStemTailChar(code: number): boolean {
  return isAsciiLetter(code) || code === 0xe9 || code === 0xc9;
}

function classifyBookingValue(raw: string, start: number): LabelledValue | null {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c >= 97 && c <= 122) letters++;
  }
  if (letters === 0) return null;
  const end = start + raw.length;
  if (letters < raw.length) return { start, end, confidence: MIXED_CONFIDENCE }; // letters and digits, any case
  if (upper < raw.length || isCommonUppercaseWord(raw)) return null;
  return { start, end, confidence: LETTERS_ONLY_CONFIDENCE };
}

function pushPnr(text: string, fieldStart: number, out: Candidate[]): void {
  let end = fieldStart + 7;
  while (end > fieldStart && text.charCodeAt(end - 1) === 32) end--;
  const pnr = text.slice(fieldStart, end);
  // A record locator is 5–7 letters and digits with no space inside.
  if (!/^[A-Z0-9]{5,7}$/.test(pnr)) return;
  out.push({ type: 'booking_ref', start: fieldStart, end, confidence: BOARDING_PASS_CONFIDENCE });
}

/**
 * Boarding passes start with `M` and the number of legs; `indexOf('M')` finds the few places
 * worth trying faster than a regex scan would, and the full layout is then matched there.
 */
function findBoardingPasses(text: string, out: Candidate[]): void {
  const re = BCBP_FIRST_LEG;
  let from = 0;
  for (;;) {
    const at = text.indexOf('M', from);
    if (at === -1) return;
    from = at + 1;
    const legs = text.charCodeAt(at + 1) - 48;
    if (legs < 1 || legs > 4) continue;
    const before = text.charCodeAt(at - 1);
    if ((before >= 48 && before <= 57) || (before >= 65 && before <= 90) || (before >= 97 && before <= 122)) continue;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) continue;
    pushPnr(text, at + BCBP_PNR_OFFSET, out);
    let next = at + m[0].length + parseInt(m[2]!, 16);
    for (let leg = 2; leg <= legs; leg++) {
      const legRe = BCBP_NEXT_LEG;
      legRe.lastIndex = next;
      const l = legRe.exec(text);
      if (!l) break;
      pushPnr(text, next, out);
      next += BCBP_LEG_LENGTH + parseInt(l[2]!, 16);
    }
    from = Math.max(from, Math.min(next, text.length));
  }
}
