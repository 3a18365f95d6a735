/**
 * The receiving side of store-thread-handle.ts: a store, in this thread, over the database of a
 * store another thread handed over.
 */
import { MessagePort } from 'node:worker_threads';
import { InvalidOptionError } from '../errors.js';
import { assertSqlName } from './identifiers.js';
import { resolveStoreOptions } from './store-options.js';
import { STORE_HANDLE_KIND, type StoreHandle } from './store-thread-handle.js';
import type { GatehouseStore } from './store.js';

/** Ports already serving a store: a second client on one port would confuse their replies. */
const usedPorts = new WeakSet<MessagePort>();

const NOT_A_HANDLE = 'openStoreFromHandle(handle): handle must be the `handle` that storeThreadHandle(store) returned, sent to this thread with its transferList.';

/**
 * Opens a store over the same database as the store `handle` was made from, in the thread that
 * received it. PostgreSQL: its own pools, with the same options. PGlite (`thread: true`): a
 * client of the same PGlite thread, under its session lock. `close()` closes only what this
 * store opened; the database stays open for the store that made the handle.
 *
 * @throws InvalidOptionError (`INVALID_OPTION`) when `handle` is not a store handle, or its
 *   port was already used or not transferred.
 * @throws StoreUnavailableError (`STORE_UNAVAILABLE`) when PostgreSQL cannot be reached (the
 *   message never contains the password).
 *
 * @example
 * ```ts
 * // In a worker thread started with { workerData: handle, transferList } (see storeThreadHandle)
 * import { workerData } from 'node:worker_threads';
 * import { openStoreFromHandle, withTenant } from 'gatehouse/tenancy';
 *
 * const store = await openStoreFromHandle(workerData);
 * const rows = await withTenant(store, 'acme', (trx) => trx.selectFrom('breakers').selectAll().execute());
 * await store.close();
 * ```
 */
export async function openStoreFromHandle(handle: StoreHandle): Promise<GatehouseStore> {
  const given = (typeof handle === 'object' && handle !== null ? handle : {}) as Partial<Record<string, unknown>>;
  if (given.kind !== STORE_HANDLE_KIND) throw new InvalidOptionError(NOT_A_HANDLE);
  if (given.backend === 'postgres') {
    if (typeof given.options !== 'object' || given.options === null) throw new InvalidOptionError(NOT_A_HANDLE);
    // The same checks openStore() makes; an empty environment, so only the handle decides.
    const resolved = resolveStoreOptions({ ...(given.options as object) }, {});
    if (resolved.backend !== 'postgres') throw new InvalidOptionError(NOT_A_HANDLE);
    const { openPostgresStore } = await import('./open-postgres-store.js');
    return openPostgresStore(resolved);
  }
  if (given.backend === 'pglite') {
    const { port, target, schema, roles } = given as Partial<Extract<StoreHandle, { backend: 'pglite' }>>;
    if (!(port instanceof MessagePort)) {
      throw new InvalidOptionError(`${NOT_A_HANDLE} Its port is missing: pass transferList along with the handle.`);
    }
    if (usedPorts.has(port)) throw new InvalidOptionError('openStoreFromHandle(handle): this handle was opened already; a PGlite handle serves one store. Call storeThreadHandle(store) once per store to open.');
    usedPorts.add(port);
    try {
      if (typeof target !== 'string' || typeof schema !== 'string' || typeof roles !== 'object' || roles === null) throw new InvalidOptionError(NOT_A_HANDLE);
      // The same checks as openStore()'s: these names are quoted into SQL.
      assertSqlName(schema, 'schema');
      for (const [field, name] of [['appRole', roles.app], ['adminRole', roles.admin], ['ownerRole', roles.owner]] as const) assertSqlName(name, field);
    } catch (error) {
      // Refused: the PGlite thread stops serving the port (its lock is never held by it).
      port.close();
      throw error;
    }
    const [{ PGliteThreadClient }, { pgliteStore }] = await Promise.all([import('./pglite-dialect/pglite-thread-client.js'), import('./open-pglite-store.js')]);
    return pgliteStore(PGliteThreadClient.overPort(port, target), { schema, roles: { app: roles.app, admin: roles.admin, owner: roles.owner } }, { owned: true });
  }
  throw new InvalidOptionError(NOT_A_HANDLE);
}
