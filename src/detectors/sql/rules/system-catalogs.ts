/**
 * Reads of the database server's own catalogs, reported as `dangerous_query` (a policy
 * question, like a destructive statement), not as an injection:
 *
 * - the tables where databases keep password hashes and permissions (`pg_shadow`,
 *   `mysql.user`, `sys.user$`, `sysxlogins`, DB2's `syscat.dbauth`…): no query an application
 *   or an assistant runs has business there;
 * - vendor system catalogs (reconnaissance): anything in the `sys`, `sysibm`, `syscat`,
 *   `master`, `msdb`, `mysql`, `performance_schema` or `pg_catalog` schemas, SQL Server's
 *   legacy `sys*` tables, PostgreSQL's `pg_*` views (`pg_stat_activity`, `pg_settings`…),
 *   Oracle's `dba_*`, `all_*` and `v$*` views. They list every database, login, session and
 *   setting of the server next to its tables, which is what an attacker maps before
 *   extracting.
 *
 * The SQL-standard `information_schema` views stay clean (except `processlist` and the
 * privilege views): they are filtered by the caller's permissions and are how tools discover
 * the tables they may query. So does SQLite's `sqlite_master`: SQLite has no server, accounts
 * or settings to map, and it is the only way to list a file's tables. DB2's `sysdummy1` and
 * Oracle's `dual` are one-row helper tables, not catalogs.
 */
import { nextSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** Credential and permission stores, by (optionally schema-qualified) name. */
const CREDENTIAL_TABLES = new Set([
  'PG_SHADOW', 'PG_AUTHID', 'PG_USER', 'PG_GROUP', 'MYSQL.USER', 'SYS.USER$', 'USER$', 'SYSUSERS', 'SYSLOGINS', 'SYSXLOGINS',
  'SYS.SQL_LOGINS', 'SYS.SYSLOGINS', 'DBA_USERS', 'SYSCAT.DBAUTH', 'SYSCAT.TABAUTH', 'SYSIBM.SYSDBAUTH', 'SYSIBM.SYSUSERAUTH',
  'MASTER.SYSXLOGINS', 'MASTER.SYSLOGINS', 'MASTER.DBO.SYSXLOGINS',
]);

/** Schemas (or databases) that hold a vendor's system catalog. */
const SYSTEM_SCHEMAS = new Set(['SYS', 'SYSIBM', 'SYSCAT', 'SYSSTAT', 'SYSIBMADM', 'SYSTOOLS', 'MASTER', 'MSDB', 'MYSQL', 'PERFORMANCE_SCHEMA', 'PG_CATALOG']);

/** SQL Server's legacy system tables, which need no schema. */
const LEGACY_SYSTEM_TABLES = new Set([
  'SYSOBJECTS', 'SYSCOLUMNS', 'SYSDATABASES', 'SYSSERVERS', 'SYSPROCESSES', 'SYSCOMMENTS', 'SYSFILES', 'SYSALTFILES',
  'SYSCONFIGURES', 'SYSCURCONFIGS', 'SYSPERFINFO', 'SYSMEMBERS', 'SYSPROTECTS', 'SYSPERMISSIONS', 'SYSTYPES', 'SYSINDEXES',
  'SYSREFERENCES', 'SYSDEVICES', 'SYSCACHEOBJECTS', 'SYSLOCKS', 'SYSREMOTELOGINS', 'SYSOLEDBUSERS', 'SYSFOREIGNKEYS',
  'SYSCONSTRAINTS', 'SYSFILEGROUPS', 'SYSDEPENDS', 'SYSTABLES',
]);

/** `information_schema` views that show other sessions or grants rather than tables. */
const SERVER_INFORMATION_VIEWS = new Set(['PROCESSLIST', 'USER_PRIVILEGES', 'SCHEMA_PRIVILEGES', 'TABLE_PRIVILEGES', 'COLUMN_PRIVILEGES']);

/** One-row helper tables (`SELECT … FROM dual`): not catalogs. */
export const DUMMY_TABLES = new Set(['DUAL', 'SYSDUMMY1', 'SYSDUMMY2', 'SYSDUMMY3', 'SYSDUMMYA', 'SYSDUMMYE', 'SYSDUMMYU']);

/** Oracle's dictionary views of the whole database, and PostgreSQL's reserved `pg_` prefix. */
const CATALOG_NAME = /^(?:DBA_|G?V\$|PG_|ALL_(?:USERS|TABLES|TAB_COLUMNS|OBJECTS|SOURCE|DB_LINKS|VIEWS|TAB_PRIVS)$)/;

/** Tokens searched back from `FROM` for the `SELECT` it belongs to. */
const SELECT_SCAN = 64;

/**
 * Whether the dotted, upper-cased table name is a vendor system catalog.
 *
 * @example
 * ```ts
 * isSystemCatalog('MASTER.SYSSERVERS')          // true
 * isSystemCatalog('INFORMATION_SCHEMA.TABLES') // false
 * ```
 */
export function isSystemCatalog(name: string): boolean {
  const parts = name.split('.');
  const object = parts[parts.length - 1]!;
  if (DUMMY_TABLES.has(object)) return false;
  for (let i = 0; i < parts.length - 1; i++) {
    if (SYSTEM_SCHEMAS.has(parts[i]!)) return true;
    if (parts[i] === 'INFORMATION_SCHEMA') return SERVER_INFORMATION_VIEWS.has(object);
  }
  return LEGACY_SYSTEM_TABLES.has(object) || CATALOG_NAME.test(object);
}

/** Whether a `SELECT` precedes token `k` closely (the `FROM` belongs to a query, not to prose). */
function followsSelect(tokens: readonly SqlToken[], k: number): boolean {
  for (let j = k - 1; j >= 0 && j >= k - SELECT_SCAN; j--) {
    const t = tokens[j]!;
    if (t.kind === 'word' && t.delimiter === '' && (t.upper === 'SELECT' || t.upper === 'DELETE' || t.upper === 'UPDATE')) return true;
  }
  return false;
}

/**
 * Reads the dotted name starting at `j` (`master..sysservers` reads as `MASTER.SYSSERVERS`).
 * Returns the name and the index of its last token.
 *
 * @example
 * ```ts
 * readTableName(tokenizeSql('master..sysservers x').tokens, 0) // { name: 'MASTER.SYSSERVERS', last: 3 }
 * ```
 */
export function readTableName(tokens: readonly SqlToken[], j: number): { name: string; last: number } {
  let name = tokens[j]?.kind === 'word' ? tokens[j]!.upper : '';
  let last = j;
  while (name !== '' && tokens[last + 1]?.kind === '.') {
    let d = last + 1;
    while (tokens[d]?.kind === '.') d++;
    if (tokens[d]?.kind !== 'word') break;
    name += `.${tokens[d]!.upper}`;
    last = d;
  }
  return { name, last };
}

/**
 * Reports `FROM|JOIN <credential table or system catalog>`.
 *
 * @example
 * ```ts
 * findSystemCatalogReads(tokenizeSql('select * from pg_shadow;').tokens, out)            // dangerous_query
 * findSystemCatalogReads(tokenizeSql('select name from sysibm.systables;').tokens, out) // dangerous_query
 * findSystemCatalogReads(tokenizeSql('select table_name from information_schema.tables').tokens, out) // nothing
 * ```
 */
export function findSystemCatalogReads(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) findSystemCatalogReadsAt(tokens, k, out);
}

/**
 * The check of {@link findSystemCatalogReads} at token `k`; the scanner's single pass calls it only for
 * tokens that can start a match.
 *
 * @example
 * ```ts
 * findSystemCatalogReadsAt(tokenizeSql('select name from sysibm.systables').tokens, 2, out) // dangerous_query
 * ```
 */
export function findSystemCatalogReadsAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const t = tokens[k]!;
  if (t.kind !== 'word' || t.delimiter !== '' || (t.upper !== 'FROM' && t.upper !== 'JOIN')) return;
  const first = nextSignificant(tokens, k + 1);
  const { name, last } = readTableName(tokens, first);
  if (name === '') return;
  if (CREDENTIAL_TABLES.has(name)) out.push(spanFinding(tokens, k, Math.max(first, last), 'dangerous_query', 0.7, 'reads credential or permission tables'));
  else if (isSystemCatalog(name) && followsSelect(tokens, k)) out.push(spanFinding(tokens, k, Math.max(first, last), 'dangerous_query', 0.65, 'reads a system catalog (reconnaissance)'));
}
