/**
 * Opens the Gatehouse store: PostgreSQL through pg when a URL is given (or `DATABASE_URL` is
 * set), otherwise PGlite, embedded, under `.gatehouse/` or in memory. Each backend's driver is
 * loaded only when chosen, so a PostgreSQL deployment never loads the PGlite WASM and vice versa.
 */
import { resolveStoreOptions } from './store-options.js';
import type { GatehouseStore, OpenStoreOptions } from './store.js';

/**
 * Opens a store and checks that the database can be reached. Run {@link migrate} once before
 * serving requests.
 *
 * @throws StoreUnavailableError (`STORE_UNAVAILABLE`) when the database cannot be reached or
 *   opened; the message names host, port and database but never the password.
 * @throws InvalidOptionError (`INVALID_OPTION`) for a bad schema or role name, or conflicting options.
 *
 * @example
 * ```ts
 * import { openStore, migrate, withTenant } from 'gatehouse/tenancy';
 *
 * const store = await openStore();                          // PGlite under .gatehouse/db
 * // const store = await openStore({ thread: true });         // the same, PGlite in a worker thread (servers)
 * // const store = await openStore({ url: process.env.DATABASE_URL });
 * await migrate(store);
 * const keys = await withTenant(store, 'acme', (trx) => trx.selectFrom('api_keys').selectAll().execute());
 * await store.close();
 * ```
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<GatehouseStore> {
  const resolved = resolveStoreOptions(options);
  if (resolved.backend === 'postgres') {
    const { openPostgresStore } = await import('./open-postgres-store.js');
    return openPostgresStore(resolved);
  }
  const { openPGliteStore } = await import('./open-pglite-store.js');
  return openPGliteStore(resolved);
}
