/**
 * The PostgreSQL backend: two pg pools. The admin pool logs in with `url`. The app pool logs in
 * with `appUrl` (the app role's own login), or with `url` pinned to the app role by the
 * start-up option `-c role=...`: the role is set before the first query can run, a missing
 * role makes the connection fail, and `RESET ROLE` / `DISCARD ALL` fall back to it.
 */
import pg from 'pg';
import { describeConnectError, describePostgresTarget, safeCause } from './describe-target.js';
import { StoreUnavailableError } from './errors.js';
import { createStore } from './create-store.js';
import { PostgresStoreDialect, storeTypeParsers } from './postgres-dialect/index.js';
import type { ResolvedStoreOptions } from './store-options.js';
import type { GatehouseStore } from './store.js';
import { STORE_HANDLE_KIND, type StoreHandle } from './store-thread-handle.js';

type PostgresOptions = Extract<ResolvedStoreOptions, { backend: 'postgres' }>;

function createPool(url: string, options: PostgresOptions, extra: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    types: storeTypeParsers,
    ...extra,
  });
  // An idle connection that dies (server restart, pg_terminate_backend) is removed from the
  // pool and reported here; without a listener Node would crash the process. The next query
  // gets a fresh connection or a proper error.
  pool.on('error', () => {});
  // A checked-out client whose connection drops before its query starts emits 'error' on
  // the client itself; the query then fails normally, so the event needs no action here.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

async function assertReachable(pool: pg.Pool, url: string, timeoutMs: number): Promise<void> {
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    throw new StoreUnavailableError(`PostgreSQL ${describePostgresTarget(url)}`, describeConnectError(error, timeoutMs), safeCause(error));
  }
}

/** The options another thread opens the same database with (see store-thread-handle.ts). */
function handleOptions(options: PostgresOptions): Extract<StoreHandle, { backend: 'postgres' }>['options'] {
  return {
    url: options.url,
    ...(options.appUrl === undefined ? {} : { appUrl: options.appUrl }),
    schema: options.schema,
    appRole: options.roles.app,
    adminRole: options.roles.admin,
    ownerRole: options.roles.owner,
    poolSize: options.poolSize,
    connectTimeoutMs: options.connectTimeoutMs,
    applicationName: options.applicationName,
  };
}

export async function openPostgresStore(options: PostgresOptions): Promise<GatehouseStore> {
  const adminPool = createPool(options.url, options, { max: 2, application_name: `${options.applicationName}:admin` });
  const appPool = createPool(options.appUrl ?? options.url, options, {
    max: options.poolSize,
    application_name: `${options.applicationName}:app`,
    ...(options.appUrl === undefined ? { options: `-c role=${options.roles.app}` } : {}),
  });
  try {
    await assertReachable(adminPool, options.url, options.connectTimeoutMs);
    if (options.appUrl !== undefined) await assertReachable(appPool, options.appUrl, options.connectTimeoutMs);
  } catch (error) {
    await Promise.allSettled([adminPool.end(), appPool.end()]);
    throw error;
  }
  const scopeKey = {};
  return createStore({
    backend: 'postgres',
    schema: options.schema,
    roles: options.roles,
    scopeKey,
    appDialect: new PostgresStoreDialect({ pool: appPool, scopeKey, appRole: options.roles.app }),
    adminDialect: new PostgresStoreDialect({ pool: adminPool, scopeKey }),
    handleSource: {
      target: `PostgreSQL ${describePostgresTarget(options.url)}`,
      make: () => ({ handle: { kind: STORE_HANDLE_KIND, backend: 'postgres', options: handleOptions(options) }, transferList: [] }),
    },
  });
}
