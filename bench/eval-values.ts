/**
 * values.csv: each isolated value in a labelled sentence ("IBAN: X"). A valid value must be
 * found with its type, covering the value; an invalid look-alike must not be reported as it.
 * Valid values are also tried without a label, for information.
 */
import type { ValueRow } from './eval-data.js';
import type { MissLog } from './eval-misses.js';
import {
  belowThreshold, checksumHolds, describeFindings, labelledText, matchSpan, reportKey, safeDetect, SOURCE_TYPES,
  isStandaloneValidValue, TallyBook, trimmedSpan, unlabelledText, type PlacedValue,
} from './eval-pii-shared.js';

const SOURCE = 'values.csv';

export interface ValuesResult {
  tallies: TallyBook;
  /** Source types Gatehouse does not have, with valid/invalid counts. */
  notOurs: Map<string, { valid: number; invalid: number }>;
  skippedEmpty: number;
}

/** Region for a phone row: libphonenumber rows name it in the note, validator.js rows as a locale. */
export function regionOf(note: string): string | undefined {
  const example = /^exampleNumber ([A-Z]{2}) /.exec(note);
  if (example) return example[1];
  const locale = /^locale\/args \["(?:[a-z]{2,3}-)?([A-Z]{2})"\]/.exec(note);
  return locale?.[1];
}

function trimmedPlacement(p: PlacedValue): [number, number] {
  return trimmedSpan(p.text, p.start, p.end);
}

export function evaluateValues(rows: readonly ValueRow[], misses: MissLog): ValuesResult {
  const tallies = new TallyBook();
  const notOurs = new Map<string, { valid: number; invalid: number }>();
  let skippedEmpty = 0;

  for (const row of rows) {
    const types = SOURCE_TYPES[row.entityType];
    if (!types) {
      const e = notOurs.get(row.entityType) ?? { valid: 0, invalid: 0 };
      if (row.expectedValid) e.valid++;
      else e.invalid++;
      notOurs.set(row.entityType, e);
      continue;
    }
    if (row.value.trim() === '') {
      skippedEmpty++;
      continue;
    }
    const key = reportKey(types);
    const tally = tallies.get(key);
    const region = types.includes('phone') ? regionOf(row.note) : undefined;
    const placed = labelledText(key, row.value);
    const [start, end] = trimmedPlacement(placed);
    const { findings, error } = safeDetect(placed.text, { region });
    const match = matchSpan(findings, types, start, end);
    const context = `${JSON.stringify(placed.text)}${region ? ` region=${region}` : ''}${row.note ? ` (${row.note})` : ''}`;
    if (error) misses.add({ key, kind: 'detect() threw', source: SOURCE, detail: `${context} → ${error}` });

    const valid = row.expectedValid && checksumHolds(key, row.value) !== false;
    if (row.expectedValid && !valid) tally.relabelled++;

    if (valid) {
      if (match === 'exact' || match === 'covers') {
        tally.tp++;
        if (match === 'exact') tally.exact++;
      } else {
        tally.fn++;
        misses.add({
          key, kind: 'FN (valid value not found)', source: SOURCE,
          detail: `${context} → ${match === 'partial' ? 'partial span: ' : ''}${describeFindings(findings)}; ${belowThreshold(placed.text, types, start, end, region)}`,
        });
      }
      const bare = unlabelledText(row.value);
      const [bs, be] = trimmedPlacement(bare);
      const bareMatch = matchSpan(safeDetect(bare.text, { region }).findings, types, bs, be);
      tally.unlabelledTotal++;
      if (bareMatch === 'exact' || bareMatch === 'covers') tally.unlabelledTp++;
    } else {
      tally.lookalikes++;
      const reported = findings.filter((f) => types.includes(f.type) && f.end > start && f.start < end);
      if (reported.length > 0 && reported.every((f) => isStandaloneValidValue(placed.text, f, key))) {
        tally.lookalikesContainingValid++;
        misses.add({ key, kind: 'look-alike containing a standalone valid value (not counted as accepted)', source: SOURCE, detail: `${context} → ${describeFindings(reported)}` });
      } else if (reported.length > 0) {
        tally.lookalikesAccepted++;
        tally.fp++;
        misses.add({
          key, kind: row.expectedValid ? 'look-alike accepted (source says valid, checksum fails)' : 'look-alike accepted (invalid value reported)',
          source: SOURCE, detail: `${context} → ${describeFindings(findings)}`,
        });
      }
    }
  }
  return { tallies, notOurs, skippedEmpty };
}
