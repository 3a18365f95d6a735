import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import { DIGIT_CLUSTERS } from '../scan/digit-clusters.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isValidIndonesianNpwp } from '../validators/npwp.js';

/**
 * Indonesian NPWP (taxpayer number): the old 15 digits, usually printed
 * `99.999.999.9-999.999`, or the 16-digit form (a NIK, or the old number with a leading 0).
 * A Luhn digit or NIK rules leave too many chance matches among bare digit strings, so
 * without a tax label the confidence stays below the default threshold.
 */

// Starts with two digits; the dotted layout and the bare 15/16-digit run share them and then diverge.
const NPWP_PATTERN = /(?<![A-Za-z0-9]|\d\.)\d{2}(?:\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}|\d{13,14})(?![A-Za-z0-9]|\.\d)/g;

const NPWP_CONTEXT: ContextWords = {
  positive: /\b(?:npwp|nomor\s+pokok(?:\s+wajib\s+pajak)?|wajib\s+pajak|pajak|tax\s*(?:id|no|number|identification(?:\s+number)?|payer|registration|file)|tin|djp)\b/,
  negative: /\b(?:credit|debit|visa|master\s*card|amex|cvv|card\s*(?:no|number)|orders?|invoice\s*(?:no|number)|tracking|transactions?|trx|rekening|account|resi|serial|imei|ticket|phone|telp?|hp)\b/,
};

/** The dotted layout is specific to NPWP but still needs a label to be reported. */
const UNLABELLED_FORMATTED = 0.4;
const UNLABELLED_BARE = 0.3;

export const npwpDetector: Detector = {
  name: 'npwp',
  types: ['npwp'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const view = ctx.shared(DIGIT_CLUSTERS).view(15); // both layouts hold 15 or 16 digits
    NPWP_PATTERN.lastIndex = 0;
    for (let m = NPWP_PATTERN.exec(view.text); m !== null; m = NPWP_PATTERN.exec(view.text)) {
      const value = m[0];
      if (!isValidIndonesianNpwp(value)) continue;
      const start = view.textOffset(m.index);
      const end = start + value.length;
      const base = value.length === 20 ? UNLABELLED_FORMATTED : UNLABELLED_BARE;
      out.push({ type: 'npwp', start, end, confidence: scoreConfidence(base, readContext(ctx.text, start, end, NPWP_CONTEXT)) });
    }
  },
};
