/**
 * Loading the shared evaluation set (`../shared/eval` next to the repository). The set is for
 * measurement only: nothing here is copied into the project, and tests never read it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EVAL_DIR = path.resolve(REPO_ROOT, '../shared/eval');

export interface ValueRow {
  entityType: string;
  value: string;
  expectedValid: boolean;
  note: string;
}

export interface PresidioCase {
  entityType: string;
  text: string;
  expectedCount: number;
  /** `null` for validator cases, whose whole text is the candidate. */
  expectedSpans: [number, number][] | null;
  labelKind: string;
  /** Presidio's expected scores, when the test states them (upper bounds). */
  expectedScores: number[];
  /** libphonenumber matching leniency of a phone case, when the test sets one. */
  leniency?: number;
}

export interface PhoneExample {
  region: string;
  numberType: string;
  nationalNumber: string;
  e164: string;
  nationalPrefix: string;
}

export interface SqliRow {
  text: string;
  label: 0 | 1;
  subset: string;
  source: string;
}

function read(relative: string): string | undefined {
  const file = path.join(EVAL_DIR, relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export function loadValueRows(): ValueRow[] | undefined {
  const text = read('pii/values.csv');
  return text === undefined ? undefined : parseCsv(text).map((r) => ({
    entityType: r.entity_type ?? '',
    value: r.value ?? '',
    expectedValid: r.expected_valid === 'true',
    note: r.note ?? '',
  }));
}

function scoreUpperBounds(extra: Record<string, unknown>): number[] {
  const ranges = extra.expected_score_ranges;
  if (Array.isArray(ranges)) return ranges.map((r) => (Array.isArray(r) ? Number(r[1]) : Number.NaN)).filter(Number.isFinite);
  const score = extra.expected_score;
  if (typeof score === 'number') return [score];
  const scores = extra.expected_scores;
  if (Array.isArray(scores)) return scores.map(Number).filter(Number.isFinite);
  return [];
}

export function loadPresidioCases(): PresidioCase[] | undefined {
  const text = read('pii/presidio_recognizer_cases.jsonl');
  if (text === undefined) return undefined;
  return text.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const spans = raw.expected_spans;
    const extra = (raw.extra ?? {}) as Record<string, unknown>;
    return {
      entityType: String(raw.entity_type),
      text: String(raw.text ?? ''),
      expectedCount: Number(raw.expected_count),
      expectedSpans: Array.isArray(spans) ? (spans as [number, number][]) : null,
      labelKind: String(raw.label_kind ?? ''),
      expectedScores: scoreUpperBounds(extra),
      leniency: typeof extra.leniency === 'number' ? extra.leniency : undefined,
    };
  });
}

export function loadPhoneExamples(): PhoneExample[] | undefined {
  const text = read('pii/libphonenumber_examples.csv');
  return text === undefined ? undefined : parseCsv(text).map((r) => ({
    region: r.region ?? '',
    numberType: r.number_type ?? '',
    nationalNumber: r.national_significant_number ?? '',
    e164: r.e164 ?? '',
    nationalPrefix: r.national_prefix ?? '',
  }));
}

export function loadSqliRows(): SqliRow[] | undefined {
  const text = read('sqli/sqli_binary.csv');
  return text === undefined ? undefined : parseCsv(text).map((r) => ({
    text: r.text ?? '',
    label: r.label === '1' ? 1 : 0,
    subset: r.subset ?? '',
    source: r.source ?? '',
  }));
}
