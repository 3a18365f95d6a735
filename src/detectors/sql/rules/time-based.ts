/**
 * Time-based blind injection: calls whose only purpose is to make the database wait, so an
 * attacker can read one bit per response time. `SLEEP(5)`, `PG_SLEEP(5)`,
 * `BENCHMARK(5000000, MD5(1))`, `WAITFOR DELAY '0:0:5'`, `DBMS_LOCK.SLEEP(5)`,
 * `DBMS_PIPE.RECEIVE_MESSAGE('a', 5)`, and `RANDOMBLOB(500000000)` heavy work.
 */
import { nextSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { baseName, isSqlCallPosition, readCall } from './call-shape.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

const PACKAGE_DELAYS = new Set(['DBMS_LOCK.SLEEP', 'SYS.DBMS_LOCK.SLEEP', 'DBMS_PIPE.RECEIVE_MESSAGE', 'SYS.DBMS_PIPE.RECEIVE_MESSAGE', 'DBMS_SESSION.SLEEP']);

/** A first argument that looks like a duration: a number, variable, expression, or a `__TIME__` placeholder. */
function isDurationArgument(t: SqlToken | undefined, next: SqlToken | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === 'number' || t.kind === 'variable' || t.kind === '(') return true;
  if (t.kind === 'word' && next?.kind === '(') return true;
  return t.kind === 'word' && t.upper.includes('_') && next?.kind === ')';
}

/** The `hh:mm:ss[.fff]` string WAITFOR DELAY takes. */
const DELAY_STRING = /^\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d{1,3})?)?$/;

/** Whether `word` is WAITFOR with at most two letters dropped, added or changed (`WAIFOR`, `WAITFR`). */
function nearWaitfor(word: string): boolean {
  const target = 'WAITFOR';
  if (Math.abs(word.length - target.length) > 2) return false;
  // Levenshtein distance over two short strings: a 10 × 8 table at most.
  let previous = Array.from({ length: target.length + 1 }, (_, j) => j);
  for (let i = 1; i <= word.length; i++) {
    const row = [i];
    for (let j = 1; j <= target.length; j++) {
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (word[i - 1] === target[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[target.length]! <= 2;
}

/** Whether the token before `k` is a misspelt WAITFOR. */
const previousIsMisspeltWaitfor = (tokens: readonly SqlToken[], k: number): boolean => {
  const p = tokens[k - 1];
  return p !== undefined && p.kind === 'word' && p.delimiter === '' && nearWaitfor(p.upper);
};

/** Tables in one cross join from which a COUNT(*) is a deliberate heavy query. */
const HEAVY_JOIN_TABLES = 3;
/** Tokens searched for the table list. */
const HEAVY_JOIN_SCAN = 80;

/**
 * `COUNT(*) FROM a t1, a t2, a t3 …` without WHERE: a cartesian product whose only purpose is
 * to take long. Returns the index of the last table token, or -1.
 */
function heavyCrossJoin(tokens: readonly SqlToken[], k: number): number {
  const open = nextSignificant(tokens, k + 1);
  const star = nextSignificant(tokens, open + 1);
  const close = nextSignificant(tokens, star + 1);
  const from = nextSignificant(tokens, close + 1);
  if (tokens[open]?.kind !== '(' || tokens[star]?.upper !== '*' || tokens[close]?.kind !== ')' || tokens[from]?.upper !== 'FROM') return -1;
  let tables = 1;
  let last = -1;
  const limit = Math.min(tokens.length, from + HEAVY_JOIN_SCAN);
  for (let j = from + 1; j < limit; j++) {
    const t = tokens[j]!;
    if (t.kind === ',') tables++;
    else if (t.kind === 'word' && (t.upper === 'WHERE' || t.upper === 'JOIN' || t.upper === 'ON' || t.upper === 'USING')) return -1;
    else if (t.kind === ')' || t.kind === ';') break;
    else if (t.kind !== 'word' && t.kind !== '.' && t.kind !== 'comment') break;
    last = j;
  }
  return tables >= HEAVY_JOIN_TABLES ? last : -1;
}

/**
 * Finds delay calls in `tokens`.
 *
 * @example
 * ```ts
 * findTimeBased(tokenizeSql("1 AND SLEEP(5)").tokens) // [{ category: 'time_based', … }]
 * findTimeBased(tokenizeSql("time.sleep(5)").tokens)  // []
 * ```
 */
export function findTimeBased(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) findTimeBasedAt(tokens, k, out);
}

/**
 * The check of {@link findTimeBased} at token `k`; the scanner's single pass calls it only for
 * tokens that can start a match.
 *
 * @example
 * ```ts
 * findTimeBasedAt(tokenizeSql('1 AND SLEEP(5)').tokens, 2, out) // time_based
 * ```
 */
export function findTimeBasedAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const t = tokens[k]!;
  if (t.kind !== 'word' || t.delimiter !== '') return;
  const up = t.upper;
  if (up === 'COUNT') {
    const last = heavyCrossJoin(tokens, k);
    if (last > 0) out.push(spanFinding(tokens, k, last, 'time_based', 0.8, 'COUNT(*) over a cross join of many tables'));
    return;
  }
  if (up === 'DELAY' && tokens[k - 1]?.upper !== 'WAITFOR' && previousIsMisspeltWaitfor(tokens, k)) {
    // `waifor delay '0:0:20'`: the keyword misspelt (or mangled by a filter), the
    // hh:mm:ss string intact. Nothing but WAITFOR takes a DELAY of that shape.
    const v = nextSignificant(tokens, k + 1);
    if (tokens[v]?.kind === 'string' && DELAY_STRING.test(tokens[v]!.upper)) out.push(spanFinding(tokens, k - 1, v, 'time_based', 0.8, 'DELAY with a time string'));
    return;
  }
  if (up === 'WAITFOR') {
    const d = nextSignificant(tokens, k + 1);
    const v = nextSignificant(tokens, d + 1);
    if ((tokens[d]?.upper === 'DELAY' || tokens[d]?.upper === 'TIME') && tokens[v]?.kind === 'string') {
      out.push(spanFinding(tokens, k, v, 'time_based', 0.95, 'WAITFOR DELAY'));
    }
    return;
  }
  if (up !== 'SLEEP' && up !== 'PG_SLEEP' && up !== 'BENCHMARK' && up !== 'RANDOMBLOB' && up !== 'DBMS_LOCK' && up !== 'DBMS_PIPE' && up !== 'SYS' && up !== 'DBMS_SESSION') return;
  const call = readCall(tokens, k);
  if (call === undefined) return;
  const a = nextSignificant(tokens, call.open + 1);
  const arg = tokens[a];
  const argNext = tokens[nextSignificant(tokens, a + 1)];
  if (PACKAGE_DELAYS.has(call.name)) {
    out.push(spanFinding(tokens, k, call.close, 'time_based', 0.95, call.name));
    return;
  }
  const name = baseName(call.name);
  if (call.name !== name || !isSqlCallPosition(tokens, k)) return;
  if (name === 'RANDOMBLOB') {
    // Only a huge blob is a delay: RANDOMBLOB(16) is an ordinary random value.
    let big = false;
    for (let j = call.open + 1; j < call.close; j++) if (tokens[j]!.kind === 'number' && Number(tokens[j]!.upper) >= 1e6) big = true;
    if (big) out.push(spanFinding(tokens, k, call.close, 'time_based', 0.85, 'RANDOMBLOB heavy query'));
    return;
  }
  if (!isDurationArgument(arg, argNext)) return;
  if (name === 'BENCHMARK' && argNext?.kind !== ',' && arg?.kind === 'number') return;
  out.push(spanFinding(tokens, k, call.close, 'time_based', arg?.kind === 'number' || name === 'BENCHMARK' ? 0.95 : 0.85, `${name}()`));
}

/** A whole input of at most this many tokens can be a bare shell-sleep probe. */
const MAX_SHELL_PROBE_TOKENS = 8;

/** `sleep 50` as a shell command: the word, spaces, a number of seconds. */
const SHELL_SLEEP = /^\s*sleep\s+\d+(?:\.\d+)?\s*$/i;

/** Tokens that may wrap a shell command: `$(…)`, backticks, `;`, `|`, `&&`, `||`. */
const isShellWrapper = (t: SqlToken): boolean =>
  t.kind === '(' || t.kind === ')' || t.kind === ';' || t.kind === 'other' || (t.kind === 'word' && t.upper === '$') ||
  (t.kind === 'operator' && (t.upper === '|' || t.upper === '||' || t.upper === '&' || t.upper === '&&'));

/**
 * Time-based probes of the command line rather than of SQL, which SQL payload lists carry
 * along: `'sleep 50'`, `$(sleep 50)`, `` `sleep 5` ``, `; sleep 5`. Only when the input is
 * nothing but the probe: a question about `sleep 5` in a shell script is not one.
 *
 * @example
 * ```ts
 * findShellSleep(tokenizeSql(' $(sleep 50)').tokens, out) // time_based
 * findShellSleep(tokenizeSql('How do I run sleep 5 in bash?').tokens, out) // nothing
 * ```
 */
export function findShellSleep(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  if (tokens.length > MAX_SHELL_PROBE_TOKENS) return;
  let probe = -1;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    // '…', "…" and `…` (command substitution, read as a quoted name) around the command.
    if ((t.kind === 'string' || (t.kind === 'word' && t.delimiter === '`')) && SHELL_SLEEP.test(t.upper) && probe < 0) probe = k;
    else if (t.kind === 'word' && t.upper === 'SLEEP' && tokens[k + 1]?.kind === 'number' && probe < 0 && k > 0 && isShellWrapper(tokens[k - 1]!)) {
      probe = k;
      k++;
    } else if (!isShellWrapper(t) && t.kind !== 'comment') return;
  }
  if (probe >= 0) out.push(spanFinding(tokens, probe, tokens[probe]!.upper === 'SLEEP' ? probe + 1 : probe, 'time_based', 0.7, 'shell sleep command'));
}
