/**
 * Role and schema names end up in DDL, where parameters are not allowed. They are checked
 * against a strict pattern and then quoted anyway, so a name can never become SQL.
 */
import { InvalidOptionError } from '../errors.js';

/**
 * Lower-case letter or `_`, then up to 62 lower-case letters, digits or `_` (PostgreSQL's
 * 63-byte identifier limit). Lower case only, so the quoted and unquoted spellings agree.
 */
export const SQL_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws {@link InvalidOptionError} naming `option` unless `name` matches {@link SQL_NAME_PATTERN}. */
export function assertSqlName(name: unknown, option: string): asserts name is string {
  if (typeof name !== 'string' || !SQL_NAME_PATTERN.test(name) || name.startsWith('pg_')) {
    throw new InvalidOptionError(
      `options.${option} must be a lower-case SQL name (a letter or "_", then up to 62 letters, digits or "_", not starting with "pg_"); got ${JSON.stringify(name)}.`,
    );
  }
}

/** Quotes an identifier: `a"b` becomes `"a""b"`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal: `it's` becomes `'it''s'`. Only for names already checked above. */
export function quoteLiteral(value: string): string {
  if (value.includes('\\') || value.includes('\0')) throw new InvalidOptionError('A SQL name may not contain a backslash or NUL.');
  return `'${value.replaceAll("'", "''")}'`;
}
