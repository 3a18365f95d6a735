/**
 * Reading or writing server files from SQL: `LOAD_FILE('/etc/passwd')`, `pg_read_file(…)`,
 * `… INTO OUTFILE '/var/www/shell.php'`. Reported as `union_based`, the category of
 * pulling data out through the query's own result (or, for OUTFILE, pushing it out).
 */
import { nextSignificant, previousSignificant } from '../grammar-walker.js';
import { FILE_FUNCTIONS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { isSqlCallPosition, readCall } from './call-shape.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** Words this rule looks at. */
export const FILE_CANDIDATES = new Set(['INTO', 'LOAD', 'COPY', 'BULK', ...FILE_FUNCTIONS]);

/**
 * Finds file-access calls and `INTO OUTFILE|DUMPFILE 'path'`.
 *
 * @example
 * ```ts
 * findFileAccess(tokenizeSql("1 UNION SELECT LOAD_FILE('/etc/passwd')").tokens, out) // union_based
 * ```
 */
export function findFileAccess(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) findFileAccessAt(tokens, k, out);
}

/**
 * The check of {@link findFileAccess} at token `k`; the scanner's single pass calls it only for
 * tokens that can start a match.
 *
 * @example
 * ```ts
 * findFileAccessAt(tokenizeSql("SELECT LOAD_FILE('/etc/passwd')").tokens, 1, out) // union_based
 * ```
 */
export function findFileAccessAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const t = tokens[k]!;
  if (t.kind !== 'word' || t.delimiter !== '' || !FILE_CANDIDATES.has(t.upper)) return;
  if (t.upper === 'INTO') {
    const f = nextSignificant(tokens, k + 1);
    const p = nextSignificant(tokens, f + 1);
    if ((tokens[f]?.upper === 'OUTFILE' || tokens[f]?.upper === 'DUMPFILE') && (tokens[p]?.kind === 'string' || tokens[p]?.kind === 'word' || tokens[p]?.kind === 'operator')) {
      out.push(spanFinding(tokens, k, p, 'union_based', 0.85, 'INTO OUTFILE'));
    }
    return;
  }
  if (t.upper === 'LOAD') {
    // LOAD DATA [LOCAL] INFILE 'path'
    let j = nextSignificant(tokens, k + 1);
    if (tokens[j]?.upper !== 'DATA') return;
    j = nextSignificant(tokens, j + 1);
    if (tokens[j]?.upper === 'LOCAL') j = nextSignificant(tokens, j + 1);
    if (tokens[j]?.upper === 'INFILE') out.push(spanFinding(tokens, k, nextSignificant(tokens, j + 1), 'union_based', 0.8, 'LOAD DATA INFILE'));
    return;
  }
  if (t.upper === 'COPY' || t.upper === 'BULK') {
    // COPY t FROM '/etc/passwd' (PostgreSQL), BULK INSERT t FROM 'c:\file' (SQL Server)
    const limit = Math.min(tokens.length - 2, k + 8);
    for (let j = k + 1; j <= limit; j++) {
      if (tokens[j]!.kind === ';') break;
      const path = tokens[j + 1];
      // A quoted path; an unquoted one (`copy t to /tmp/x`) only in a stacked statement, since
      // "copy files to /tmp" is also English.
      const stacked = tokens[previousSignificant(tokens, k - 1)]?.kind === ';';
      const isPath = path !== undefined && ((path.kind === 'string' && /^(?:[/\\]|[A-Z]:)/i.test(path.upper)) || (stacked && path.kind === 'operator' && path.upper === '/'));
      if ((tokens[j]!.upper === 'FROM' || tokens[j]!.upper === 'TO') && isPath) {
        out.push(spanFinding(tokens, k, j + 1, 'union_based', 0.8, `${t.upper} to or from a server file`));
        break;
      }
    }
    return;
  }
  if (!FILE_FUNCTIONS.has(t.upper)) return;
  const call = readCall(tokens, k);
  if (call === undefined || !isSqlCallPosition(tokens, k)) return;
  const arg = tokens[nextSignificant(tokens, call.open + 1)];
  if (arg !== undefined && arg.kind !== ')') out.push(spanFinding(tokens, k, call.close, 'union_based', 0.85, `${call.name}() file read`));
}
