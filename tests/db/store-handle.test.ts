/**
 * Handing a store to another worker thread: storeThreadHandle(store) there, openStoreFromHandle()
 * here. A real worker thread (helpers/store-handle-worker.ts) opens the store from the handle and
 * works on the same database: under row-level security, with transactions that never interleave
 * with this thread's (on PGlite the PGlite thread's lock enforces that), and without wedging this
 * thread's store when it dies mid-transaction. On PGlite the store runs with `thread: true`; on
 * PostgreSQL the handle carries the connection options.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import {
  DEFAULT_ROLES, migrate, openStore, openStoreFromHandle, StoreNotShareableError, storeThreadHandle, StoreUnavailableError, withTenant, type GatehouseStore, type StoreHandle,
} from '../../src/tenancy/index.js';
import { pgliteStore } from '../../src/tenancy/open-pglite-store.js';
import { PGliteThreadClient } from '../../src/tenancy/pglite-dialect/pglite-thread-client.js';
import { startPGliteThread } from '../../src/tenancy/pglite-dialect/pglite-thread-entry.js';
import { backend, openTestStore, prepareDataDir, uniqueName } from './helpers/test-store.js';
import { startStoreHandleWorker, type StoreHandleWorker } from './helpers/store-handle-kit.js';

/** A PGlite store in a worker thread (this test's own data directory), or a PostgreSQL test store. */
async function openShareableStore(dir: string): Promise<GatehouseStore & { dispose?: () => Promise<void> }> {
  if (backend === 'postgres') return openTestStore();
  const dataDir = join(dir, uniqueName('db'));
  await prepareDataDir(dataDir);
  const store = await openStore({ dataDir, thread: true, schema: uniqueName('t') });
  await migrate(store);
  return store;
}

async function closeStore(store: (GatehouseStore & { dispose?: () => Promise<void> }) | undefined): Promise<void> {
  if (store === undefined) return;
  await (store.dispose ?? (() => store.close()))();
}

async function addCounter(store: GatehouseStore, org: string, key: string): Promise<void> {
  await withTenant(store, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: key, failure_count: 0 }).execute());
}

async function counter(store: GatehouseStore, org: string, key: string): Promise<number> {
  const row = await withTenant(store, org, (trx) => trx.selectFrom('breakers').select('failure_count').where('breaker_key', '=', key).executeTakeFirstOrThrow());
  return row.failure_count;
}

async function increment(store: GatehouseStore, org: string, key: string): Promise<void> {
  await withTenant(store, org, async (trx) => {
    const { failure_count } = await trx.selectFrom('breakers').select('failure_count').where('breaker_key', '=', key).forUpdate().executeTakeFirstOrThrow();
    await sleep(1);
    await trx.updateTable('breakers').set({ failure_count: failure_count + 1 }).where('breaker_key', '=', key).execute();
  });
}

async function keys(store: GatehouseStore, org: string): Promise<string[]> {
  return (await withTenant(store, org, (trx) => trx.selectFrom('breakers').select('breaker_key').orderBy('breaker_key').execute())).map((r) => r.breaker_key);
}

describe('a store handed to another worker thread', () => {
  let dir: string;
  let store: GatehouseStore & { dispose?: () => Promise<void> };
  let worker: StoreHandleWorker;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-store-handle-'));
    store = await openShareableStore(dir);
    worker = await startStoreHandleWorker(storeThreadHandle(store));
  });
  afterAll(async () => {
    await worker?.terminate();
    await closeStore(store);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and writes the same data, each org seeing only its own rows in both threads', async () => {
    const [acme, globex] = [uniqueName('acme'), uniqueName('globex')];
    await worker.send({ op: 'insert', org: acme, key: 'written-there' });
    await withTenant(store, globex, (trx) => trx.insertInto('breakers').values({ org_id: globex, breaker_key: 'written-here' }).execute());
    expect(await keys(store, acme)).toEqual(['written-there']);
    expect(await worker.send({ op: 'keys', org: globex })).toEqual(['written-here']);
    expect(await worker.send({ op: 'keys', org: acme })).toEqual(['written-there']);
    expect(await worker.send({ op: 'keys', org: uniqueName('nobody') })).toEqual([]);
  });

  it('never interleaves the two threads\' transactions: concurrent read-modify-write increments all count', async () => {
    const [org, key] = [uniqueName('count'), uniqueName('counter')];
    await addCounter(store, org, key);
    await Promise.all([
      worker.send({ op: 'increment', org, key, times: 40 }),
      ...Array.from({ length: 40 }, () => increment(store, org, key)),
    ]);
    expect(await counter(store, org, key)).toBe(80);
  });

  it('a thread terminated inside a transaction wedges nothing, and its writes are rolled back', async () => {
    const [org, key] = [uniqueName('held'), uniqueName('counter')];
    await addCounter(store, org, key);
    const holder = await startStoreHandleWorker(storeThreadHandle(store));
    expect(await holder.send({ op: 'hold', org, key })).toBe('holding');
    // On PGlite this waits for the session lock, on PostgreSQL for the row lock: both held there.
    const waiting = increment(store, org, key);
    await sleep(50);
    await holder.terminate();
    await waiting;
    expect(await counter(store, org, key)).toBe(1);
    expect(await keys(store, org)).toEqual([key]);
  });

  it('closing the other thread\'s store leaves this one working', async () => {
    const other = await startStoreHandleWorker(storeThreadHandle(store));
    const org = uniqueName('after');
    await other.send({ op: 'insert', org, key: 'before-close' });
    await other.send({ op: 'close' });
    await expect(other.send({ op: 'keys', org })).rejects.toThrow();
    await withTenant(store, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: 'after-close' }).execute());
    expect(await keys(store, org)).toEqual(['after-close', 'before-close']);
    expect(await worker.send({ op: 'keys', org })).toEqual(['after-close', 'before-close']);
    await other.terminate();
  });

  it('opens in this thread too, and refuses to open one handle twice', async () => {
    const { handle } = storeThreadHandle(store);
    const again = await openStoreFromHandle(handle);
    const org = uniqueName('here');
    await withTenant(again, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: 'k' }).execute());
    expect(await keys(store, org)).toEqual(['k']);
    if (backend === 'pglite') await expect(openStoreFromHandle(handle)).rejects.toBeInstanceOf(InvalidOptionError);
    await again.close();
    expect(await keys(store, org)).toEqual(['k']);
  });

  it('a store opened from a handle hands itself on, to the same database', async () => {
    const first = await openStoreFromHandle(storeThreadHandle(store).handle);
    const second = await startStoreHandleWorker(storeThreadHandle(first));
    const org = uniqueName('relay');
    await second.send({ op: 'insert', org, key: 'relayed' });
    expect(await keys(store, org)).toEqual(['relayed']);
    await second.terminate();
    await first.close();
    expect(await keys(store, org)).toEqual(['relayed']);
  });

  it.each([
    ['undefined', undefined],
    ['a plain object', { backend: 'pglite' }],
    ['a PGlite handle without its port', { kind: 'gatehouse.store-handle', backend: 'pglite', target: 'x', schema: 'gatehouse', roles: {} }],
  ])('rejects %s with InvalidOptionError', async (_name, handle) => {
    const error = await openStoreFromHandle(handle as unknown as StoreHandle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(/storeThreadHandle\(store\)/);
  });

  it('a PostgreSQL handle that cannot connect says where, never the password', async () => {
    const handle: StoreHandle = {
      kind: 'gatehouse.store-handle', backend: 'postgres',
      options: { url: 'postgres://someone:hunter2-secret@127.0.0.1:1/db', schema: 'gatehouse', appRole: 'gatehouse_app_role', adminRole: 'gatehouse_platform_admin', ownerRole: 'gatehouse_owner', poolSize: 2, connectTimeoutMs: 2000, applicationName: 'x' },
    };
    const error = await openStoreFromHandle(handle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain('postgres://someone@127.0.0.1:1/db');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain('hunter2');
  });

  it.skipIf(backend !== 'postgres')('a PostgreSQL handle carries the options the store was opened with', () => {
    const { handle, transferList } = storeThreadHandle(store);
    expect(transferList).toEqual([]);
    expect(handle).toMatchObject({ backend: 'postgres', options: { url: process.env.DATABASE_URL, schema: store.schema, appRole: store.roles.app, poolSize: 10, connectTimeoutMs: 10_000, applicationName: 'gatehouse' } });
  });
});

describe.skipIf(backend !== 'pglite')('PGlite stores that cannot, or can no longer, be shared', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-store-handle-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses PGlite in this thread with StoreNotShareableError saying to use thread: true', async () => {
    const overInstance = await openTestStore({ migrate: false });
    const dataDir = join(dir, 'in-thread');
    await prepareDataDir(dataDir);
    const inThread = await openStore({ dataDir });
    try {
      for (const [store, message] of [[overInstance, /options\.pglite/], [inThread, /runs in this thread/]] as const) {
        const error = (() => {
          try {
            storeThreadHandle(store);
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(StoreNotShareableError);
        expect(error).toMatchObject({ code: 'STORE_NOT_SHAREABLE' });
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toMatch(/thread: true/);
      }
    } finally {
      await overInstance.dispose();
      await inThread.close();
    }
  });

  it('a PGlite thread that dies fails the pending and later calls of a store opened from its handle with StoreUnavailableError', async () => {
    const dataDir = join(dir, uniqueName('crash'));
    await prepareDataDir(dataDir);
    let thread!: Worker;
    const client = await PGliteThreadClient.open(dataDir, 'PGlite (test)', (data, target) => (thread = startPGliteThread(data, target)));
    const owner = await pgliteStore(client, { schema: 'gatehouse', roles: DEFAULT_ROLES }, { owned: true });
    const shared = await openStoreFromHandle(storeThreadHandle(owner).handle);
    // Handled from the start: the port may report the thread's end before terminate() resolves.
    const pending = sql`select pg_sleep(5)`.execute(shared.admin).catch((e: unknown) => e);
    await sleep(50);
    await thread.terminate();
    expect(await pending).toBeInstanceOf(StoreUnavailableError);
    await expect(sql`select 1`.execute(shared.admin)).rejects.toBeInstanceOf(StoreUnavailableError);
    await shared.close();
    await owner.close();
  });

  it('an idle store opened from a handle does not keep its thread alive', async () => {
    const owner = await openShareableStore(dir);
    try {
      const org = uniqueName('idle');
      await withTenant(owner, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: 'k' }).execute());
      const idle = await startStoreHandleWorker(storeThreadHandle(owner), { op: 'keys', org });
      const exited = once(idle.worker, 'exit');
      expect(await idle.onceReply()).toEqual(['k']);
      expect(await exited).toEqual([0]);
      expect(await keys(owner, org)).toEqual(['k']);
    } finally {
      await owner.close();
    }
  });

  it('closing the owner fails the other thread\'s calls with StoreUnavailableError; a closed store makes no handle', async () => {
    const owner = await openShareableStore(dir);
    const other = await startStoreHandleWorker(storeThreadHandle(owner));
    const org = uniqueName('o');
    await other.send({ op: 'insert', org, key: 'k' });
    await owner.close();
    await expect(other.send({ op: 'keys', org })).rejects.toMatchObject({ name: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' });
    expect(() => storeThreadHandle(owner)).toThrow(StoreUnavailableError);
    await other.terminate();
  });
});
