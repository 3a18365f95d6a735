/**
 * The embedded backend: one PGlite instance (PostgreSQL in WASM) in this process, on disk or in
 * memory, run in this thread or (`thread: true`) in a worker thread. Admin and app share its
 * single session under one lock: in this thread, or (`thread: true`) kept by the worker thread for
every client, this store's and those of other threads it was handed to (store-thread-handle.ts). The app side runs every statement inside a
 * transaction that starts with `set local role <app role>`, so the superuser session user is
 * never what a request runs as.
 *
 * What this does not defend against: SQL written to switch roles on purpose (`set role
 * postgres`) inside a request. The session user of an embedded database is a superuser, and
 * any code in the process can open the data directory anyway. Use PostgreSQL with an app login
 * (`appUrl`) where that matters.
 */
import { StoreNotShareableError, StoreUnavailableError } from './errors.js';
import { createStore } from './create-store.js';
import { PGliteDialect, pgliteSession, type PGliteExecutor } from './pglite-dialect/index.js';
import { openPGliteInstance } from './pglite-dialect/open-pglite-instance.js';
import type { ResolvedStoreOptions } from './store-options.js';
import type { GatehouseStore } from './store.js';
import { STORE_HANDLE_KIND, type StoreHandleSource } from './store-thread-handle.js';
import type { PGliteThreadClient } from './pglite-dialect/pglite-thread-client.js';

type PGliteOptions = Extract<ResolvedStoreOptions, { backend: 'pglite' }>;

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${message}. Check that the directory is writable and not open in another process.`;
}

async function openInstance(dataDir: string | 'memory', thread: boolean): Promise<PGliteExecutor> {
  const where = dataDir === 'memory' ? 'PGlite (in memory)' : `PGlite at ${dataDir}`;
  const target = thread ? `${where}, in a worker thread` : where;
  try {
    if (!thread) return await openPGliteInstance(dataDir);
    // Loaded only when asked for: most stores never start a thread.
    const { PGliteThreadClient } = await import('./pglite-dialect/pglite-thread-client.js');
    return await PGliteThreadClient.open(dataDir, target);
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(target, reasonOf(error), { cause: error });
  }
}

export async function openPGliteStore(options: PGliteOptions): Promise<GatehouseStore> {
  if (options.pglite !== undefined) return pgliteStore(options.pglite, options, { owned: false });
  return pgliteStore(await openInstance(options.dataDir, options.thread), options, { owned: true });
}

/**
 * A store over an open PGlite, in this thread or a worker thread's ({@link PGliteThreadClient}).
 * With `owned`, closing the store closes `db`.
 */
export async function pgliteStore(db: PGliteExecutor, options: Pick<PGliteOptions, 'schema' | 'roles'>, { owned }: { owned: boolean }): Promise<GatehouseStore> {
  if (db.closed) throw new StoreUnavailableError('PGlite', 'the PGlite instance passed as options.pglite is already closed.');
  await db.waitReady;
  const session = pgliteSession(db);
  const scopeKey = {};
  return createStore({
    backend: 'pglite',
    schema: options.schema,
    roles: options.roles,
    scopeKey,
    appDialect: new PGliteDialect({ session, scopeKey, appRole: options.roles.app }),
    adminDialect: new PGliteDialect({ session, scopeKey }),
    onClose: owned ? () => db.close() : undefined,
    handleSource: handleSource(db, options, owned),
  });
}

/** A port to the PGlite thread for another thread; refused when PGlite runs in this thread. */
function handleSource(db: PGliteExecutor, { schema, roles }: Pick<PGliteOptions, 'schema' | 'roles'>, owned: boolean): StoreHandleSource {
  return {
    target: db.target ?? 'PGlite',
    make() {
      if (db.shareWithThread === undefined) {
        throw new StoreNotShareableError(owned
          ? 'its PGlite database runs in this thread, and a PGlite database can be open in one thread only. Open the store with openStore({ dataDir, thread: true }) (or use PostgreSQL) to share it with other threads.'
          : 'it was opened over options.pglite, an instance that lives in this thread and cannot be reached from another. Open the store with openStore({ dataDir, thread: true }) instead (or use PostgreSQL) to share it with other threads.');
      }
      const { port, target } = db.shareWithThread();
      return { handle: { kind: STORE_HANDLE_KIND, backend: 'pglite', port, target, schema, roles }, transferList: [port] };
    },
  };
}
