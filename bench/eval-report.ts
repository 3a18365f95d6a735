/**
 * The eval report: runs each evaluation over the shared data and prints per-type tables and
 * the PASS/FAIL lines of the accuracy targets.
 */
import { EVAL_DIR, loadPhoneExamples, loadPresidioCases, loadSqliRows, loadValueRows } from './eval-data.js';
import { MissLog } from './eval-misses.js';
import { selectsKey, type EvalOptions } from './eval-options.js';
import { evaluatePhones, type FormTally, type PhoneResult } from './eval-phone.js';
import { f1, precision, recall, rejectionRate, type TallyBook } from './eval-pii-shared.js';
import { evaluatePresidio, type PresidioResult } from './eval-presidio.js';
import { evaluateSql, PAYLOADBOX_KIND_PREFIX, PAYLOADBOX_SQL_ONLY, type SqlGroups } from './eval-sql.js';
import { PAYLOAD_KINDS } from './eval-payload-kinds.js';
import { evaluateValues, type ValuesResult } from './eval-values.js';
import { fmt, formatTable, pct, verdict } from './table.js';

const REJECTION_TARGET_KEYS = ['credit_card', 'iban', 'aadhaar', 'nric/fin', 'uen'];
const RECALL_TARGET_KEYS = ['credit_card', 'iban', 'aadhaar', 'nric/fin', 'uen', 'nik'];
const RECALL_TARGET = 0.98;
/** Types whose look-alikes in values.csv are locale- or format-specific, not checksum failures (see the data README). */
// Look-alikes that are only invalid for a locale or format, or (email) only as a whole string:
// validator.js's negatives such as "foo@bar.com." hold a valid address, which running text should yield.
const SOFT_LOOKALIKES = new Set(['phone', 'dob', 'passport', 'email']);

const ratio = (a: number, b: number): string => (b === 0 ? '-' : `${a}/${b}`);
const rate = (a: number, b: number): string => (b === 0 ? '-' : pct(a / b));

function printValues(v: ValuesResult): void {
  console.log('\n== PII: values.csv, each value in a labelled sentence ("IBAN: X") ==');
  const rows = v.tallies.entries().map(([key, t]) => [
    key,
    String(t.tp + t.fn),
    String(t.tp),
    String(t.exact),
    String(t.fn),
    pct(recall(t)),
    rate(t.unlabelledTp, t.unlabelledTotal),
    String(t.lookalikes),
    String(t.lookalikesAccepted),
    t.lookalikesContainingValid ? String(t.lookalikesContainingValid) : '',
    `${pct(rejectionRate(t))}${SOFT_LOOKALIKES.has(key) && t.lookalikes > 0 ? ' *' : ''}`,
    pct(precision(t)),
    fmt(f1(t), 3),
    t.relabelled ? String(t.relabelled) : '',
  ]);
  console.log(formatTable(
    ['type', 'valid', 'found', 'exact', 'FN', 'recall', 'recall unlabelled', 'look-alikes', 'accepted', 'contain valid‡', 'rejection', 'precision', 'F1', 'relabelled†'],
    rows,
  ));
  console.log('  found = a finding of the type covers the value; exact = its span is the value.');
  console.log('  * look-alikes here are "not valid for that locale/format" per the source, or (email) not an address as a whole string though a valid address stands inside ("foo@bar.com."): informational.');
  console.log('  † valid per the source but the checksum fails: counted as look-alikes.');
  console.log('  ‡ look-alikes in which a standalone valid value was found (e.g. a valid IBAN followed by an emoji): not counted as accepted.');
  if (v.skippedEmpty) console.log(`  ${v.skippedEmpty} empty values skipped.`);
}

function printPresidio(p: PresidioResult): void {
  console.log('\n== PII: Presidio recognizer cases, texts as written (spans matched by overlap) ==');
  const rows = p.raw.entries().map(([key, t]) => {
    const l = p.labelled.get(key);
    return [
      key,
      String(t.tp + t.fn),
      String(t.tp),
      String(t.exact),
      String(t.fn),
      String(t.fp),
      pct(precision(t)),
      pct(recall(t)),
      fmt(f1(t), 3),
      t.lookalikes ? `${t.lookalikes - t.lookalikesAccepted - t.lookalikesContainingValid}/${t.lookalikes - t.lookalikesContainingValid}${t.lookalikesContainingValid ? ` (+${t.lookalikesContainingValid}‡)` : ''}` : '-',
      t.lowTotal ? `${t.lowFoundDefault} / ${t.lowFoundDefault + t.lowFoundAny} of ${t.lowTotal}` : '-',
      l.tp + l.fn ? `${pct(recall(l))} (${l.tp}/${l.tp + l.fn})` : '-',
    ];
  });
  console.log(formatTable(
    ['type', 'expected', 'found', 'exact', 'FN', 'FP', 'precision', 'recall', 'F1', 'look-alikes rejected', 'low-score: found @0.5 / @0', 'recall with label'],
    rows,
  ));
  console.log('  low-score: spans Presidio itself scores < 0.5 (pattern-only); not in recall. Expected spans whose checksum fails count as look-alikes.');
  if (p.unusable) console.log(`  ${p.unusable} cases skipped (expected count and spans disagree).`);
  if (p.otherLeniency) console.log(`  ${p.otherLeniency} phone cases at a non-default libphonenumber leniency skipped.`);
}

function printPhones(r: PhoneResult): void {
  console.log('\n== PII: libphonenumber example numbers, "Phone: X" ==');
  const rows = [...r.byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, t]) => [
    type,
    String(t.e164.total),
    rate(t.e164.found, t.e164.total),
    String(t.national.total),
    rate(t.national.found, t.national.total),
  ]);
  const all = (f: FormTally): string => rate(f.found, f.total);
  rows.push(['ALL', String(r.e164.total), all(r.e164), String(r.national.total), all(r.national)]);
  console.log(formatTable(['number type', 'E.164 n', 'E.164 recall', 'national n', 'national recall (with region)'], rows));
  if (r.skippedNational) console.log(`  ${r.skippedNational} non-geographic numbers have no national form.`);
}

function printNotOurs(v: ValuesResult | undefined, p: PresidioResult | undefined): void {
  const parts: string[] = [];
  for (const [type, c] of v?.notOurs ?? []) parts.push(`${type} ${c.valid}/${c.invalid} (values.csv valid/invalid)`);
  for (const [type, n] of p?.notOurs ?? []) parts.push(`${type} ${n} (presidio cases)`);
  if (parts.length) console.log(`\nNot a Gatehouse type (skipped): ${parts.join(', ')}`);
}

function sumOver(books: readonly (TallyBook | undefined)[], key: string, pick: (t: ReturnType<TallyBook['get']>) => number): number {
  return books.reduce((s, b) => s + (b?.has(key) ? pick(b.get(key)) : 0), 0);
}

function printPiiTargets(v: ValuesResult | undefined, p: PresidioResult | undefined): void {
  console.log('\n== PII targets ==');
  for (const key of REJECTION_TARGET_KEYS) {
    const part = (books: readonly (TallyBook | undefined)[]): { offered: number; rejected: number; containValid: number } => {
      const containValid = sumOver(books, key, (t) => t.lookalikesContainingValid);
      const offered = sumOver(books, key, (t) => t.lookalikes) - containValid;
      return { offered, rejected: offered - sumOver(books, key, (t) => t.lookalikesAccepted), containValid };
    };
    const all = part([v?.tallies, p?.raw]);
    const fromValues = part([v?.tallies]);
    const fromPresidio = part([p?.raw]);
    const detail = `values.csv ${ratio(fromValues.rejected, fromValues.offered)}, presidio ${ratio(fromPresidio.rejected, fromPresidio.offered)}${all.containValid ? `; ${all.containValid} containing a standalone valid value not counted` : ''}`;
    console.log(`  ${verdict(all.offered === 0 ? undefined : all.rejected === all.offered)}  ${key}: every invalid look-alike rejected: ${all.rejected}/${all.offered} rejected (${detail})`);
  }
  for (const key of RECALL_TARGET_KEYS) {
    const books = [v?.tallies, p?.labelled];
    const tp = sumOver(books, key, (t) => t.tp);
    const n = tp + sumOver(books, key, (t) => t.fn);
    const detail = `values.csv ${ratio(sumOver([v?.tallies], key, (t) => t.tp), sumOver([v?.tallies], key, (t) => t.tp + t.fn))}, presidio labelled ${ratio(sumOver([p?.labelled], key, (t) => t.tp), sumOver([p?.labelled], key, (t) => t.tp + t.fn))}`;
    console.log(`  ${verdict(n === 0 ? undefined : tp / n >= RECALL_TARGET)}  ${key}: recall with a label ≥ ${RECALL_TARGET}: ${n === 0 ? 'no data in the eval set' : `${fmt(tp / n, 3)} (${tp}/${n}; ${detail})`}`);
  }
  console.log(`  ${verdict(undefined)}  passport MRZ: recall with a label ≥ ${RECALL_TARGET}: no MRZ lines in the eval set`);
}

function printSql(groups: SqlGroups): void {
  console.log('\n== SQL injection: sqli_binary.csv through scanSql() ==');
  const ordered = [...groups.values()].filter((g) => !g.name.startsWith(PAYLOADBOX_KIND_PREFIX)).sort((a, b) => b.label - a.label || a.name.localeCompare(b.name));
  console.log(formatTable(
    ['subset', 'label', 'n', 'flagged', 'flagged rate', 'meaning'],
    ordered.map((g) => [g.name, g.label ? 'attack' : 'benign', String(g.total), String(g.flagged), rate(g.flagged, g.total), g.label ? 'recall' : `false-positive rate${g.errors ? `, ${g.errors} errors` : ''}`]),
  ));
  const pick = (names: readonly string[]): { n: number; flagged: number } =>
    names.reduce((s, name) => ({ n: s.n + (groups.get(name)?.total ?? 0), flagged: s.flagged + (groups.get(name)?.flagged ?? 0) }), { n: 0, flagged: 0 });
  const target = (label: string, names: readonly string[], pass: (r: number) => boolean, note = ''): void => {
    const { n, flagged } = pick(names);
    console.log(`  ${verdict(n === 0 ? undefined : pass(flagged / n))}  ${label}: ${n === 0 ? 'no data' : `${pct(flagged / n, 2)} (${flagged}/${n})`}${note}`);
  };
  printPayloadKinds(groups);
  console.log('\n== SQL injection targets ==');
  target('recall ≥ 98% on libinjection attack samples', ['libinjection_sqli'], (r) => r >= 0.98);
  target('recall ≥ 95% on payloadbox payloads', ['payloadbox'], (r) => r >= 0.95, ' [every line, bare fragments included]');
  target('recall ≥ 95% on payloadbox SQL payloads', [PAYLOADBOX_SQL_ONLY], (r) => r >= 0.95,
    ' [without bare fragments (< 3 lexical units), which the issue says not to chase, and NoSQL/LDAP lines]');
  target('false positives ≤ 1% on natural-language benign text', ['libinjection_false_positives', 'gutenberg_sql_keyword_sentence', 'awesome_chatgpt_prompt (other)'], (r) => r <= 0.01,
    ' [libinjection false positives + Gutenberg + prompts not about SQL]');
  target('false positives ≤ 5% on legitimate SQL', ['awesome_chatgpt_prompt (about SQL/databases)'], (r) => r <= 0.05,
    ' [proxy: no legitimate-SQL subset exists; benign prompts that talk about SQL/databases]');
}

/**
 * Payloadbox split by kind of line, so that the every-line recall can be read: the fragment
 * lines are the ones the issue says not to chase; NoSQL and LDAP lines have their own categories.
 */
function printPayloadKinds(groups: SqlGroups): void {
  const rows = PAYLOAD_KINDS.map((kind) => groups.get(PAYLOADBOX_KIND_PREFIX + kind)).filter((g) => g !== undefined);
  if (rows.length === 0) return;
  console.log('\npayloadbox by kind of line (decided from the line alone; see bench/eval-payload-kinds.ts)');
  console.log(formatTable(
    ['kind of line', 'n', 'flagged', 'missed', 'recall'],
    rows.map((g) => [g.name.slice(PAYLOADBOX_KIND_PREFIX.length), String(g.total), String(g.flagged), String(g.total - g.flagged), rate(g.flagged, g.total)]),
    ['left'],
  ));
}

/** Runs the selected evaluations on the data in {@link EVAL_DIR} and prints the report. */
export function runEval(options: EvalOptions): void {
  const misses = new MissLog();
  const started = performance.now();
  console.log(`Gatehouse eval on ${EVAL_DIR}`);
  if (options.sections.pii) {
    const valueRows = loadValueRows();
    const cases = loadPresidioCases();
    const phones = loadPhoneExamples();
    const values = valueRows ? evaluateValues(valueRows, misses) : undefined;
    const presidio = cases ? evaluatePresidio(cases, misses) : undefined;
    if (values) printValues(values);
    else console.log('\n(pii/values.csv missing: skipped)');
    if (presidio) printPresidio(presidio);
    else console.log('\n(pii/presidio_recognizer_cases.jsonl missing: skipped)');
    if (phones) printPhones(evaluatePhones(phones, misses));
    else console.log('\n(pii/libphonenumber_examples.csv missing: skipped)');
    printNotOurs(values, presidio);
    printPiiTargets(values, presidio);
  }
  if (options.sections.sql) {
    const rows = loadSqliRows();
    if (rows) printSql(evaluateSql(rows, misses));
    else console.log('\n(sqli/sqli_binary.csv missing: skipped)');
  }

  if (options.verbose) {
    console.log(`\n==== Misses${options.types.length ? ` for ${options.types.join(', ')}` : ''} ====`);
    misses.print((key) => selectsKey(options, key), options.limit);
  } else {
    console.log('\n(run with --verbose or --type X to list the misses)');
  }
  console.log(`\n(done in ${fmt((performance.now() - started) / 1e3, 1)} s)`);
}

