/**
 * Opens isolated, migrated stores for the database suites, on the backend the vitest project
 * chose (GATEHOUSE_TEST_BACKEND, see vitest.config.ts).
 *
 * - PGlite: one in-memory instance per worker, loaded from a dump of a fresh data directory
 *   (pglite-template.setup.ts) and shared by every store the worker's files open; each store
 *   gets its own schema in it.
 * - PostgreSQL: DATABASE_URL, with a unique schema per store, dropped by `dispose()`. The
 *   roles are cluster-global and shared by all files; migrations create them race-safely.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type Transaction } from 'kysely';
import { inject } from 'vitest';
import { migrate, openStore, type GatehouseDatabase, type GatehouseStore, type OpenStoreOptions } from '../../../src/tenancy/index.js';

export type TestBackend = 'pglite' | 'postgres';

export const backend: TestBackend = process.env.GATEHOUSE_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('GATEHOUSE_TEST_BACKEND=postgres needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
  return url;
}

/** A random lower-case suffix for schema, role and org names. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

let shared: Promise<PGlite> | undefined;

async function templateBlob(): Promise<Blob | undefined> {
  const template = inject('pgliteTemplate');
  return template === undefined ? undefined : new Blob([await readFile(template)]);
}

/** A fresh in-memory PGlite, loaded from the initdb dump the project's globalSetup made. */
async function createPGlite(): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const loadDataDir = await templateBlob();
  return loadDataDir === undefined ? PGlite.create() : PGlite.create({ loadDataDir });
}

/**
 * The worker's PGlite instance, started on first use. The pglite project runs without
 * isolation, so one instance serves every file in a worker (each store has its own schema);
 * it lives as long as the worker process.
 */
function sharedPGlite(): Promise<PGlite> {
  shared ??= createPGlite();
  return shared;
}

/**
 * Initialises an on-disk PGlite data directory from the template, so that opening it (as the
 * CLI does) skips initdb.
 */
export async function prepareDataDir(dir: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const loadDataDir = await templateBlob();
  const db = loadDataDir === undefined ? await PGlite.create(dir) : await PGlite.create(dir, { loadDataDir });
  await db.close();
}

export interface TestStore extends GatehouseStore {
  /** Drops the store's schema and closes the store (the file's PGlite stays open). */
  dispose(): Promise<void>;
}

export type TestStoreOptions = Omit<OpenStoreOptions, 'url' | 'dataDir' | 'pglite'> & {
  /** Run migrations (default true). */
  migrate?: boolean;
  /** Migrations folder, for tests of the runner itself. */
  migrationsDir?: string;
};

/**
 * A fresh store on its own schema, migrated unless `migrate: false`.
 *
 * @example
 * ```ts
 * let store: TestStore;
 * beforeAll(async () => { store = await openTestStore(); });
 * afterAll(() => store.dispose());
 * ```
 */
export async function openTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const { migrate: shouldMigrate = true, migrationsDir, ...storeOptions } = options;
  const schema = storeOptions.schema ?? uniqueName('t');
  let store: GatehouseStore;
  if (backend === 'postgres') {
    store = await openStore({ ...storeOptions, schema, url: databaseUrl() });
  } else {
    store = await openStore({ ...storeOptions, schema, pglite: await sharedPGlite() });
  }
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    try {
      if (!store.closed) await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.admin);
    } finally {
      await store.close();
    }
  };
  const testStore = Object.assign(store, { dispose });
  if (shouldMigrate) {
    try {
      await migrate(store, migrationsDir === undefined ? {} : { migrationsDir });
    } catch (error) {
      await dispose();
      throw error;
    }
  }
  return testStore;
}

/**
 * Runs `fn` in a transaction on the admin connection as `role`, optionally with an org set.
 * For acting as the table owner, or as the app role without going through withTenant.
 */
export async function asRole<T>(
  store: GatehouseStore,
  role: string,
  orgId: string | null,
  fn: (trx: Transaction<GatehouseDatabase>) => Promise<T>,
): Promise<T> {
  return store.admin.transaction().execute(async (trx) => {
    await sql.raw(`set local role "${role}"`).execute(trx);
    if (orgId !== null) await sql`select set_config('app.current_org_id', ${orgId}, true)`.execute(trx);
    return fn(trx);
  });
}

/** Drops cluster-global roles a test created (PostgreSQL keeps them after the schema is gone). */
export async function dropRoles(store: GatehouseStore, roles: readonly string[]): Promise<void> {
  for (const role of roles) {
    await sql.raw(`do $$ begin if exists (select 1 from pg_roles where rolname = '${role}') then execute 'drop owned by "${role}" cascade'; execute 'drop role "${role}"'; end if; end $$`).execute(store.admin);
  }
}

/** The PostgreSQL error code (SQLSTATE) of a rejected promise. */
export async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the statement to fail, but it succeeded');
}
