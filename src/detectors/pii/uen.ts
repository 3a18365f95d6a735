import { isBounded, readContext, scoreConfidence, type ContextWords } from '../context.js';
import { DIGIT_CLUSTERS, digitRunBefore } from '../scan/digit-clusters.js';
import { CAPITAL_CODES, FOUR_DIGIT_CODE_TAIL } from '../scan/capital-codes.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { classifySgUen, type SgUenKind } from '../validators/uen.js';
import { isAsciiUpper as isUpperCaseLetter } from '../char-codes.js';

/**
 * Singapore UEN. The "other entities" shape (`T08LL0003B`: year, ACRA entity type, check
 * letter) is distinctive and reported on its own; the all-digit shapes (`53125226D`,
 * `201434292D`) pass their 1-in-11 check letter too often by chance, so they need a label.
 */

// The all-digit shapes (8 or 9 digits and a check letter; also `F` + `00012345A`) always make
// a digit cluster that the check letter ends, so they are read from the clusters shared with
// the other numeric detectors rather than from a pass of their own over the text.

// `T08LL0003B` has too few digits in a row to make a cluster; it ends in a capital, four
// digits and a capital, as PANs do, and is read from the pass that finds those.
const OTHER_ENTITY_HEAD = /^[RST]\d\d[A-Z]$/;

const UEN_CONTEXT: ContextWords = {
  positive: /\b(?:uen|unique\s+entity\s+(?:no|number)|acra|(?:company|business|entity|co\.?)\s*reg(?:istration|n)?|reg(?:istration|n)?\.?\s*(?:no|number)|registered\s+(?:no|number)|gst\s*reg(?:istration|n)?|bizfile)\b/,
  negative: /\b(?:orders?|tracking|ticket|sku|serial|version|(?:invoice|receipt|account|acct|policy|member)\s*(?:no|number)|booking|pnr|phone|tel|mobile)\b/,
  before: 64,
};

/** Base confidence per shape, without context words. */
const UNLABELLED: Readonly<Record<SgUenKind, number>> = {
  other: 0.8,
  business: 0.35,
  local_company: 0.35,
  // No check letter to verify: layout only.
  foreign_company: 0.3,
};

/**
 * Reports `text[start, end)` if it is a valid UEN. The year (which bounds the registration
 * years a UEN may hold) is read here, for the few candidates, rather than once per call.
 */
function pushIfUen(text: string, start: number, end: number, out: Candidate[]): void {
  if (start < 0 || !isBounded(text, start, end)) return;
  const kind = classifySgUen(text.slice(start, end), new Date().getUTCFullYear());
  if (kind === undefined) return;
  const labelled = kind === 'foreign_company' ? 0.9 : 0.95;
  out.push({ type: 'uen', start, end, confidence: scoreConfidence(UNLABELLED[kind], readContext(text, start, end, UEN_CONTEXT), { labelled }) });
}

export const uenDetector: Detector = {
  name: 'uen',
  types: ['uen'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    for (const { end: checkAt } of ctx.shared(DIGIT_CLUSTERS).clusters) {
      if (!isUpperCaseLetter(text.charCodeAt(checkAt))) continue;
      const digits = digitRunBefore(text, checkAt);
      if (digits !== 8 && digits !== 9) continue;
      const at = checkAt - digits;
      // `F` + `00012345A`: the legacy foreign-company shape.
      const foreign = digits === 8 && text.charCodeAt(at - 1) === 70 && text.startsWith('000', at);
      pushIfUen(text, foreign ? at - 1 : at, checkAt + 1, out);
    }
    for (const tail of ctx.shared(CAPITAL_CODES).fourDigitTails) {
      // R, S or T, two digits and a letter (the year and the entity type) before the tail.
      const start = tail - 4;
      if (start < 0 || !OTHER_ENTITY_HEAD.test(text.slice(start, tail))) continue;
      pushIfUen(text, start, tail + FOUR_DIGIT_CODE_TAIL, out);
    }
  },
};
