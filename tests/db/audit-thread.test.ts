/**
 * The audit writer in a worker thread (`startAuditThread(store, …)`): the same contract as
 * `createAuditWriter()`, with records written by the thread's own store over the caller's
 * database. On PostgreSQL that is the usual test store; on the pglite project a PGlite store
 * opened with `thread: true` in a temp directory, whose PGlite thread serves both threads. PGlite
 * running in the caller's thread cannot be shared: that refusal is checked on both projects.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditFlushTimeoutError,
  AuditQueueFullError,
  AuditSchemaMissingError,
  AuditUnavailableError,
  AuditWriteError,
  AuditWriterClosedError,
  createAuditKeys,
  InvalidAuditRecordError,
  startAuditThread,
  verifyChain,
  type AuditWriter,
  type AuditWriterOptions,
} from '../../src/audit/index.js';
import { auditThreadWorker } from '../../src/audit/audit-thread.js';
import { auditThreadScript } from '../../src/audit/audit-thread-entry.js';
import { reviveError, serialiseError } from '../../src/audit/audit-thread-protocol.js';
import { GatehouseError, GatehouseTypeError, InvalidOptionError } from '../../src/errors.js';
import { migrate, openStore, StoreNotShareableError, StoreUnavailableError, withTenant, type GatehouseStore } from '../../src/tenancy/index.js';
import type { Decision } from '../../src/pdp/decision.js';
import { backend, databaseUrl, openTestStore, prepareDataDir, uniqueName } from './helpers/test-store.js';
import { AUDIT_SECRET, asSuperuser, holdChainLock, makeDecision, qs, storedRows } from './helpers/audit-fixtures.js';

/** Lets timers, I/O and the worker's messages run, so that a promise that should stay pending had its chance. */
const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`audit thread: options (${backend})`, () => {
  it('refuses PGlite running in this thread with STORE_NOT_SHAREABLE, saying to open it with thread: true or use PostgreSQL', async () => {
    const inThread = await openStore({ dataDir: 'memory' });
    try {
      const error = await startAuditThread(inThread, { auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreNotShareableError);
      expect(error).toMatchObject({ code: 'STORE_NOT_SHAREABLE', message: expect.stringContaining('thread: true') });
      expect((error as Error).message).toContain('PostgreSQL');
      // Refused before anything was started: the caller's store is untouched.
      expect(inThread.closed).toBe(false);
      expect((await sql<{ one: number }>`select 1 as one`.execute(inThread.admin)).rows).toEqual([{ one: 1 }]);
    } finally {
      await inThread.close();
    }
  });

  it('refuses keys from createAuditKeys() and a short secret, without echoing the secret', async () => {
    // The options are checked first, whatever the store.
    const store = await openTestStore();
    try {
      const keys = await startAuditThread(store, { auditSecret: createAuditKeys(AUDIT_SECRET) as never }).catch((e: unknown) => e);
      expect(keys).toBeInstanceOf(InvalidOptionError);
      expect((keys as Error).message).toContain('keys from createAuditKeys() cannot be passed to another thread');
      const short = await startAuditThread(store, { auditSecret: 'hunter2-short-secret' }).catch((e: unknown) => e);
      expect(short).toBeInstanceOf(InvalidOptionError);
      expect((short as Error).message).not.toContain('hunter2');
    } finally {
      await store.dispose();
    }
  });
});

describe(`audit thread: errors across the thread, the worker script (${backend})`, () => {
  it('rebuilds each typed error by code, with its message and fields; a driver error keeps its SQLSTATE and stays foreign', () => {
    const cause = Object.assign(new Error('new row violates check constraint "x"'), { code: '23514' });
    const errors: Error[] = [
      new AuditWriteError({ transient: true, willRetry: false, records: 3, attempt: 2, cause }),
      new InvalidAuditRecordError('identity.orgId', 'is required'),
      new AuditQueueFullError(40),
      new AuditWriterClosedError('close() timed out before the record was written'),
      new AuditFlushTimeoutError(7, 100),
      new AuditUnavailableError('it exited with code 1'),
    ];
    for (const error of errors) {
      const revived = reviveError(serialiseError(error));
      expect(revived).toBeInstanceOf(error.constructor);
      expect(revived).toBeInstanceOf(GatehouseError);
      expect(revived.message).toBe(error.message);
      expect(revived).toMatchObject({ ...error });
    }
    const write = reviveError(serialiseError(errors[0])) as AuditWriteError;
    expect(write).toMatchObject({ transient: true, willRetry: false, records: 3, attempt: 2 });
    expect(write.cause).toMatchObject({ message: cause.message, code: '23514' });
    expect(write.cause).not.toBeInstanceOf(GatehouseError);
    expect((reviveError(serialiseError(errors[1])) as InvalidAuditRecordError).path).toBe('identity.orgId');
    expect(reviveError(serialiseError(errors[4]))).toMatchObject({ unwritten: 7 });
    const unavailable = reviveError(serialiseError(new StoreUnavailableError('PGlite at /srv/db', 'the thread stopped')));
    expect(unavailable).toBeInstanceOf(StoreUnavailableError);
    expect(unavailable).toMatchObject({ target: 'PGlite at /srv/db', message: 'Cannot open the Gatehouse store at PGlite at /srv/db: the thread stopped' });
    const typeError = reviveError(serialiseError(new GatehouseTypeError('options.input must be a string, a Uint8Array or an object.')));
    expect(typeError).toBeInstanceOf(GatehouseTypeError);
    expect(typeError).toMatchObject({ code: 'INVALID_ARGUMENT_TYPE', message: 'options.input must be a string, a Uint8Array or an object.' });
  });

  it('finds the built worker next to the code that starts it, in dist/audit/ or ../audit/, with its extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-thread-'));
    try {
      mkdirSync(join(dir, 'dist/audit'), { recursive: true });
      mkdirSync(join(dir, 'dist/cli'), { recursive: true });
      for (const ext of ['js', 'cjs']) writeFileSync(join(dir, `dist/audit/audit-thread-worker.${ext}`), '');
      const at = (path: string) => pathToFileURL(join(dir, path)).href;
      expect(fileURLToPath(auditThreadScript(at('dist/chunk-ABC.js')))).toBe(join(dir, 'dist/audit/audit-thread-worker.js'));
      expect(fileURLToPath(auditThreadScript(at('dist/chunk-ABC.cjs')))).toBe(join(dir, 'dist/audit/audit-thread-worker.cjs'));
      expect(fileURLToPath(auditThreadScript(at('dist/audit/index.js')))).toBe(join(dir, 'dist/audit/audit-thread-worker.js'));
      expect(fileURLToPath(auditThreadScript(at('dist/cli/gatehouse.js')))).toBe(join(dir, 'dist/audit/audit-thread-worker.js'));
      const missing = (() => {
        try {
          return auditThreadScript(at('elsewhere/bundle.mjs'));
        } catch (error) {
          return error;
        }
      })();
      expect(missing).toBeInstanceOf(AuditUnavailableError);
      expect((missing as Error).message).toContain('audit-thread-worker.mjs was not found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A store another thread can share, migrated: on PGlite opened with `thread: true` over a fresh
 * data directory under `dir`; on PostgreSQL a test store. `migrated: false` leaves its schema empty.
 */
async function openShareableStore(dir: string, { migrated = true } = {}): Promise<GatehouseStore & { dispose(): Promise<void> }> {
  if (backend === 'postgres') return openTestStore({ migrate: migrated });
  const dataDir = join(dir, uniqueName('db'));
  await prepareDataDir(dataDir);
  const open = () => openStore({ dataDir, thread: true, schema: uniqueName('t') });
  let store = await open();
  // The roles are cluster-wide: an unmigrated schema is one in a cluster that has them.
  await migrate(store);
  if (!migrated) {
    await store.close();
    store = await open();
  }
  return Object.assign(store, { dispose: () => store.close() });
}

describe(`audit thread (${backend}${backend === 'pglite' ? ', PGlite in a worker thread' : ''})`, () => {
  let dir: string;
  let store: GatehouseStore & { dispose(): Promise<void> };
  const writers: AuditWriter[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-audit-thread-'));
    store = await openShareableStore(dir);
  });
  afterAll(async () => {
    for (const w of writers) await w.close({ timeoutMs: 1000 }).catch(() => {});
    await store?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function thread(options: Partial<AuditWriterOptions> = {}): Promise<AuditWriter> {
    const writer = await startAuditThread(store, { auditSecret: AUDIT_SECRET, flushIntervalMs: 5, retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...options } as never);
    writers.push(writer);
    return writer;
  }

  it('writes what it is given, in record() order, as valid chains with digests under the secret', async () => {
    const [a, b] = [uniqueName('org-a'), uniqueName('org-b')];
    const writer = await thread({ maxBatchSize: 20 });
    expect(writer.mode).toBe('buffered');
    const decisions = Array.from({ length: 300 }, (_, i) => makeDecision(i % 5 === 2 ? b : a));
    for (const d of decisions) await writer.record(d, { input: `prompt ${d.decisionId}`, durationUs: 12 });
    await writer.close();
    expect(writer.closed).toBe(true);
    expect(writer.counters).toMatchObject({ queued: 0, written: 300, failed: 0, rejected: 0 });
    expect(writer.counters.batches).toBeGreaterThanOrEqual(300 / 20);
    for (const org of [a, b]) {
      expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(decisions.filter((d) => d.identity.orgId === org).map((d) => d.decisionId));
      expect(await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, problems: [] });
    }
    await expect(writer.record(makeDecision(a))).rejects.toBeInstanceOf(AuditWriterClosedError);
    expect(writer.counters.rejected).toBe(1);
  });

  it('sync: record() resolves after the commit, and rejects with AuditWriteError when the database refuses the record', async () => {
    const org = uniqueName('org');
    await asSuperuser(store, `alter table ${qs(store)}.decisions add constraint test_thread_poison check (trace_id is distinct from 'poison')`);
    try {
      const writer = await thread({ mode: 'sync' });
      const first = makeDecision(org);
      await writer.record(first);
      expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual([first.decisionId]);
      const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => writer.record(makeDecision(org, { traceId: i === 2 ? 'poison' : `t${i}` }))));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const reason = (results[2] as PromiseRejectedResult).reason as AuditWriteError;
      expect(reason).toBeInstanceOf(AuditWriteError);
      expect(reason).toMatchObject({ code: 'AUDIT_WRITE_FAILED', transient: false, willRetry: false, records: 1 });
      expect(reason.message).toContain('test_thread_poison');
      await writer.close();
      expect(writer.counters).toMatchObject({ written: 5, failed: 1 });
      expect(await storedRows(store, org)).toHaveLength(5);
    } finally {
      await asSuperuser(store, `alter table ${qs(store)}.decisions drop constraint test_thread_poison`);
    }
  });

  it('digests the input as it was at record(), even if the caller changes it before the record leaves', async () => {
    const writer = await thread();
    const org = uniqueName('org');
    const asked = { messages: [{ role: 'user', content: 'card 4111 1111 1111 1111' }] };
    const bytes = new TextEncoder().encode('prompt bytes');
    const [a, b, c, d] = [makeDecision(org), makeDecision(org), makeDecision(org), makeDecision(org)];
    await writer.record(a, { input: asked });
    await writer.record(b, { input: bytes });
    // What a guard()ed callee might do next, before the turn ends.
    asked.messages.push({ role: 'assistant', content: 'done' });
    bytes.fill(0);
    await writer.record(c, { input: { messages: [{ role: 'user', content: 'card 4111 1111 1111 1111' }] } });
    await writer.record(d, { input: 'prompt bytes' });
    await writer.close();
    const { rows } = await sql<{ decision_id: string; digest: string }>`
      select decision_id::text as decision_id, encode(input_digest, 'hex') as digest from ${sql.raw(qs(store))}.decisions where org_id = ${org}`.execute(store.admin);
    const digest = (id: string) => rows.find((r) => r.decision_id === id)?.digest;
    expect(rows).toHaveLength(4);
    expect(digest(a.decisionId)).toBe(digest(c.decisionId));
    expect(digest(b.decisionId)).toBe(digest(d.decisionId));
  });

  it('an undecodable decision: refused at record() in both modes, as createAuditWriter refuses it; what only the worker can check is failed and reported to onError', async () => {
    const broken = { ...makeDecision(uniqueName('org')), identity: { orgId: null, clientId: null, userId: null } } as Decision;
    const sync = await thread({ mode: 'sync' });
    const error = await sync.record(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAuditRecordError);
    expect(error).toMatchObject({ code: 'AUDIT_RECORD_INVALID', path: 'identity.orgId' });
    await sync.close();

    const errors: AuditWriteError[] = [];
    const buffered = await thread({ onError: (e) => errors.push(e) });
    const org = uniqueName('org');
    const good = makeDecision(org);
    // No org, a bad input or a bad duration: refused at once, so the caller can fail closed.
    await expect(buffered.record(broken)).rejects.toMatchObject({ code: 'AUDIT_RECORD_INVALID', path: 'identity.orgId' });
    await expect(buffered.record(good, { input: { f: () => 1 } as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT_TYPE' });
    await expect(buffered.record(good, { durationUs: -1 })).rejects.toMatchObject({ code: 'AUDIT_RECORD_INVALID', path: 'options.durationUs' });
    // A malformed trace id is found in the worker: counted as failed and reported.
    await buffered.record({ ...makeDecision(org), traceId: 42 } as unknown as Decision);
    await buffered.record(good);
    await buffered.flush();
    expect(buffered.counters).toMatchObject({ queued: 0, written: 1, failed: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(AuditWriteError);
    expect(errors[0]!.cause).toBeInstanceOf(InvalidAuditRecordError);
    await buffered.close();
    expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual([good.decisionId]);
  });

  it("buffered 'fail_closed': maxQueue holds while the database is stuck, nothing accepted is dropped", async () => {
    const org = uniqueName('org');
    const writer = await thread({ maxQueue: 20, maxBatchSize: 10, overflow: 'fail_closed' });
    const lock = await holdChainLock(store, org);
    const accepted: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const d = makeDecision(org);
        await writer.record(d);
        accepted.push(d.decisionId);
      }
      await tick();
      await expect(writer.record(makeDecision(org))).rejects.toBeInstanceOf(AuditQueueFullError);
      expect(writer.counters).toMatchObject({ queued: 20, written: 0, rejected: 1 });
    } finally {
      await lock.release();
    }
    await writer.flush();
    expect(writer.counters).toMatchObject({ queued: 0, written: 20, failed: 0 });
    await writer.record(makeDecision(org)); // room again
    await writer.close();
    expect((await storedRows(store, org)).slice(0, 20).map((r) => r.decision_id)).toEqual(accepted);
    expect((await verifyChain(store, org)).valid).toBe(true);
  });

  it("buffered 'block': record() waits for room, then everything is written in order", async () => {
    const org = uniqueName('org');
    const writer = await thread({ maxQueue: 10, maxBatchSize: 10 });
    const lock = await holdChainLock(store, org);
    const decisions = Array.from({ length: 15 }, () => makeDecision(org));
    const states = decisions.map(() => 'pending');
    const calls = decisions.map((d, i) => writer.record(d).then(() => (states[i] = 'resolved')));
    try {
      await tick(100);
      expect(states.filter((s) => s === 'resolved')).toHaveLength(10);
      expect(writer.counters.queued).toBe(15);
    } finally {
      await lock.release();
    }
    await Promise.all(calls);
    await writer.close();
    expect(writer.counters).toMatchObject({ written: 15, failed: 0 });
    expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(decisions.map((d) => d.decisionId));
  });

  it('close() drains what is queued, however long its interval', async () => {
    const org = uniqueName('org');
    const writer = await thread({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) await writer.record(makeDecision(org));
    await tick();
    expect(writer.counters).toMatchObject({ queued: 7, written: 0 });
    await writer.close();
    expect(writer.counters).toMatchObject({ queued: 0, written: 7 });
    expect(await storedRows(store, org)).toHaveLength(7);
  });

  it('close({ timeoutMs }) on a stuck database rejects with AuditFlushTimeoutError and counts what it gave up as failed', async () => {
    const org = uniqueName('org');
    const errors: AuditWriteError[] = [];
    const writer = await thread({ onError: (e) => errors.push(e) });
    const lock = await holdChainLock(store, org);
    try {
      for (let i = 0; i < 6; i++) await writer.record(makeDecision(org));
      const started = Date.now();
      const error = await writer.close({ timeoutMs: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditFlushTimeoutError);
      expect(error).toMatchObject({ code: 'AUDIT_FLUSH_TIMEOUT', unwritten: 6 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(writer.counters).toMatchObject({ queued: 0, written: 0, failed: 6 });
      expect(errors.some((e) => !e.willRetry)).toBe(true);
    } finally {
      await lock.release();
    }
  });

  it('when the thread dies, records fail closed with AUDIT_UNAVAILABLE: what it held is failed and reported, nothing hangs', async () => {
    const org = uniqueName('org');
    const errors: AuditWriteError[] = [];
    const buffered = await thread({ onError: (e) => errors.push(e) });
    const sync = await thread({ mode: 'sync' });
    const lock = await holdChainLock(store, org);
    try {
      for (let i = 0; i < 4; i++) await buffered.record(makeDecision(org));
      const waiting = sync.record(makeDecision(org)).catch((e: unknown) => e);
      await tick();
      await auditThreadWorker(buffered)!.terminate();
      await auditThreadWorker(sync)!.terminate();
      expect(await waiting).toBeInstanceOf(AuditUnavailableError);
      expect(buffered.closed).toBe(true); // so /health reports the audit as unavailable
      expect(buffered.counters).toMatchObject({ queued: 0, failed: 4 });
      expect(errors).toEqual([expect.objectContaining({ code: 'AUDIT_WRITE_FAILED', records: 4, willRetry: false })]);
      expect(errors[0]!.cause).toBeInstanceOf(AuditUnavailableError);
      await expect(buffered.record(makeDecision(org))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      await buffered.flush();
      await expect(buffered.close()).rejects.toBeInstanceOf(AuditUnavailableError);
      await sync.close().catch(() => {});
    } finally {
      await lock.release();
    }
  });

  it('keeps the caller\'s store working while the thread writes: withTenant reads answer between its batches', async () => {
    const [writing, reading] = [uniqueName('org-w'), uniqueName('org-r')];
    await withTenant(store, reading, (trx) => trx.insertInto('breakers').values({ org_id: reading, breaker_key: 'kept' }).execute());
    const writer = await thread({ maxBatchSize: 20 });
    const total = 1000;
    for (let i = 0; i < total; i++) await writer.record(makeDecision(writing));
    const storedAfterRead: number[] = [];
    for (let i = 0; i < 5; i++) {
      const rows = await withTenant(store, reading, (trx) => trx.selectFrom('breakers').select(['org_id', 'breaker_key']).execute());
      expect(rows).toEqual([{ org_id: reading, breaker_key: 'kept' }]);
      // Rows in the database, not the counters (which lag the worker by a few milliseconds).
      const { rows: [count] } = await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(qs(store))}.decisions where org_id = ${writing}`.execute(store.admin);
      storedAfterRead.push(count!.n);
    }
    // The first read did not wait for the thread's queue to drain: rows were still missing after it.
    expect(storedAfterRead[0]).toBeLessThan(total);
    await writer.flush();
    expect(writer.counters).toMatchObject({ queued: 0, written: total, failed: 0 });
    await writer.close();
    expect(await storedRows(store, writing)).toHaveLength(total);
    expect(await verifyChain(store, writing, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, problems: [] });
  });

  it('close() closes only the thread\'s store: the caller\'s store stays open, and another thread can start on it', async () => {
    const org = uniqueName('org');
    const first = await thread();
    const decision = makeDecision(org);
    await first.record(decision);
    await first.close();
    expect(store.closed).toBe(false);
    expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual([decision.decisionId]);
    expect(await withTenant(store, org, (trx) => trx.selectFrom('breakers').selectAll().execute())).toEqual([]);
    const second = await thread({ mode: 'sync' });
    await second.record(makeDecision(org));
    await second.close();
    expect(await storedRows(store, org)).toHaveLength(2);
    expect(await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, problems: [] });
  });

  it('fails to start with the store errors createAuditWriter() has: an unmigrated schema, a closed store', async () => {
    const unmigrated = await openShareableStore(dir, { migrated: false });
    try {
      const missing = await startAuditThread(unmigrated, { auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(AuditSchemaMissingError);
      expect(unmigrated.closed).toBe(false);
    } finally {
      await unmigrated.dispose();
    }
    const closed = await startAuditThread(unmigrated, { auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(StoreUnavailableError);
  });

  it.runIf(backend === 'postgres')('fails to start with StoreUnavailableError when the thread cannot reach PostgreSQL, never echoing the password', async () => {
    // A TCP relay to the test database: the caller's store connects through it, then it stops
    // accepting, so the thread's own connections are refused.
    const sockets = new Set<Socket>();
    const target = new URL(databaseUrl());
    const relay: Server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(databaseUrl());
    url.hostname = '127.0.0.1';
    url.port = String((relay.address() as { port: number }).port);
    url.password = 's3cr3t-pw';
    const relayed = await openStore({ url: url.href, schema: store.schema, connectTimeoutMs: 2000 });
    try {
      relay.close(); // stops listening now; the store's open connections carry on
      const unreachable = await startAuditThread(relayed, { auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
      expect(unreachable).toBeInstanceOf(StoreUnavailableError);
      expect((unreachable as Error).message).not.toContain('s3cr3t-pw');
    } finally {
      await relayed.close().catch(() => {});
      for (const s of sockets) s.destroy();
    }
  });
});
