/**
 * A PGlite store whose database runs in a worker thread (`openStore({ dataDir, thread: true })`):
 * the same isolation, the same typed results and errors as PGlite in this thread, transactions
 * that never interleave, and a thread that dies or closes fails every call with
 * StoreUnavailableError instead of hanging. PGlite only: on the postgres project it is skipped
 * (nothing here touches PostgreSQL).
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import {
  DEFAULT_ROLES, migrate, openStore, StoreUnavailableError, withPlatformAdmin, withTenant, type GatehouseDatabase, type GatehouseStore,
} from '../../src/tenancy/index.js';
import { pgliteStore } from '../../src/tenancy/open-pglite-store.js';
import { resolveStoreOptions } from '../../src/tenancy/store-options.js';
import { PGliteThreadClient } from '../../src/tenancy/pglite-dialect/pglite-thread-client.js';
import { builtHostCandidates, startPGliteThread } from '../../src/tenancy/pglite-dialect/pglite-thread-entry.js';
import { backend, openTestStore, prepareDataDir, uniqueName, type TestStore } from './helpers/test-store.js';

/** A threaded client whose Worker the test keeps, to end it as a crash would. */
async function openWithWorker(dataDir: string): Promise<{ client: PGliteThreadClient; worker: Worker; exited: Promise<unknown> }> {
  let worker!: Worker;
  const client = await PGliteThreadClient.open(dataDir, 'PGlite (test)', (data, target) => {
    worker = startPGliteThread(data, target);
    return worker;
  });
  return { client, worker, exited: once(worker, 'exit') };
}

/** Every value type the stores use, selected without parameters (simple protocol) and with them. */
async function typedRows(db: Kysely<GatehouseDatabase>): Promise<unknown[]> {
  const literal = await sql`
    select timestamptz '2026-01-02 03:04:05.678+00' as at, 42::int8 as small, 9007199254740993::int8 as big,
           '\\x00ff10'::bytea as bytes, '{"a":[1,"two",null],"b":{"c":true}}'::jsonb as doc, '[1,2]'::json as plain_json,
           array[1, null, 3]::int4[] as ints, array['x', 'y']::text[] as texts, null::text as nothing, 1.50::numeric as num,
           true as yes, 'a1b2c3d4-0000-4000-8000-000000000000'::uuid as id, 7::int2 as tiny, 2.5::float8 as real`.execute(db);
  const bound = await sql`
    select ${new Date('2026-01-02T03:04:05.678Z')}::timestamptz as at, ${123n}::int8 as big, ${new Uint8Array([0, 255, 16])}::bytea as bytes,
           ${JSON.stringify({ a: [1, 'two', null] })}::jsonb as doc, ${[1, 2, 3]}::int4[] as ints, ${null}::text as nothing, ${'é∑'} as text`.execute(db);
  return [...literal.rows, ...bound.rows];
}

describe.skipIf(backend !== 'pglite')('PGlite in a worker thread', () => {
  let dir: string;
  let store: GatehouseStore;
  let reference: TestStore;
  const schema = uniqueName('t');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-pglite-thread-'));
    await prepareDataDir(join(dir, 'db'));
    store = await openStore({ dataDir: join(dir, 'db'), thread: true, schema });
    await migrate(store);
    reference = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
    await reference?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates, and keeps tenants apart with row-level security', async () => {
    const [acme, globex] = [uniqueName('acme'), uniqueName('globex')];
    for (const org of [acme, globex]) {
      await withTenant(store, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: `${org}-key` }).execute());
    }
    for (const org of [acme, globex]) {
      const rows = await withTenant(store, org, (trx) => trx.selectFrom('breakers').select(['org_id', 'breaker_key']).execute());
      expect(rows).toEqual([{ org_id: org, breaker_key: `${org}-key` }]);
    }
    expect(await store.app.selectFrom('breakers').selectAll().execute()).toEqual([]);
    const all = await withPlatformAdmin(store, (trx) => trx.selectFrom('breakers').select('org_id').where('org_id', 'in', [acme, globex]).execute());
    expect(all).toHaveLength(2);
  });

  it('runs requests as the app role, which is not a superuser', async () => {
    const { rows } = await withTenant(store, 'acme', (trx) =>
      sql<{ who: string; sup: boolean; bypass: boolean }>`select current_user::text as who, rolsuper as sup, rolbypassrls as bypass from pg_roles where rolname = current_user`.execute(trx),
    );
    expect(rows).toEqual([{ who: store.roles.app, sup: false, bypass: false }]);
  });

  it('returns exactly the values PGlite returns in this thread (timestamps, int8, bytea, json, arrays, null)', async () => {
    const threaded = await typedRows(store.admin);
    expect(threaded).toStrictEqual(await typedRows(reference.admin));
    const [literal, bound] = threaded as Record<string, unknown>[];
    expect(literal!.at).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(literal!.big).toBe(9007199254740993n);
    expect(literal!.bytes).toEqual(new Uint8Array([0, 255, 16]));
    expect(literal!.doc).toEqual({ a: [1, 'two', null], b: { c: true } });
    expect(literal!.ints).toEqual([1, null, 3]);
    expect(literal!.nothing).toBeNull();
    expect(bound).toMatchObject({ big: 123, ints: [1, 2, 3], nothing: null, text: 'é∑' });
  });

  it('keeps the SQLSTATE and the other fields of a database error', async () => {
    const org = uniqueName('dup');
    const insert = (db: GatehouseStore) => withTenant(db, org, (trx) =>
      trx.insertInto('breakers').values([{ org_id: org, breaker_key: 'same' }, { org_id: org, breaker_key: 'same' }]).execute());
    const error = await insert(store).catch((e: unknown) => e) as Record<string, unknown>;
    const expected = await insert(reference).catch((e: unknown) => e) as Record<string, unknown>;
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', table: 'breakers', schema, severity: 'ERROR' });
    expect(error.message).toBe(expected.message);
    expect(Object.keys(error).sort()).toEqual(Object.keys(expected).sort());
    for (const field of ['name', 'code', 'severity', 'detail', 'constraint', 'table', 'routine']) expect(error[field]).toEqual(expected[field]);
    // The failed statement rolled back: the session is usable and the tenant has no rows.
    expect(await withTenant(store, org, (trx) => trx.selectFrom('breakers').selectAll().execute())).toEqual([]);
  });

  it('answers each of many concurrent queries with its own result', async () => {
    const answers = await Promise.all(Array.from({ length: 300 }, (_, n) => sql<{ n: number }>`select ${n}::int4 as n`.execute(store.admin)));
    expect(answers.map((a) => a.rows[0]!.n)).toEqual(Array.from({ length: 300 }, (_, n) => n));
  });

  it('serialises concurrent transactions: no lost update, and each sees only its own org', async () => {
    const key = uniqueName('counter');
    const owner = uniqueName('shared');
    await withPlatformAdmin(store, (trx) => trx.insertInto('breakers').values({ org_id: owner, breaker_key: key, failure_count: 0 }).execute());
    const bump = () => withPlatformAdmin(store, async (trx) => {
      const { failure_count } = await trx.selectFrom('breakers').select('failure_count').where('breaker_key', '=', key).executeTakeFirstOrThrow();
      await sleep(1); // another caller would get in here if transactions could interleave
      await trx.updateTable('breakers').set({ failure_count: failure_count + 1 }).where('breaker_key', '=', key).execute();
    });
    const orgs = Array.from({ length: 10 }, (_, i) => uniqueName(`o${i}`));
    const seen = orgs.map((org) => withTenant(store, org, async (trx) => {
      const before = await sql<{ org: string }>`select current_setting('app.current_org_id', true) as org`.execute(trx);
      await sleep(1);
      const after = await sql<{ org: string }>`select current_setting('app.current_org_id', true) as org`.execute(trx);
      return [before.rows[0]!.org, after.rows[0]!.org];
    }));
    await Promise.all([...Array.from({ length: 20 }, bump), ...seen]);
    expect(await Promise.all(seen)).toEqual(orgs.map((org) => [org, org]));
    const row = await withPlatformAdmin(store, (trx) => trx.selectFrom('breakers').select('failure_count').where('breaker_key', '=', key).executeTakeFirstOrThrow());
    expect(row.failure_count).toBe(20);
  });

  it.each([
    [{ thread: true, pglite: {} as never }, /cannot move there/],
    [{ thread: true, url: 'postgres://x@127.0.0.1/db' }, /PGlite only/],
    [{ thread: 'yes' as unknown as boolean, dataDir: 'memory' }, /true or false/],
  ])('rejects %o with InvalidOptionError', async (options, message) => {
    const error = await openStore(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(message);
  });

  it('thread: true is PGlite on the default data directory, and ignored when DATABASE_URL makes the store PostgreSQL', () => {
    expect(resolveStoreOptions({ thread: true }, {})).toMatchObject({ backend: 'pglite', thread: true, pglite: undefined });
    expect(resolveStoreOptions({ dataDir: 'memory' }, {})).toMatchObject({ backend: 'pglite', thread: false });
    expect(resolveStoreOptions({ thread: true }, { DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toMatchObject({ backend: 'postgres' });
  });

  it('a data directory that cannot be created is StoreUnavailableError naming it', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const error = await openStore({ dataDir: join(file, 'db'), thread: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(join(file, 'db'));
  });

  it('looks for the built thread entry beside a chunk in dist/ or dist/tenancy/, with the chunk\'s extension', () => {
    expect(builtHostCandidates('file:///app/node_modules/gatehouse/dist/chunk-AB12.js').map(String)).toEqual([
      'file:///app/node_modules/gatehouse/dist/pglite-thread-host.js',
      'file:///app/node_modules/gatehouse/dist/tenancy/pglite-thread-host.js',
      'file:///app/node_modules/gatehouse/tenancy/pglite-thread-host.js',
    ]);
    expect(builtHostCandidates('file:///app/dist/tenancy/index.cjs').map(String)).toContain('file:///app/dist/tenancy/pglite-thread-host.cjs');
    expect(() => startPGliteThread({ dataDir: 'memory' }, 'PGlite (test)', `file://${join(dir, 'chunk-XY.js')}`)).toThrow(StoreUnavailableError);
    expect(() => startPGliteThread({ dataDir: 'memory' }, 'PGlite (test)', `file://${join(dir, 'chunk-XY.js')}`)).toThrow(/without options\.thread/);
  });

  describe('when the thread ends', () => {
    let threadDir: string;
    beforeAll(async () => {
      threadDir = join(dir, 'crash');
      await prepareDataDir(threadDir);
    });

    it('a thread that dies rejects the pending call and every later one with StoreUnavailableError', async () => {
      const { client, worker } = await openWithWorker(threadDir);
      const crashed = await pgliteStore(client, { schema: 'gatehouse', roles: DEFAULT_ROLES }, { owned: true });
      const pending = sql`select pg_sleep(5)`.execute(crashed.admin);
      await sleep(50);
      await worker.terminate();
      await expect(pending).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(pending).rejects.toThrow(/worker thread stopped/);
      await expect(sql`select 1`.execute(crashed.admin)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(withTenant(crashed, 'acme', (trx) => trx.selectFrom('breakers').selectAll().execute())).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(client.closed).toBe(true);
      await crashed.close();
    });

    it('close() closes PGlite and ends the thread; the data is there when opened again', async () => {
      const { client, exited } = await openWithWorker(threadDir);
      const first = await pgliteStore(client, { schema: 'gatehouse', roles: DEFAULT_ROLES }, { owned: true });
      await sql`create table if not exists kept (n int)`.execute(first.admin);
      await sql`insert into kept values (1), (2)`.execute(first.admin);
      await first.close();
      await exited;
      await expect(sql`select 1`.execute(first.admin)).rejects.toThrow();
      await expect(client.exec('select 1')).rejects.toBeInstanceOf(StoreUnavailableError);

      const again = await openWithWorker(threadDir);
      const { rows } = await again.client.query<{ n: number }>('select n from kept order by n');
      expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
      await again.client.close();
      await again.exited;
    });
  });
});
