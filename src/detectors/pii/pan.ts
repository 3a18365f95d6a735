import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import { CAPITAL_CODES, FOUR_DIGIT_CODE_TAIL } from '../scan/capital-codes.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isValidIndianPan } from '../validators/pan.js';
import { isAsciiAlnum } from '../char-codes.js';

/**
 * Indian PAN: `AAAPA9999A`, the fourth letter a holder type. There is no verifiable check
 * character, but five capitals, four digits and a capital with a valid holder letter is rare
 * enough in prose to report without a label.
 */

// A PAN ends in a capital, four digits and a capital, so it is read from the shared pass that
// finds those tails (see CAPITAL_CODES); the head is checked here: three capitals, the
// holder-type letter, not glued to a longer token.
const PAN_HEAD = /^[A-Z]{3}[PCHABGJLFT]$/;

const PAN_CONTEXT: ContextWords = {
  positive: /\b(?:pan|permanent\s+account(?:\s+number)?|income[\s-]*tax|itr|tds|aayakar|form\s*16|gstin)\b/,
  // Product and booking codes share the shape; invoices are left out because Indian
  // invoices legitimately carry the seller's PAN.
  negative: /\b(?:orders?|tracking|sku|serial|ticket|booking|pnr|flight|model|part\s*(?:no|number)|coupon|voucher|promo(?:\s*code)?|product\s*key|licen[cs]e\s*key|version)\b/,
};

const UNLABELLED = 0.75;


export const panDetector: Detector = {
  name: 'pan',
  types: ['pan'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    for (const tail of ctx.shared(CAPITAL_CODES).fourDigitTails) {
      const start = tail - 4;
      if (start < 0 || isAsciiAlnum(text.charCodeAt(start - 1)) || !PAN_HEAD.test(text.slice(start, tail))) continue;
      const end = tail + FOUR_DIGIT_CODE_TAIL;
      const value = text.slice(start, end);
      if (!isValidIndianPan(value)) continue; // rejects serial 0000
      out.push({ type: 'pan', start, end, confidence: scoreConfidence(UNLABELLED, readContext(text, start, end, PAN_CONTEXT)) });
    }
  },
};
