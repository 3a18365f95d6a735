import { isBounded, readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { sgIdentityKind } from '../validators/nric.js';

/**
 * Singapore NRIC (S/T prefix) and FIN (F/G/M prefix): letter, seven digits, check letter.
 * Only numbers whose check letter is right are reported; the prefix decides the type.
 */

// Anchored on the seven digits rather than the prefix: S and T start a great many English
// words, so a letter-first pattern is tried at far more positions (about twice as slow on
// prose). The prefix letter and the left boundary are checked in JS; the lookbehind keeps the
// pattern from being retried inside a long digit run.
const SG_ID_DIGITS = /(?<!\d)\d{7}[A-Za-z](?![A-Za-z0-9])/g;

const SG_ID_CONTEXT: ContextWords = {
  positive: /\b(?:nric|fin|uin|i\/?c|ic\s*(?:no|number)|identity\s*(?:card|no|number)|identification\s*(?:no|number)|foreign\s+identification|work\s*pass|employment\s*pass|singpass)\b/,
  negative: /\b(?:orders?|invoice|tracking|sku|serial|ticket|ref(?:erence)?\s*(?:no|number)|booking|pnr|model|part\s*(?:no|number)|version|coupon|voucher|promo(?:\s*code)?)\b/,
};

/** A 1-in-11 check letter on a distinctive shape: strong evidence on its own. */
const UNLABELLED = 0.9;
/** Lower-case forms are rarer in real documents and more often identifiers in code. */
const UNLABELLED_LOWER_CASE = 0.8;

/** S, T, F, G, M in either case. */
function isSgIdPrefix(code: number): boolean {
  const upper = code & ~32;
  return upper === 83 || upper === 84 || upper === 70 || upper === 71 || upper === 77;
}

export const nricDetector: Detector = {
  name: 'nric',
  types: ['nric', 'fin'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    SG_ID_DIGITS.lastIndex = 0;
    for (let m = SG_ID_DIGITS.exec(text); m !== null; m = SG_ID_DIGITS.exec(text)) {
      const start = m.index - 1;
      const end = m.index + 8;
      if (start < 0 || !isSgIdPrefix(text.charCodeAt(start)) || !isBounded(text, start, end)) continue;
      const value = text.slice(start, end);
      const kind = sgIdentityKind(value);
      if (kind === undefined) continue;
      const upper = value.charCodeAt(0) < 97 && value.charCodeAt(8) < 97;
      const base = upper ? UNLABELLED : UNLABELLED_LOWER_CASE;
      out.push({ type: kind, start, end, confidence: scoreConfidence(base, readContext(text, start, end, SG_ID_CONTEXT)) });
    }
  },
};
