import { isBounded, readContext, scoreConfidence, type ContextWords } from '../context.js';
import { DIGIT_CLUSTERS, digitRunBefore } from '../scan/digit-clusters.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { sgIdentityKind } from '../validators/nric.js';
import { isAsciiLetter } from '../char-codes.js';

/**
 * Singapore NRIC (S/T prefix) and FIN (F/G/M prefix): letter, seven digits, check letter.
 * Only numbers whose check letter is right are reported; the prefix decides the type.
 */

// The seven digits always make a digit cluster, and the check letter stops it, so every
// candidate is a cluster followed by a letter: the detector reads the clusters (shared with the
// other numeric detectors) instead of running a pass of its own over the text. A letter-first
// pattern would be tried at every S and T, which start a great many English words.
const DIGITS = 7;

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
    for (const cluster of ctx.shared(DIGIT_CLUSTERS).clusters) {
      const checkAt = cluster.end; // the letter right after the cluster, if any
      const start = checkAt - DIGITS - 1;
      const end = checkAt + 1;
      if (start < 0 || !isAsciiLetter(text.charCodeAt(checkAt)) || !isSgIdPrefix(text.charCodeAt(start))) continue;
      if (digitRunBefore(text, checkAt) !== DIGITS || !isBounded(text, start, end)) continue;
      const value = text.slice(start, end);
      const kind = sgIdentityKind(value);
      if (kind === undefined) continue;
      const upper = value.charCodeAt(0) < 97 && value.charCodeAt(8) < 97;
      const base = upper ? UNLABELLED : UNLABELLED_LOWER_CASE;
      out.push({ type: kind, start, end, confidence: scoreConfidence(base, readContext(text, start, end, SG_ID_CONTEXT)) });
    }
  },
};
