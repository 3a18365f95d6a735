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
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word' || t.delimiter !== '') continue;
    const up = t.upper;
    if (up === 'COUNT') {
      const last = heavyCrossJoin(tokens, k);
      if (last > 0) out.push(spanFinding(tokens, k, last, 'time_based', 0.8, 'COUNT(*) over a cross join of many tables'));
      continue;
    }
    if (up === 'WAITFOR') {
      const d = nextSignificant(tokens, k + 1);
      const v = nextSignificant(tokens, d + 1);
      if ((tokens[d]?.upper === 'DELAY' || tokens[d]?.upper === 'TIME') && tokens[v]?.kind === 'string') {
        out.push(spanFinding(tokens, k, v, 'time_based', 0.95, 'WAITFOR DELAY'));
      }
      continue;
    }
    if (up !== 'SLEEP' && up !== 'PG_SLEEP' && up !== 'BENCHMARK' && up !== 'RANDOMBLOB' && up !== 'DBMS_LOCK' && up !== 'DBMS_PIPE' && up !== 'SYS' && up !== 'DBMS_SESSION') continue;
    const call = readCall(tokens, k);
    if (call === undefined) continue;
    const a = nextSignificant(tokens, call.open + 1);
    const arg = tokens[a];
    const argNext = tokens[nextSignificant(tokens, a + 1)];
    if (PACKAGE_DELAYS.has(call.name)) {
      out.push(spanFinding(tokens, k, call.close, 'time_based', 0.95, call.name));
      continue;
    }
    const name = baseName(call.name);
    if (call.name !== name || !isSqlCallPosition(tokens, k)) continue;
    if (name === 'RANDOMBLOB') {
      // Only a huge blob is a delay: RANDOMBLOB(16) is an ordinary random value.
      let big = false;
      for (let j = call.open + 1; j < call.close; j++) if (tokens[j]!.kind === 'number' && Number(tokens[j]!.upper) >= 1e6) big = true;
      if (big) out.push(spanFinding(tokens, k, call.close, 'time_based', 0.85, 'RANDOMBLOB heavy query'));
      continue;
    }
    if (!isDurationArgument(arg, argNext)) continue;
    if (name === 'BENCHMARK' && argNext?.kind !== ',' && arg?.kind === 'number') continue;
    out.push(spanFinding(tokens, k, call.close, 'time_based', arg?.kind === 'number' || name === 'BENCHMARK' ? 0.95 : 0.85, `${name}()`));
  }
}
