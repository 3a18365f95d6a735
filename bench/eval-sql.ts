/**
 * sqli_binary.csv through `scanSql`: the flagged rate per subset is recall on attack subsets
 * and the false-positive rate on benign ones. LLM prompts that talk about SQL or databases are
 * split from the rest, since flagging a prompt that legitimately discusses SQL is a softer error.
 */
import { scanSql } from '../src/index.js';
import type { SqliRow } from './eval-data.js';
import type { MissLog } from './eval-misses.js';
import { payloadKind } from './eval-payload-kinds.js';

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

/** Marks of NoSQL (MongoDB operators, server-side JavaScript) and LDAP filter injection: not SQL. */
const NOT_SQL = /\$(?:where|ne|gt|gte|lt|lte|regex|or|and|nin|exists|comment)\b|\bdb\.\w+\.\w+\(|\bthis\.\w+\.match\(|\(\|\(|\bobjectclass=/i;
/** Words, numbers and quote marks: the units an injection needs at least three of (a value, an operator, a value). */
const LEXICAL_UNIT = /[A-Za-z_@$][\w@$]*|\d+(?:\.\d+)?|['"`]/g;

function urlDecoded(text: string): string {
  try { return decodeURIComponent(text.replace(/\+/g, ' ')); } catch { return text; }
}

/**
 * Is this payloadbox line a SQL payload, rather than a bare fragment (`(`, `order by`, `a'`,
 * `29 %`) or a NoSQL/LDAP payload? The issue says not to chase fragments; NoSQL and LDAP lines
 * are counted by their own kinds (scanSql reports them as `nosql_injection`/`ldap_injection`).
 * This rule is fixed here, independent of what scanSql catches. Fewer than three
 * lexical units can't form a condition, a call or a statement.
 */
export function isSqlPayload(text: string): boolean {
  const decoded = urlDecoded(text);
  if (NOT_SQL.test(decoded)) return false;
  return (decoded.match(LEXICAL_UNIT)?.length ?? 0) >= 3;
}

export const PAYLOADBOX_SQL_ONLY = 'payloadbox (SQL payloads only: ≥3 lexical units, no NoSQL/LDAP)';

/** Prefix of the groups that split payloadbox by kind of line (see eval-payload-kinds.ts). */
export const PAYLOADBOX_KIND_PREFIX = 'payloadbox kind: ';

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 160)}…` : flat);
}

function tally(groups: SqlGroups, name: string, label: 0 | 1): SqlGroup {
  let g = groups.get(name);
  if (!g) groups.set(name, (g = { name, label, total: 0, flagged: 0, errors: 0 }));
  return g;
}

export function evaluateSql(rows: readonly SqliRow[], misses: MissLog): SqlGroups {
  const groups: SqlGroups = new Map();
  for (const row of rows) {
    const name = sqlGroupOf(row);
    const g = tally(groups, name, row.label);
    g.total++;
    // Payloadbox lines that are SQL payloads are also tallied in a group of their own.
    const sqlOnly = row.subset === 'payloadbox' && isSqlPayload(row.text) ? tally(groups, PAYLOADBOX_SQL_ONLY, row.label) : undefined;
    if (sqlOnly) sqlOnly.total++;
    const kind = row.subset === 'payloadbox' ? tally(groups, PAYLOADBOX_KIND_PREFIX + payloadKind(row.text), row.label) : undefined;
    if (kind) kind.total++;
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
    if (detected && sqlOnly) sqlOnly.flagged++;
    if (detected && kind) kind.flagged++;
    if (row.label === 1 && !detected) misses.add({ key: 'sql', kind: `missed attack (${name})`, source: SOURCE, detail: preview(row.text) });
    if (row.label === 0 && detected) misses.add({ key: 'sql', kind: `flagged benign (${name})`, source: SOURCE, detail: `${preview(row.text)} → ${why}` });
  }
  return groups;
}
