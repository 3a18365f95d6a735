import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import { DIGIT_CLUSTERS } from '../scan/digit-clusters.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { isValidSsnParts } from '../validators/ssn.js';
import { isAsciiAlnum as isAlnum, isAsciiDigit as isDigit } from '../char-codes.js';

/**
 * `AAA-GG-SSSS` is the form the SSA prints and people copy; nine digits in that exact 3-2-4
 * grouping rarely mean anything else, so it is reported without a label.
 */
const DASHED_CONFIDENCE = 0.75;
/** `AAA GG SSSS`: the same grouping, but spaces also split other numbers (tables, phone numbers). */
const SPACED_CONFIDENCE = 0.65;
/** `AAA.GG.SSSS` and bare `AAAGGSSSS` need an SSN label; this is their confidence with one. */
const LABEL_ONLY_CONFIDENCE = 0.9;

const CONTEXT: ContextWords = {
  positive: /\bssns?\b|\bss ?#|social[\s-]*security|\bsoc\.? ?sec\b/,
  negative:
    /\b(?:phone|tel|telephone|fax|mobile|cell|call|order|invoice|tracking|serial|ticket|sku|routing|acct|isbn|part ?(?:no|number|#)|model|case ?(?:no|number|#)|claim|zip|ref ?(?:no|#))\b/,
};

// Three digits, then either the 2-4 grouping with one separator used twice, or six more
// digits. Nine digits always make a digit cluster, so the pattern runs over the clusters shared
// with the other numeric detectors (DIGIT_CLUSTERS), not over the whole text; the checks that
// it is not part of a longer token, nor a piece of a longer dashed or dotted run
// (1-234-56-7890), are done in code, on the text, on the few matches.
const SSN_PATTERN = /\d{3}(?:([- .])(\d{2})\1(\d{4})|(\d{2})(\d{4}))/g;

/**
 * US Social Security numbers. The dashed form is reported unlabelled at 0.75 and the spaced
 * form at 0.65; an "SSN" or "social security" label raises them to 0.95. The dotted and bare
 * nine-digit forms are reported only next to such a label (0.9), since most nine-digit numbers
 * are something else. Never-issued ranges (area 000, 666, 9xx; group 00; serial 0000) and the
 * numbers published in advertising are never reported. Words such as "phone", "order" or
 * "invoice" nearby lower confidence by 0.4.
 */
export const ssnDetector: Detector = {
  name: 'ssn',
  types: ['ssn'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    const view = ctx.shared(DIGIT_CLUSTERS).view(9);
    const re = SSN_PATTERN;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(view.text)) !== null) {
      const start = view.textOffset(m.index);
      const end = start + m[0].length;
      if (!standsAlone(text, start, end)) {
        // Resume after the rest of this run of digits: an SSN overlapping it would be glued to
        // it, and skipping keeps a long digit run to one regex call.
        let next = end;
        while (isDigit(text.charCodeAt(next))) next++;
        re.lastIndex = m.index + (next - start); // the run lies within the cluster
        continue;
      }
      const separator = m[1];
      if (separator === ' ' && inSpacedRun(text, start, end)) continue;
      const group = separator === undefined ? m[4]! : m[2]!;
      const serial = separator === undefined ? m[5]! : m[3]!;
      if (!isValidSsnParts(text.slice(start, start + 3), group, serial)) continue;

      const context = readContext(text, start, end, CONTEXT);
      let confidence: number;
      if (separator === '-' || separator === ' ') {
        confidence = scoreConfidence(separator === '-' ? DASHED_CONFIDENCE : SPACED_CONFIDENCE, context);
      } else {
        if (!context.positive) continue;
        confidence = scoreConfidence(LABEL_ONLY_CONFIDENCE, context, { labelled: LABEL_ONLY_CONFIDENCE });
      }
      out.push({ type: 'ssn', start, end, confidence });
    }
  },
};

/** `+1 212 34 5678`, `212 34 5678 90`: one piece of a longer space-grouped number (a phone number). */
function inSpacedRun(text: string, start: number, end: number): boolean {
  return (text.charCodeAt(start - 1) === 32 && (isDigit(text.charCodeAt(start - 2)) || text.charCodeAt(start - 2) === 43))
    || (text.charCodeAt(end) === 32 && isDigit(text.charCodeAt(end + 1)));
}


/**
 * Not glued to a letter or digit on either side, and not one piece of a longer run joined by
 * `-` or `.` (`1-234-56-7890`, `123-45-6789-0`, `10.123.45.6789`).
 */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1); // NaN at 0: not alnum
  if (isAlnum(before)) return false;
  if ((before === 45 || before === 46) && isDigit(text.charCodeAt(start - 2))) return false;
  const after = text.charCodeAt(end);
  if (isAlnum(after)) return false;
  if ((after === 45 || after === 46) && isDigit(text.charCodeAt(end + 1))) return false;
  return true;
}
