/**
 * The embedded backend: one PGlite instance (PostgreSQL in WASM) in this process, on disk or in
 * memory. Admin and app share its single session under one lock. The app side runs every
 * statement inside a transaction that starts with `set local role <app role>`, so the
 * superuser session user is never what a request runs as.
 *
 * What this does not defend against: SQL written to switch roles on purpose (`set role
 * postgres`) inside a request. The session user of an embedded database is a superuser, and
 * any code in the process can open the data directory anyway. Use PostgreSQL with an app login
 * (`appUrl`) where that matters.
 */
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { StoreUnavailableError } from './errors.js';
import { createStore } from './create-store.js';
import { PGliteDialect, pgliteSession } from './pglite-dialect/index.js';
import type { ResolvedStoreOptions } from './store-options.js';
import type { GatehouseStore } from './store.js';

type PGliteOptions = Extract<ResolvedStoreOptions, { backend: 'pglite' }>;

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${message}. Check that the directory is writable and not open in another process.`;
}

async function openInstance(dataDir: string | 'memory'): Promise<PGlite> {
  const target = dataDir === 'memory' ? 'PGlite (in memory)' : `PGlite at ${dataDir}`;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir === 'memory') return await PGlite.create();
    await mkdir(dataDir, { recursive: true });
    return await PGlite.create(dataDir);
  } catch (error) {
    throw new StoreUnavailableError(target, reasonOf(error), { cause: error });
  }
}

export async function openPGliteStore(options: PGliteOptions): Promise<GatehouseStore> {
  const owned = options.pglite === undefined;
  const db = options.pglite ?? (await openInstance(options.dataDir));
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
  });
}
