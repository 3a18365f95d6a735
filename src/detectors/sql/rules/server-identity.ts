/**
 * Queries that read who and what the database server is: its version, host name, the account
 * the application connects as, its configuration and file paths. `SELECT @@version`,
 * `SELECT version()`, `SELECT current_user`, `SELECT current_setting('hba_file')`,
 * `PRINT @@servername`, DB2's `SELECT current server FROM sysibm.sysdummy1`. Valid, read-only
 * SQL, and the first thing an attacker runs once a query gets through, so reported as
 * `dangerous_query` (reconnaissance) for a policy to decide on.
 *
 * Only the select list of a query that reads no table counts (or reads a one-row helper such
 * as `dual`): `SELECT user, total FROM orders` names a column, and `WHERE owner =
 * current_user` is row filtering. Values every application reads stay clean: `now()`,
 * `current_date`, `@@rowcount`, `@@identity`, `@@error`, `@@trancount`, session settings.
 */
import { nextSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';
import { DUMMY_TABLES, readTableName } from './system-catalogs.js';

/** Calls that return the server's version, identity, account or configuration. */
const IDENTITY_FUNCTIONS = new Set([
  'VERSION', 'CURRENT_SETTING', 'CURRENT_DATABASE', 'DATABASE', 'SCHEMA', 'USER', 'SYSTEM_USER', 'SESSION_USER',
  'CURRENT_USER', 'DB_NAME', 'HOST_NAME', 'SUSER_NAME', 'SUSER_SNAME', 'SUSER_ID', 'USER_NAME', 'SERVERPROPERTY',
  'SQLITE_VERSION', 'INET_SERVER_ADDR', 'INET_SERVER_PORT', 'PG_POSTMASTER_START_TIME', 'PG_CONF_LOAD_TIME',
  'PG_CURRENT_LOGFILE', 'IS_SRVROLEMEMBER', 'IS_MEMBER', 'HAS_DBACCESS', 'SYS_CONTEXT',
]);

/** Special registers read without parentheses. */
const IDENTITY_WORDS = new Set(['CURRENT_USER', 'SESSION_USER', 'SYSTEM_USER', 'USER']);

/** DB2 two-word registers: `CURRENT SERVER`, `CURRENT USER`, `CURRENT SQLID`. */
const CURRENT_REGISTERS = new Set(['SERVER', 'USER', 'SQLID']);

/** `@@` values about the current statement or session rather than the server. */
const SESSION_VARIABLES = new Set([
  'ROWCOUNT', 'IDENTITY', 'ERROR', 'TRANCOUNT', 'FETCH_STATUS', 'NESTLEVEL', 'CURSOR_ROWS', 'PROCID', 'DATEFIRST',
  'TEXTSIZE', 'LOCK_TIMEOUT', 'AUTOCOMMIT', 'SQL_MODE', 'TIME_ZONE', 'TX_ISOLATION', 'TRANSACTION_ISOLATION',
  'LAST_INSERT_ID', 'WARNING_COUNT', 'ERROR_COUNT', 'SQL_SELECT_LIMIT', 'GROUP_CONCAT_MAX_LEN', 'MAX_EXECUTION_TIME',
]);

/** Tokens of a select list searched. */
const LIST_SCAN = 64;

/** Whether the `@@name` variable is a server variable (not a session counter). */
function isServerVariable(upper: string): boolean {
  if (!upper.startsWith('@@')) return false;
  const name = upper.slice(2);
  if (name === '' || name.startsWith('SESSION.') || name.startsWith('LOCAL.')) return false;
  return !SESSION_VARIABLES.has(name.startsWith('GLOBAL.') ? name.slice(7) : name);
}

/** Index of the first identity read in the select list starting at `from`, the list's end, or -1 and the end. */
function scanSelectList(tokens: readonly SqlToken[], from: number): { mark: number; end: number } {
  let mark = -1;
  let depth = 0;
  const limit = Math.min(tokens.length, from + LIST_SCAN);
  let k = from;
  for (; k < limit; k++) {
    const t = tokens[k]!;
    if (t.kind === '(') depth++;
    else if (t.kind === ')') depth--;
    else if (t.kind === ';' || (depth <= 0 && t.kind === 'word' && t.delimiter === '' && ['FROM', 'INTO', 'WHERE', 'UNION', 'ORDER', 'GROUP', 'LIMIT'].includes(t.upper))) break;
    if (mark >= 0 || tokens[k - 1]?.kind === '.') continue;
    if (t.kind === 'variable' && isServerVariable(t.upper)) mark = k;
    else if (t.kind === 'word' && t.delimiter === '') {
      const next = tokens[nextSignificant(tokens, k + 1)];
      if (next?.kind === '(' ? IDENTITY_FUNCTIONS.has(t.upper) : IDENTITY_WORDS.has(t.upper)) mark = k;
      else if (t.upper === 'CURRENT' && next?.kind === 'word' && CURRENT_REGISTERS.has(next.upper)) mark = k;
    }
  }
  return { mark, end: k };
}

/**
 * Reports a `SELECT` or `PRINT` statement starting at token `first` (and at each statement after
 * a `;`) whose select list reads the server's identity or configuration and that reads no
 * ordinary table.
 *
 * @example
 * ```ts
 * findServerIdentityReads(tokenizeSql('select @@version').tokens, 0, out)     // dangerous_query
 * findServerIdentityReads(tokenizeSql('SELECT now()').tokens, 0, out)         // nothing
 * findServerIdentityReads(tokenizeSql('SELECT user FROM orders').tokens, 0, out) // nothing
 * ```
 */
export function findServerIdentityReads(tokens: readonly SqlToken[], first: number, out: RuleFinding[]): void {
  let s = first;
  while (s < tokens.length) {
    const t = tokens[s]!;
    if (t.kind === 'word' && t.delimiter === '' && (t.upper === 'SELECT' || t.upper === 'PRINT')) {
      const { mark, end } = scanSelectList(tokens, s + 1);
      const stop = tokens[end];
      let plain = true;
      if (stop !== undefined && stop.kind === 'word' && stop.upper === 'FROM') {
        const table = readTableName(tokens, nextSignificant(tokens, end + 1));
        const object = table.name.slice(table.name.lastIndexOf('.') + 1);
        plain = DUMMY_TABLES.has(object);
      }
      if (mark >= 0 && plain) out.push(spanFinding(tokens, s, Math.max(mark, end - 1), 'dangerous_query', 0.6, 'reads the server version, identity or configuration (reconnaissance)'));
    }
    // The next statement starts after the next `;`.
    while (s < tokens.length && tokens[s]!.kind !== ';') s++;
    s = nextSignificant(tokens, s + 1);
  }
}
