import type { sql as kyselySql } from 'kysely';
import type { withPlatformAdmin as platformAdmin } from '../../tenancy/with-platform-admin.js';
import type { withTenant as tenant } from '../../tenancy/with-tenant.js';

/** What the database stores need at run time: Kysely's `sql` tag and the tenancy scopes. */
export interface DatabaseRuntime {
  readonly sql: typeof kyselySql;
  readonly withTenant: typeof tenant;
  readonly withPlatformAdmin: typeof platformAdmin;
}

let loading: Promise<DatabaseRuntime> | undefined;

/**
 * Loads Kysely and the tenancy helpers on first use. `gatehouse/crypto` exports the database
 * stores but must not load a database module when imported (tests/crypto/import-purity.test.ts):
 * an app that only verifies licenses never pulls in Kysely. Whoever calls a store has opened a
 * `GatehouseStore`, so these modules are already in memory by then.
 */
export function databaseRuntime(): Promise<DatabaseRuntime> {
  loading ??= Promise.all([
    import('kysely'),
    import('../../tenancy/with-tenant.js'),
    import('../../tenancy/with-platform-admin.js'),
  ]).then(([kysely, tenancy, admin]) => Object.freeze({ sql: kysely.sql, withTenant: tenancy.withTenant, withPlatformAdmin: admin.withPlatformAdmin }));
  return loading;
}
