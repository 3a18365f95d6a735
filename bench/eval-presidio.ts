/**
 * Presidio's recognizer test cases, run as they are (no label added): expected spans are
 * matched against findings of the mapped type by overlap, and every other finding of that
 * type is a false positive. Expected spans Presidio itself scores below 0.5 are pattern-only
 * matches and are tallied apart; expected spans whose checksum fails count as look-alikes.
 * Each expected value is also tried in a labelled sentence, for the labelled-recall targets.
 */
import type { DetectorType, Finding } from '../src/index.js';
import type { PresidioCase } from './eval-data.js';
import type { MissLog } from './eval-misses.js';
import {
  belowThreshold, checksumHolds, describeFindings, labelledText, matchSpan, reportKey, safeDetect, SOURCE_TYPES,
  isStandaloneValidValue, TallyBook, trimmedSpan, type TypeTally,
} from './eval-pii-shared.js';

const SOURCE = 'presidio';
/** Presidio's phone recognizer tries these regions by default; a national number may belong to any. */
const PHONE_REGIONS = ['US', 'GB', 'DE', 'IL', 'IN', 'CA', 'BR', 'JP', 'CN'];
/**
 * Some phone texts are tested at several libphonenumber leniencies, with contradicting
 * expectations; only Presidio's default leniency (1, "valid") is kept.
 */
const DEFAULT_LENIENCY = 1;

export interface PresidioResult {
  /** Cases as written. */
  raw: TallyBook;
  /** Each expected value in a labelled sentence. */
  labelled: TallyBook;
  notOurs: Map<string, number>;
  unusable: number;
  otherLeniency: number;
}

interface ExpectedSpan {
  start: number;
  end: number;
  /** Should be found (true) or must not be (false). */
  positive: boolean;
  low: boolean;
}

function expectedSpans(c: PresidioCase): ExpectedSpan[] | undefined {
  const low = c.expectedScores.length > 0 && c.expectedScores.every((s) => s < 0.5);
  if (c.expectedSpans === null) {
    return [{ start: 0, end: c.text.length, positive: c.expectedCount > 0, low }];
  }
  if (c.expectedCount === 0) return c.expectedSpans.map(([start, end]) => ({ start, end, positive: false, low }));
  if (c.expectedCount !== c.expectedSpans.length) return undefined;
  return c.expectedSpans.map(([start, end]) => ({ start, end, positive: true, low }));
}

function findingsFor(text: string, types: readonly DetectorType[], minConfidence?: number): { findings: Finding[]; error?: string } {
  if (!types.includes('phone')) return safeDetect(text, { minConfidence });
  const merged = new Map<string, Finding>();
  let error: string | undefined;
  for (const region of PHONE_REGIONS) {
    const r = safeDetect(text, { region, minConfidence });
    error ??= r.error;
    for (const f of r.findings) merged.set(`${f.type}:${f.start}:${f.end}`, f);
  }
  return { findings: [...merged.values()].sort((a, b) => a.start - b.start), error };
}

/** The same value written with a label, for the labelled-recall figures. */
function labelledRun(key: string, types: readonly DetectorType[], value: string, tally: TypeTally, misses: MissLog): void {
  const placed = labelledText(key, value);
  const { findings } = findingsFor(placed.text, types);
  const match = matchSpan(findings, types, placed.start, placed.end);
  if (match === 'exact' || match === 'covers') {
    tally.tp++;
    if (match === 'exact') tally.exact++;
  } else {
    tally.fn++;
    misses.add({ key, kind: 'FN with label', source: `${SOURCE} (labelled)`, detail: `${JSON.stringify(placed.text)} → ${describeFindings(findings)}; ${belowThreshold(placed.text, types, placed.start, placed.end)}` });
  }
}

export function evaluatePresidio(cases: readonly PresidioCase[], misses: MissLog): PresidioResult {
  const raw = new TallyBook();
  const labelled = new TallyBook();
  const notOurs = new Map<string, number>();
  let unusable = 0;
  let otherLeniency = 0;

  for (const c of cases) {
    const types = SOURCE_TYPES[c.entityType];
    if (!types) {
      notOurs.set(c.entityType, (notOurs.get(c.entityType) ?? 0) + 1);
      continue;
    }
    if (c.leniency !== undefined && c.leniency !== DEFAULT_LENIENCY) {
      otherLeniency++;
      continue;
    }
    const spans = expectedSpans(c);
    if (!spans) {
      unusable++;
      continue;
    }
    const key = reportKey(types);
    const tally = raw.get(key);
    const { findings, error } = findingsFor(c.text, types);
    const context = `${JSON.stringify(c.text)} [${c.entityType}]`;
    if (error) misses.add({ key, kind: 'detect() threw', source: SOURCE, detail: `${context} → ${error}` });

    const claimed = new Set<Finding>();
    for (const span of spans) {
      const [start, end] = trimmedSpan(c.text, span.start, span.end);
      const value = c.text.slice(start, end);
      const overlapping = findings.filter((f) => types.includes(f.type) && f.end > start && f.start < end);
      for (const f of overlapping) claimed.add(f);
      const found = overlapping.length > 0;
      const checksumFails = span.positive && checksumHolds(key, value) === false;

      if (!span.positive || checksumFails) {
        tally.lookalikes++;
        if (checksumFails) tally.relabelled++;
        if (found && overlapping.every((f) => isStandaloneValidValue(c.text, f, key))) {
          tally.lookalikesContainingValid++;
          misses.add({ key, kind: 'look-alike containing a standalone valid value (not counted as accepted)', source: SOURCE, detail: `${context} → ${describeFindings(overlapping)}` });
        } else if (found) {
          tally.lookalikesAccepted++;
          tally.fp++;
          misses.add({ key, kind: checksumFails ? 'look-alike accepted (Presidio expects it, checksum fails)' : 'look-alike accepted', source: SOURCE, detail: `${context} → ${describeFindings(findings)}` });
        }
        continue;
      }
      // Spans Presidio itself scores below 0.5 are weak guesses, not values a label should rescue.
      if (!span.low) labelledRun(key, types, value, labelled.get(key), misses);
      if (span.low) {
        tally.lowTotal++;
        if (found) tally.lowFoundDefault++;
        else if (findingsFor(c.text, types, 0).findings.some((f) => types.includes(f.type) && f.end > start && f.start < end)) tally.lowFoundAny++;
      } else if (found) {
        tally.tp++;
        if (matchSpan(findings, types, start, end) === 'exact') tally.exact++;
      } else {
        tally.fn++;
        misses.add({ key, kind: 'FN (expected span not found)', source: SOURCE, detail: `${context} span ${JSON.stringify(value)} → ${describeFindings(findings)}; ${belowThreshold(c.text, types, start, end)}` });
      }

    }
    for (const f of findings) {
      if (!types.includes(f.type) || claimed.has(f)) continue;
      tally.fp++;
      misses.add({ key, kind: 'FP (finding on no expected span)', source: SOURCE, detail: `${context} → ${f.type} ${JSON.stringify(f.value)} ${f.confidence}` });
    }
  }
  return { raw, labelled, notOurs, unusable, otherLeniency };
}
