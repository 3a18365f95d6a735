import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isValidIndianPan } from '../validators/pan.js';

/**
 * Indian PAN: `AAAPA9999A`, the fourth letter a holder type. There is no verifiable check
 * character, but five capitals, four digits and a capital with a valid holder letter is rare
 * enough in prose to report without a label.
 */

// The holder-type class is in the regex so most capitalised words fail at the fourth character.
const PAN_PATTERN = /(?<![A-Za-z0-9])[A-Z]{3}[PCHABGJLFT][A-Z]\d{4}[A-Z](?![A-Za-z0-9])/g;

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
    PAN_PATTERN.lastIndex = 0;
    for (let m = PAN_PATTERN.exec(text); m !== null; m = PAN_PATTERN.exec(text)) {
      const value = m[0];
      if (!isValidIndianPan(value)) continue; // rejects serial 0000
      const start = m.index;
      const end = start + value.length;
      out.push({ type: 'pan', start, end, confidence: scoreConfidence(UNLABELLED, readContext(text, start, end, PAN_CONTEXT)) });
    }
  },
};
