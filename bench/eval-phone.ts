/**
 * libphonenumber's example numbers, every territory and number type, written "Phone: X" in
 * E.164 (no region needed) and in national form (with its region). All are valid.
 */
import type { PhoneExample } from './eval-data.js';
import type { MissLog } from './eval-misses.js';
import { belowThreshold, describeFindings, labelledText, matchSpan, safeDetect } from './eval-pii-shared.js';

const SOURCE = 'libphonenumber';

export interface FormTally {
  total: number;
  found: number;
}

export interface PhoneResult {
  /** number type → per-form tallies. */
  byType: Map<string, { e164: FormTally; national: FormTally }>;
  e164: FormTally;
  national: FormTally;
  /** Non-geographic entities (region "001") have no national form to write. */
  skippedNational: number;
}

function tryForm(value: string, region: string | undefined, tally: FormTally, typeTally: FormTally, misses: MissLog, form: string, what: string): void {
  const placed = labelledText('phone', value);
  const { findings, error } = safeDetect(placed.text, { region });
  const match = matchSpan(findings, ['phone'], placed.start, placed.end);
  tally.total++;
  typeTally.total++;
  if (match === 'exact' || match === 'covers') {
    tally.found++;
    typeTally.found++;
  } else {
    misses.add({
      key: 'phone', kind: `FN (${form})`, source: SOURCE,
      detail: `${what}: ${JSON.stringify(placed.text)} region=${region ?? '-'} → ${error ?? describeFindings(findings)}; ${belowThreshold(placed.text, ['phone'], placed.start, placed.end, region)}`,
    });
  }
}

export function evaluatePhones(examples: readonly PhoneExample[], misses: MissLog): PhoneResult {
  const result: PhoneResult = { byType: new Map(), e164: { total: 0, found: 0 }, national: { total: 0, found: 0 }, skippedNational: 0 };
  for (const ex of examples) {
    let t = result.byType.get(ex.numberType);
    if (!t) result.byType.set(ex.numberType, (t = { e164: { total: 0, found: 0 }, national: { total: 0, found: 0 } }));
    tryForm(ex.e164, undefined, result.e164, t.e164, misses, 'E.164', `${ex.region} ${ex.numberType}`);
    if (!/^[A-Z]{2}$/.test(ex.region)) {
      result.skippedNational++;
      continue;
    }
    tryForm(ex.nationalPrefix + ex.nationalNumber, ex.region, result.national, t.national, misses, 'national form', `${ex.region} ${ex.numberType}`);
  }
  return result;
}
