import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import { resolveStoreOptions } from '../../src/tenancy/store-options.js';
import { describeConnectError, describePostgresTarget, safeCause } from '../../src/tenancy/describe-target.js';

describe('choosing the backend', () => {
  it('uses PGlite under .gatehouse/db when nothing is configured', () => {
    expect(resolveStoreOptions({}, {})).toMatchObject({ backend: 'pglite', dataDir: resolve('.gatehouse/db'), schema: 'gatehouse' });
  });

  it('uses DATABASE_URL when no option names a backend', () => {
    expect(resolveStoreOptions({}, { DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ backend: 'postgres', url: 'postgres://u@h/db', poolSize: 10 });
  });

  it('an explicit dataDir wins over DATABASE_URL, and an explicit url over both defaults', () => {
    expect(resolveStoreOptions({ dataDir: 'memory' }, { DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ backend: 'pglite', dataDir: 'memory' });
    expect(resolveStoreOptions({ url: 'postgres://a@b/c' }, { DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ backend: 'postgres', url: 'postgres://a@b/c' });
  });

  it('rejects a blank DATABASE_URL instead of silently falling back to PGlite', () => {
    expect(() => resolveStoreOptions({}, { DATABASE_URL: '  ' })).toThrow(InvalidOptionError);
  });

  it('defaults and checks the role names', () => {
    expect(resolveStoreOptions({ dataDir: 'memory' }, {}).roles).toEqual({ app: 'gatehouse_app_role', admin: 'gatehouse_platform_admin', owner: 'gatehouse_owner' });
    for (const bad of ['', 'App', '1app', 'a-b', 'a"b', 'pg_app', 'a'.repeat(64)]) {
      expect(() => resolveStoreOptions({ dataDir: 'memory', appRole: bad }, {})).toThrow(/options\.appRole/);
    }
  });
});

describe('describing a PostgreSQL target without its secrets', () => {
  it('keeps user, host, port and database, and drops password and query', () => {
    expect(describePostgresTarget('postgres://alice:pa%24%24@db.internal:6543/app?sslmode=require&password=x')).toBe('postgres://alice@db.internal:6543/app');
    expect(describePostgresTarget('not a url :pw@')).toBe('the configured PostgreSQL URL (it could not be parsed)');
  });

  it('explains common failures by their code', () => {
    expect(describeConnectError({ code: 'ECONNREFUSED' }, 1000)).toMatch(/connection refused/);
    expect(describeConnectError({ code: '28P01', message: 'password authentication failed for user "a"' }, 1000)).toMatch(/authentication failed/);
    expect(describeConnectError({ message: 'timeout expired' }, 1234)).toMatch(/1234 ms/);
  });

  it('keeps as cause only errors that cannot quote the URL', () => {
    const urlError = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL', input: 'postgres://a:secret@x' });
    expect(safeCause(urlError)).toEqual({});
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(safeCause(refused)).toEqual({ cause: refused });
  });
});
