import { isBounded, readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { classifySgUen, type SgUenKind } from '../validators/uen.js';

/**
 * Singapore UEN. The "other entities" shape (`T08LL0003B`: year, ACRA entity type, check
 * letter) is distinctive and reported on its own; the all-digit shapes (`53125226D`,
 * `201434292D`) pass their 1-in-11 check letter too often by chance, so they need a label.
 */

// Anchored on the digits that every shape has near its start, because the R/S/T/F prefix
// letters are common in prose and a letter-first pattern is tried far more often. The
// prefix letter (for `T08LL0003B` and `F00012345A`) is checked in JS, one character back.
// The lookbehind keeps it from being retried at every position of a long digit run.
const UEN_BODY = /(?<!\d)\d{2}(?:\d{6,7}|[A-Z]{2}\d{4})[A-Z](?![A-Za-z0-9])/g;

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

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Where the UEN containing the regex match at `at..end` starts, or -1 when none can. */
function uenStart(text: string, at: number, end: number): number {
  const prev = at > 0 ? text.charCodeAt(at - 1) : 0;
  if (!isDigitCode(text.charCodeAt(at + 2))) {
    // `08LL0003B` is only the tail of an "other entity" UEN, whose R/S/T comes just before.
    return prev === 82 || prev === 83 || prev === 84 ? at - 1 : -1;
  }
  // `F` + `00012345A`: the legacy foreign-company shape.
  if (prev === 70 && end - at === 9 && text.startsWith('000', at)) return at - 1;
  return at;
}

export const uenDetector: Detector = {
  name: 'uen',
  types: ['uen'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    const year = new Date().getUTCFullYear();
    UEN_BODY.lastIndex = 0;
    for (let m = UEN_BODY.exec(text); m !== null; m = UEN_BODY.exec(text)) {
      const end = m.index + m[0].length;
      const start = uenStart(text, m.index, end);
      if (start < 0 || !isBounded(text, start, end)) continue;
      const kind = classifySgUen(text.slice(start, end), year);
      if (kind === undefined) continue;
      const labelled = kind === 'foreign_company' ? 0.9 : 0.95;
      out.push({ type: 'uen', start, end, confidence: scoreConfidence(UNLABELLED[kind], readContext(text, start, end, UEN_CONTEXT), { labelled }) });
    }
  },
};
