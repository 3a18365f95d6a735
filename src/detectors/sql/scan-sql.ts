/**
 * The SQL-injection scanner: normalises the input, tokenizes it in three readings (as-is, as
 * if inside a '…' string, as if inside a "…" string), and runs small rules over the token
 * sequences. When that finds nothing and every quote of a kind comes doubled, it reads the
 * text once more with the doubling undone. See {@link scanSql}.
 */
import { assertString } from '../../errors.js';
import { assertWithinInputLimit } from '../input-limit.js';
import { nextSignificant } from './grammar-walker.js';
import { collapseQuoteRuns, normalizeSqlInput, type NormalizedSqlInput } from './normalize.js';
import { findAnywhere } from './rules/anywhere.js';
import { findBareConditionAfterQuote, findExistsContinuation } from './rules/bare-condition.js';
import { judgePlacement } from './rules/context-break.js';
import { findLdapFilterInjection } from './rules/ldap-filter-injection.js';
import { findNoSqlOperatorInjection } from './rules/nosql-operator-injection.js';
import type { RuleFinding } from './rules/rule-finding.js';
import { findStatementRisks } from './rules/statement-rules.js';
import { findOpenSubquery } from './rules/open-subquery.js';
import { findServerIdentityReads } from './rules/server-identity.js';
import { findServerSideJavaScript } from './rules/server-side-javascript.js';
import { findSplitComment } from './rules/split-comment.js';
import { matchStatement } from './rules/statements.js';
import { findShellSleep } from './rules/time-based.js';
import { findUnionAnywhere } from './rules/union-anywhere.js';
import { endsWithTruncatingComment, findUnionInStatement } from './rules/union-in-statement.js';
import type { SqlToken } from './token-types.js';
import { tokenizeSql, type SqlTokenStream } from './tokenizer.js';

/**
 * Finding categories. Every one except `dangerous_query` is an injection technique: six SQL
 * ones, then `nosql_injection` (MongoDB operators and server-side JavaScript) and
 * `ldap_injection` (LDAP filters), the other query languages a value gets pasted into.
 * `dangerous_query` is SQL that is valid but needs a policy decision (destructive statements,
 * and reconnaissance of the server: see {@link scanSql}).
 */
export const SQL_CATEGORIES = [
  'union_based', 'boolean_blind', 'time_based', 'error_based', 'stacked_queries', 'comment_truncation',
  'nosql_injection', 'ldap_injection', 'dangerous_query',
] as const;

/** One of {@link SQL_CATEGORIES}. */
export type SqlCategory = (typeof SQL_CATEGORIES)[number];

/** One thing the scanner found. */
export interface SqlFinding {
  category: SqlCategory;
  /**
   * UTF-16 offsets into the text given to {@link scanSql}; `0 <= start < end <= text.length`.
   * When the input was URL-encoded or had typographic quotes, the scanner judged a decoded
   * copy; spans are mapped back and cover every original character the match came from
   * (`%27` counts as one quote), so they are exact up to the encoding's granularity.
   */
  start: number;
  end: number;
  /** 0..1: how sure the scanner is about this finding. */
  confidence: number;
  /** The matched part of the input (`text.slice(start, end)`, cut to 200 characters). */
  evidence: string;
  /** A short, fixed description of the rule that matched (never contains input text). */
  reason: string;
}

/** The verdict for one input. */
export interface SqlScanResult {
  /** True when anything was found: an injection, or a destructive statement (`dangerous_query`). */
  detected: boolean;
  /**
   * The category of the top finding. Injection techniques come before `dangerous_query` (so
   * `'; DROP TABLE users--` reports `stacked_queries`), and the specific ones (UNION,
   * time-based, error-based, then stacked) before the generic boolean and comment findings
   * they usually come with; among equals, the most confident. Absent when nothing was found.
   */
  category?: SqlCategory;
  /** The highest confidence among the findings, or 0. */
  confidence: number;
  /** Every finding, sorted by `start`. */
  findings: SqlFinding[];
}

/** Options for {@link scanSql}. */
export interface ScanSqlOptions {
  /**
   * Longest input accepted, in UTF-16 code units; longer input throws
   * {@link InputTooLargeError} (nothing is scanned or truncated). Defaults to
   * {@link DEFAULT_MAX_SQL_INPUT_LENGTH}.
   */
  maxInputLength?: number;
}

/** Default {@link ScanSqlOptions.maxInputLength}: 1,000,000 characters. */
export const DEFAULT_MAX_SQL_INPUT_LENGTH = 1_000_000;

/** Longest evidence string returned. */
const MAX_EVIDENCE_LENGTH = 200;

/**
 * At most this many findings are returned (the earliest ones); the verdict (`category`,
 * `confidence`) is computed from all of them first.
 */
export const MAX_SQL_FINDINGS = 100;

/** Findings below this confidence are not reported. */
const MIN_CONFIDENCE = 0.5;

/**
 * Scans one input (a prompt, a tool argument, a query an agent wants to run) for SQL
 * injection and for destructive SQL.
 *
 * It tells apart three kinds of text:
 * - injections: input that breaks out of the value an application would paste it into
 *   (`admin' OR '1'='1`, `1 UNION SELECT password FROM users--`, `'; DROP TABLE users--`),
 *   and expressions that only attacks use (`SLEEP(5)`, `EXTRACTVALUE(1, CONCAT(0x7e, version()))`);
 * - plain SQL (`SELECT name FROM users WHERE id = 42`), which is not reported unless it is
 *   destructive (`DROP TABLE`, `TRUNCATE`, `ALTER`, `GRANT`, `REVOKE`, `BACKUP`/`RESTORE
 *   DATABASE`, `DELETE` or `UPDATE` without `WHERE`) or reconnaissance (below): category
 *   `dangerous_query`, which also sets `detected`;
 * - English that uses SQL words ("drop me a line", "union members", "or 1 = 1 in boolean logic?").
 *
 * **Reconnaissance.** Read-only queries whose purpose is to map the server are reported as
 * `dangerous_query` with a reason that says "reconnaissance", so that a policy (say, for a
 * read-only database tool an agent uses) can refuse or review them while ordinary reads pass:
 * - the server's version, identity, account or configuration read for its own sake:
 *   `SELECT @@version`, `SELECT version()`, `SELECT current_user`,
 *   `SELECT current_setting('hba_file')`, `PRINT @@servername`, DB2's
 *   `SELECT current server FROM sysibm.sysdummy1` (only in a select list that reads no
 *   ordinary table: `SELECT user, total FROM orders` and `WHERE owner = current_user` stay
 *   clean, as do `now()`, `current_date`, `@@rowcount`, `@@identity`);
 * - vendor system catalogs: the `sys`, `sysibm`, `syscat`, `master`, `msdb`, `mysql`,
 *   `performance_schema` and `pg_catalog` schemas, SQL Server's legacy `sys*` tables,
 *   PostgreSQL's `pg_*` views (including `pg_stat_activity`, which shows other sessions'
 *   queries and addresses), Oracle's `dba_*`, `all_*` and `v$*` views, and the tables that
 *   hold password hashes.
 * The SQL-standard `information_schema` (except `processlist` and the privilege views) and
 * SQLite's `sqlite_master` are how tools list the tables they may query; they stay clean.
 *
 * **Other query languages.** Values also get pasted into MongoDB queries and LDAP filters:
 * - `nosql_injection`: a MongoDB operator after a breakout (`', $where: '1 == 1'`,
 *   `' } ], $comment: '…'`); an operator object or bracketed query-string key standing where a
 *   value is expected, with an operand that matches every document (`{ $ne: 1 }`, `{"$gt": ""}`,
 *   `password[$ne]=1`, `user[$regex]=.*`); `$where` with JavaScript that is always true or
 *   waits; JavaScript after a quote breakout (`' && this.password.match(/.*\/)//`, a
 *   `while` loop on `new Date()`); and a shell call that writes or runs code, written as a
 *   statement (`db.injection.insert({success:1});`).
 * - `ldap_injection`: a `)` that closes a filter the value never opened, followed by a new
 *   filter (`*)(uid=*))(|(uid=*`), or an OR / AND filter straight after a value
 *   (`*(|(objectclass=*))`).
 * Ordinary queries in those languages are not injections: `{age: {$gt: 18}}`,
 * `db.users.find({…})`, `(&(objectClass=person)(uid=alice))` are clean.
 *
 * **Out of scope.** Lone fragments (`'`, `or`, `order by`, `(`, `*|`) that are only attacks
 * once combined with more are not reported.
 *
 * Before judging, it undoes URL encoding (repeatedly), MySQL `/*!…*\/` comments, `/**\/`
 * spacing, typographic quotes, primes and dashes, and full-width letters; payloads whose
 * quotes were all doubled (`hi"") or (""a""=""a"`) are also read with the doubling undone.
 * Runs in time linear in the input length.
 *
 * @param text - The input to scan. Any string is accepted (empty, any Unicode, lone surrogates).
 * @param options - See {@link ScanSqlOptions}.
 * @throws {GatehouseTypeError} if `text` is not a string.
 * @throws {InputTooLargeError} if `text` is longer than `options.maxInputLength`
 *   (default {@link DEFAULT_MAX_SQL_INPUT_LENGTH}, 1,000,000 characters).
 * @throws {InvalidOptionError} if `options.maxInputLength` is not a non-negative integer.
 *
 * @example
 * ```ts
 * scanSql("admin' OR '1'='1").category                          // 'boolean_blind'
 * scanSql("1; DROP TABLE users--").findings.map((f) => f.category) // ['stacked_queries', 'dangerous_query']
 * scanSql('SELECT name FROM users WHERE id = 42').detected       // false
 * scanSql('select @@version').category                           // 'dangerous_query' (reconnaissance)
 * scanSql('Please drop me a line').detected                      // false
 * scanSql("', $where: '1 == 1'").category                        // 'nosql_injection'
 * scanSql('*(|(objectclass=*))').category                         // 'ldap_injection'
 * ```
 */
export function scanSql(text: string, options: ScanSqlOptions = {}): SqlScanResult {
  assertString(text, 'text');
  assertWithinInputLimit(text, options?.maxInputLength, DEFAULT_MAX_SQL_INPUT_LENGTH);
  if (text.length === 0) return { detected: false, confidence: 0, findings: [] };

  const normalized = normalizeSqlInput(text);
  const found = analyze(normalized.text);
  if (!found.some(isReported)) {
    // Payloads copied out of CSV files or source strings often have every quote doubled.
    const collapsed = collapseQuoteRuns(normalized);
    if (collapsed !== null) {
      const again = analyze(collapsed.text);
      if (again.some(isReported)) return buildResult(text, collapsed, again);
    }
  }
  return buildResult(text, normalized, found);
}

const isReported = (f: RuleFinding): boolean => f.confidence >= MIN_CONFIDENCE;

/** Whether the input starts as a statement (`SELECT …`, `(SELECT …`, `DELETE FROM …`). */
function startsAsStatement(tokens: readonly SqlToken[], first: number): boolean {
  let k = first;
  while (tokens[k]?.kind === '(') k = nextSignificant(tokens, k + 1);
  const t = tokens[k];
  if (t === undefined || t.kind !== 'word' || t.delimiter !== '') return false;
  // `(SELECT …) --` is a subquery pasted in as a value, its tail cut off: not a query to run.
  if (k > first) return (t.upper === 'SELECT' || t.upper === 'WITH') && !endsWithTruncatingComment(tokens);
  if (t.upper === 'WITH') return true;
  return matchStatement(tokens, k) !== undefined;
}

function analyze(text: string): RuleFinding[] {
  const found: RuleFinding[] = [];
  const raw = tokenizeSql(text, 'none');
  const tokens = raw.tokens;
  const logHiding = tokens.find((x) => x.kind === 'comment' && /sp_password/i.test(x.upper));
  if (logHiding !== undefined) {
    // SQL Server leaves statements that mention sp_password out of its trace log.
    found.push({ category: 'comment_truncation', confidence: 0.7, start: logHiding.start, end: logHiding.end, reason: 'sp_password in a comment hides the query from logs' });
  }
  const first = nextSignificant(tokens, 0);
  if (first >= tokens.length) return found;
  // The readings as if the text began inside a '…' or "…" string, when the quote closes it
  // and something follows: what a value would break out into.
  const quoteReadings: SqlTokenStream[] = [];
  for (const context of ['single', 'double'] as const) {
    if (!text.includes(context === 'single' ? "'" : '"')) continue;
    const stream = tokenizeSql(text, context);
    if (stream.tokens[0]!.closed && stream.tokens.length > 1) quoteReadings.push(stream);
  }
  findAnywhere(tokens, found);
  findSplitComment(tokens, found);
  findShellSleep(tokens, found);
  findOpenSubquery(tokens, first, false, found);
  findOtherQueryLanguages(tokens, first, quoteReadings, found);

  if (startsAsStatement(tokens, first)) {
    // A query in its own right: judge it as SQL to run, not as a value pasted into one.
    findStatementRisks(tokens, first, true, found);
    findUnionInStatement(tokens, found);
    findServerIdentityReads(tokens, first, found);
    // Statements pasted together with stray quotes between them (`create table t (…)" bulk
    // insert t from 'c:\…'"`): the expression rules also read what a quote would hide.
    for (const stream of quoteReadings) findAnywhere(stream.tokens, found);
    return found;
  }

  findStatementRisks(tokens, first, false, found);
  findUnionAnywhere(tokens, found);
  const t = tokens[first]!;
  const startsWithOperand = t.kind === 'number' || t.kind === 'string' || t.kind === 'variable' || t.kind === '(' ||
    (t.kind === 'operator' && (t.upper === '-' || t.upper === '+' || t.upper === '~' || t.upper === '!')) ||
    (t.kind === 'word' && !isContinuationWord(t.upper));
  judgePlacement(raw, startsWithOperand ? 'value' : 'continuation', first, found);
  if (!startsWithOperand) findExistsContinuation(tokens, first, found);
  if (raw.versionedComments > 0) {
    found.push({ category: 'comment_truncation', confidence: 0.7, start: t.start, end: tokens[tokens.length - 1]!.end, reason: 'MySQL versioned comment' });
  }

  for (const stream of quoteReadings) {
    findAnywhere(stream.tokens, found);
    findUnionAnywhere(stream.tokens, found);
    findStatementRisks(stream.tokens, 1, false, found);
    judgePlacement(stream, 'quote', 1, found);
    findBareConditionAfterQuote(stream.tokens, stream.context === 'single' ? "'" : '"', found);
    findOpenSubquery(stream.tokens, 1, true, found);
  }
  return found;
}

/** NoSQL (MongoDB operators, server-side JavaScript) and LDAP filter injection, in every reading. */
function findOtherQueryLanguages(tokens: readonly SqlToken[], first: number, quoteReadings: readonly SqlTokenStream[], found: RuleFinding[]): void {
  findNoSqlOperatorInjection(tokens, first, false, found);
  findServerSideJavaScript(tokens, first, false, found);
  findLdapFilterInjection(tokens, first, found);
  for (const stream of quoteReadings) {
    findNoSqlOperatorInjection(stream.tokens, 1, true, found);
    findServerSideJavaScript(stream.tokens, 1, true, found);
    findLdapFilterInjection(stream.tokens, 1, found);
  }
}

/** Words that continue a query rather than start a value (` OR 1=1`, ` ORDER BY 1`, ` UNION …`). */
const CONTINUATION_WORDS = new Set([
  'AND', 'OR', 'XOR', 'UNION', 'ORDER', 'GROUP', 'HAVING', 'LIMIT', 'WHERE', 'AS', 'INTO', 'FROM', 'PROCEDURE',
  'LIKE', 'RLIKE', 'REGEXP', 'IS', 'IN', 'BETWEEN', 'DIV', 'MOD', 'FOR', 'OFFSET', 'COLLATE', 'SOUNDS',
]);
const isContinuationWord = (upper: string): boolean => CONTINUATION_WORDS.has(upper);

/**
 * Which finding names the verdict: the query language first (a MongoDB `$where` that calls
 * `sleep()` is NoSQL injection before it is a delay), then the most specific technique (a
 * boolean condition that wraps `SLEEP()` is a time-based attack), then confidence. A
 * destructive statement names it only when no injection was found.
 */
const CATEGORY_RANK: Readonly<Record<SqlCategory, number>> = {
  nosql_injection: 5, ldap_injection: 5,
  union_based: 4, time_based: 4, error_based: 4, stacked_queries: 3, boolean_blind: 2, comment_truncation: 1, dangerous_query: 0,
};

function buildResult(text: string, normalized: NormalizedSqlInput, found: readonly RuleFinding[]): SqlScanResult {
  const mapped: SqlFinding[] = [];
  for (const f of found) {
    if (f.confidence < MIN_CONFIDENCE) continue;
    const span = normalized.toOriginal(f.start, f.end);
    const start = Math.max(0, Math.min(span.start, text.length - 1));
    const end = Math.max(start + 1, Math.min(span.end, text.length));
    mapped.push({ category: f.category, start, end, confidence: f.confidence, evidence: '', reason: f.reason });
  }
  const all = mergeFindings(mapped);
  if (all.length === 0) return { detected: false, confidence: 0, findings: all };

  let top: SqlFinding | undefined;
  let confidence = 0;
  for (const f of all) {
    confidence = Math.max(confidence, f.confidence);
    const rank = CATEGORY_RANK[f.category];
    if (top === undefined || rank > CATEGORY_RANK[top.category] || (rank === CATEGORY_RANK[top.category] && f.confidence > top.confidence)) top = f;
  }
  const findings = all.slice(0, MAX_SQL_FINDINGS);
  for (const f of findings) f.evidence = text.slice(f.start, Math.min(f.end, f.start + MAX_EVIDENCE_LENGTH));
  return { detected: true, category: top!.category, confidence, findings };
}

/** Merges overlapping findings of the same category (the three readings often agree), sorted by start. */
function mergeFindings(findings: SqlFinding[]): SqlFinding[] {
  findings.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : a.start - b.start || b.end - a.end));
  const merged: SqlFinding[] = [];
  for (const f of findings) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.category === f.category && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      if (f.confidence > last.confidence) {
        last.confidence = f.confidence;
        last.reason = f.reason;
      }
      continue;
    }
    merged.push({ ...f });
  }
  return merged.sort((a, b) => a.start - b.start || b.confidence - a.confidence);
}
