/**
 * Reads of the tables where databases keep password hashes and permissions: `pg_shadow`,
 * `mysql.user`, `sys.user$`, `sysusers`, DB2's `syscat.dbauth`… A query an application or
 * an assistant runs has no business there; reconnaissance does. Reported as
 * `dangerous_query` (a policy question, like a destructive statement), not as an injection.
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

/**
 * Reports `FROM <credential table>`.
 *
 * @example
 * ```ts
 * findCredentialReads(tokenizeSql('select * from pg_shadow;').tokens, out) // dangerous_query
 * ```
 */
export function findCredentialReads(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word' || (t.upper !== 'FROM' && t.upper !== 'JOIN')) continue;
    let j = nextSignificant(tokens, k + 1);
    let name = tokens[j]?.kind === 'word' ? tokens[j]!.upper : '';
    const first = j;
    while (name !== '' && tokens[j + 1]?.kind === '.') {
      let d = j + 1;
      while (tokens[d]?.kind === '.') d++;
      if (tokens[d]?.kind !== 'word') break;
      name += `.${tokens[d]!.upper}`;
      j = d;
    }
    if (CREDENTIAL_TABLES.has(name)) out.push(spanFinding(tokens, k, Math.max(first, j), 'dangerous_query', 0.7, 'reads credential or permission tables'));
  }
}
