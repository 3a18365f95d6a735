/**
 * Platform work that must see every org (provisioning, erasure, retention) runs as the platform
 * admin role, which has BYPASSRLS. It goes through the admin connection, never the app one, so
 * a request can never reach it.
 */
import { sql } from 'kysely';
import { GatehouseTypeError } from '../errors.js';
import { quoteIdentifier } from './identifiers.js';
import { runInScope } from './scope-guard.js';
import { scopeKeyOf } from './store-registry.js';
import type { GatehouseStore } from './store.js';
import type { TenantTransaction } from './with-tenant.js';

/**
 * Runs `fn` in a transaction on the admin connection as the platform admin role
 * (`store.roles.admin`). Row-level security does not apply: filter by `org_id` yourself.
 *
 * @example
 * ```ts
 * const purged = await withPlatformAdmin(store, (trx) =>
 *   trx.deleteFrom('breakers').where('org_id', '=', 'acme').executeTakeFirst(),
 * );
 * ```
 */
export async function withPlatformAdmin<T>(store: GatehouseStore, fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  if (typeof fn !== 'function') throw new GatehouseTypeError('The "fn" argument of withPlatformAdmin() must be a function.');
  const scopeKey = scopeKeyOf(store);
  return store.admin.transaction().execute(async (trx) => {
    // The role name was checked against SQL_NAME_PATTERN when the store was opened.
    await sql.raw(`set local role ${quoteIdentifier(store.roles.admin)}`).execute(trx);
    return runInScope(scopeKey, () => fn(trx));
  });
}
