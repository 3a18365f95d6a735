/**
 * Handing an open store to another worker thread. The other thread cannot use this thread's
 * connections, so the handle carries what it needs to reach the same database on its own:
 *
 * - PostgreSQL: the options the store was opened with (URL, app URL, schema, roles, pool size,
 *   timeout, application name); the other thread opens its own pools.
 * - PGlite in a worker thread (`thread: true`): a new MessagePort to that thread, which serves
 *   every client under one session lock, so the two threads' transactions never interleave.
 * - PGlite in this thread: refused (StoreNotShareableError): the database can be open in one
 *   thread only.
 *
 * The handle holds the connection string, password included: pass it to your own threads only,
 * never log it.
 */
import type { MessagePort } from 'node:worker_threads';
import { GatehouseTypeError } from '../errors.js';
import { StoreUnavailableError } from './errors.js';
import { handleSourceOf } from './store-registry.js';
import type { GatehouseStore, OpenStoreOptions, StoreRoles } from './store.js';

/** Marks a value as a store handle (structured clone keeps no prototype). */
export const STORE_HANDLE_KIND = 'gatehouse.store-handle';

/**
 * What {@link openStoreFromHandle} opens, made by {@link storeThreadHandle}. Structured clone
 * copies it (with its `transferList`); treat it as opaque.
 */
export type StoreHandle =
  | {
      readonly kind: typeof STORE_HANDLE_KIND;
      readonly backend: 'postgres';
      /** The resolved PostgreSQL options of the store (the URL with its password: never log it). */
      readonly options: Readonly<Required<Pick<OpenStoreOptions, 'url' | 'schema' | 'appRole' | 'adminRole' | 'ownerRole' | 'poolSize' | 'connectTimeoutMs' | 'applicationName'>> & Pick<OpenStoreOptions, 'appUrl'>>;
    }
  | {
      readonly kind: typeof STORE_HANDLE_KIND;
      readonly backend: 'pglite';
      /** Served by the PGlite worker thread; usable by one store only. */
      readonly port: MessagePort;
      /** Names the database in errors (`PGlite at /var/lib/app/db, in a worker thread`). */
      readonly target: string;
      readonly schema: string;
      readonly roles: StoreRoles;
    };

/** A handle and the objects to transfer with it (`postMessage(handle, transferList)`). */
export interface StoreHandleTransfer {
  readonly handle: StoreHandle;
  readonly transferList: MessagePort[];
}

export interface StoreHandleSource {
  /** Names the database in errors; never the password. */
  readonly target: string;
  /** Makes a fresh handle (a new port for PGlite), or throws StoreNotShareableError. */
  make(): StoreHandleTransfer;
}


/**
 * A handle another worker thread passes to {@link openStoreFromHandle} to get a store over the
 * same database. Send `handle` with `transferList` (as `workerData` with `transferList`, or in
 * `postMessage(handle, transferList)`). Make one handle per thread: a PGlite handle's port serves
 * one store. The other thread's `close()` closes only its own connections. On PGlite, this
 * store's `close()` closes the database for both (the other thread's calls then fail with
 * StoreUnavailableError); on PostgreSQL each store has its own pools, so the other thread must
 * close its store itself.
 *
 * @throws StoreNotShareableError (`STORE_NOT_SHAREABLE`) for PGlite running in this thread: open
 *   the store with `openStore({ dataDir, thread: true })`, or use PostgreSQL.
 * @throws StoreUnavailableError when the store is closed, or its PGlite thread stopped.
 * @throws GatehouseTypeError when `store` is not a store returned by `openStore()`.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { openStore, storeThreadHandle } from 'gatehouse/tenancy';
 *
 * const store = await openStore({ dataDir: '.gatehouse/db', thread: true });
 * const { handle, transferList } = storeThreadHandle(store);
 * const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { workerData: handle, transferList });
 *
 * // audit-worker.js
 * import { workerData } from 'node:worker_threads';
 * import { openStoreFromHandle, withTenant } from 'gatehouse/tenancy';
 * const shared = await openStoreFromHandle(workerData);
 * await withTenant(shared, 'acme', (trx) => trx.selectFrom('breakers').selectAll().execute());
 * await shared.close(); // closes this thread's connection only
 * ```
 */
export function storeThreadHandle(store: GatehouseStore): StoreHandleTransfer {
  const source = handleSourceOf(store);
  if (source === undefined) throw new GatehouseTypeError('The "store" argument must be a store returned by openStore() or openStoreFromHandle().');
  if (store.closed) throw new StoreUnavailableError(source.target, 'the store is closed. Make the handle from an open store.');
  return source.make();
}
