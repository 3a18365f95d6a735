import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import { DIGIT_CLUSTERS } from '../scan/digit-clusters.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isValidIndonesianNik } from '../validators/nik.js';

/**
 * Indonesian NIK: 16 digits whose province, regency, district, birth date and serial must all
 * be plausible. About 2% of random 16-digit strings pass, so an unlabelled match is reported
 * with moderate confidence; card words lower it because a card number is the likelier reading.
 */

// A decimal fraction such as 0.3171011708450001 is not an identifier: skip digits after or before `digit.`.
const NIK_PATTERN = /(?<![A-Za-z0-9]|\d\.)\d{16}(?![A-Za-z0-9]|\.\d)/g;

const NIK_CONTEXT: ContextWords = {
  positive: /\b(?:nik|e-?ktp|ktp|nomor\s+induk(?:\s+kependudukan)?|no\.?\s*induk|kependudukan|kartu\s+tanda\s+penduduk|kartu\s+keluarga|dukcapil|(?:identity|id)\s*(?:card|no|number)|national\s+id)\b/,
  // "ID card" is a label, not a payment card, hence the lookbehind.
  negative: /\b(?:credit|debit|visa|master\s*card|amex|jcb|cvv|cvc|expiry|expires|kartu\s+kredit|(?<!id\s|identity\s)cards?|orders?|invoice|tracking|transactions?|trx|rekening|account|resi|serial|imei|ticket|awb)\b/,
};

const UNLABELLED = 0.6;

export const nikDetector: Detector = {
  name: 'nik',
  types: ['nik'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const view = ctx.shared(DIGIT_CLUSTERS).view(16);
    NIK_PATTERN.lastIndex = 0;
    for (let m = NIK_PATTERN.exec(view.text); m !== null; m = NIK_PATTERN.exec(view.text)) {
      const value = m[0];
      if (!isValidIndonesianNik(value)) continue;
      const start = view.textOffset(m.index);
      const end = start + 16;
      out.push({ type: 'nik', start, end, confidence: scoreConfidence(UNLABELLED, readContext(ctx.text, start, end, NIK_CONTEXT)) });
    }
  },
};
