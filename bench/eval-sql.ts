/**
 * sqli_binary.csv through `scanSql`: the flagged rate per subset is recall on attack subsets
 * and the false-positive rate on benign ones. LLM prompts that talk about SQL or databases are
 * split from the rest, since flagging a prompt that legitimately discusses SQL is a softer error.
 */
import { scanSql } from '../src/index.js';
import type { SqliRow } from './eval-data.js';
import type { MissLog } from './eval-misses.js';

const SOURCE = 'sqli_binary.csv';
const TALKS_ABOUT_SQL = /\b(?:sql|mysql|postgres(?:ql)?|sqlite|databases?|quer(?:y|ies))\b/i;

export interface SqlGroup {
  name: string;
  /** 1: attacks (flagged = caught); 0: benign (flagged = false positive). */
  label: 0 | 1;
  total: number;
  flagged: number;
  errors: number;
}

export type SqlGroups = Map<string, SqlGroup>;

/** The reporting group of a row: its subset, split by label or by topic where that matters. */
export function sqlGroupOf(row: SqliRow): string {
  if (row.subset === 'awesome_chatgpt_prompt') return TALKS_ABOUT_SQL.test(row.text) ? 'awesome_chatgpt_prompt (about SQL/databases)' : 'awesome_chatgpt_prompt (other)';
  if (row.subset === 'libinjection_unit_tests') return `libinjection_unit_tests (${row.label ? 'attacks' : 'benign'})`;
  return row.subset;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 160)}…` : flat);
}

export function evaluateSql(rows: readonly SqliRow[], misses: MissLog): SqlGroups {
  const groups: SqlGroups = new Map();
  for (const row of rows) {
    const name = sqlGroupOf(row);
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, label: row.label, total: 0, flagged: 0, errors: 0 }));
    g.total++;
    let detected = false;
    let why = '';
    try {
      const r = scanSql(row.text);
      detected = r.detected;
      why = r.findings.slice(0, 3).map((f) => `${f.category} ${JSON.stringify(f.evidence)} ${f.confidence}`).join('; ');
    } catch (e) {
      g.errors++;
      misses.add({ key: 'sql', kind: 'scanSql threw', source: SOURCE, detail: `${preview(row.text)} → ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    if (detected) g.flagged++;
    if (row.label === 1 && !detected) misses.add({ key: 'sql', kind: `missed attack (${name})`, source: SOURCE, detail: preview(row.text) });
    if (row.label === 0 && detected) misses.add({ key: 'sql', kind: `flagged benign (${name})`, source: SOURCE, detail: `${preview(row.text)} → ${why}` });
  }
  return groups;
}
