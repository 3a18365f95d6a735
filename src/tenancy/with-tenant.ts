/**
 * The one way request code reaches tenant data: a transaction on the app connection in which
 * `app.current_org_id` is the request's org. Every table's policy compares `org_id` with it.
 */
import { sql, type Transaction } from 'kysely';
import { GatehouseTypeError } from '../errors.js';
import type { GatehouseDatabase } from './database-schema.js';
import { assertOrgId } from './org-id.js';
import { runTenantScope } from './scope-guard.js';
import { scopeKeyOf } from './store-registry.js';
import type { GatehouseStore } from './store.js';

/** The transaction handed to a `withTenant()` callback. */
export type TenantTransaction = Transaction<GatehouseDatabase>;

/**
 * Runs `fn` in a transaction, as the app role, with `app.current_org_id` set to `orgId`.
 *
 * - The setting is transaction-local (`set local`, in the same message as BEGIN; the org id
 *   is checked against ORG_ID_PATTERN there), so it ends with the transaction and never stays
 *   on a pooled connection.
 * - Row-level security then shows, and accepts, only rows of `orgId`.
 * - The transaction commits when `fn` resolves and rolls back when it throws.
 *
 * Query only through `trx`. Using `store.app` inside `fn` throws `NestedStoreAccessError`.
 *
 * @throws InvalidOrgIdError (`INVALID_ORG_ID`) unless `orgId` matches {@link ORG_ID_PATTERN}.
 *
 * @example
 * ```ts
 * const open = await withTenant(store, 'acme', (trx) =>
 *   trx.selectFrom('breakers').select(['breaker_key', 'state']).where('state', '=', 'open').execute(),
 * );
 * ```
 */
export async function withTenant<T>(store: GatehouseStore, orgId: string, fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  assertOrgId(orgId);
  if (typeof fn !== 'function') throw new GatehouseTypeError('The "fn" argument of withTenant() must be a function.');
  const scopeKey = scopeKeyOf(store);
  return runTenantScope(scopeKey, orgId, (scope) =>
    store.app.transaction().execute(async (trx) => {
      // The driver normally took the org id into BEGIN's message; if not, set it now.
      if (scope.pendingOrgId !== undefined) {
        scope.pendingOrgId = undefined;
        await sql`select set_config('app.current_org_id', ${orgId}, true)`.execute(trx);
      }
      scope.active = true;
      try {
        return await fn(trx);
      } finally {
        scope.active = false;
      }
    }),
  );
}
