/**
 * Faults on real PostgreSQL: connections killed with pg_terminate_backend (from a separate
 * superuser connection) during load, and a database that stops answering altogether (a TCP
 * proxy that is taken down). What must hold: nothing acknowledged is lost, buffered records wait
 * within the bound, sync callers are told so that they fail closed, and the chain verifies.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditQueueFullError, AuditWriteError, createAuditWriter, verifyChain, type AuditWriter } from '../../src/audit/index.js';
import { openStore, StoreUnavailableError, type GatehouseStore } from '../../src/tenancy/index.js';
import { backend, databaseUrl, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';
import { AUDIT_SECRET, asSuperuser, makeDecision, qs, storedRows } from './helpers/audit-fixtures.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 40 };

describe.skipIf(backend !== 'postgres')('audit writer under database faults (postgres)', () => {
  let store: TestStore;
  let killer: pg.Client;

  beforeAll(async () => {
    store = await openTestStore();
    // Every insert statement takes at least 10 ms, so that kills land on transactions in flight.
    const s = qs(store);
    await asSuperuser(store, `
      create function ${s}.test_slow_insert() returns trigger language plpgsql as $$ begin perform pg_sleep(0.01); return null; end $$;
      create trigger test_slow_insert after insert on ${s}.decisions for each statement execute function ${s}.test_slow_insert();`);
    killer = new pg.Client({ connectionString: databaseUrl() });
    await killer.connect();
  });
  afterAll(async () => {
    await killer?.end();
    await store?.dispose();
  });

  /**
   * Terminates the app connections of `applicationName` every `everyMs` until stopped; counts
   * them. (Much more often than every ~50 ms and no transaction survives long enough to commit.)
   */
  function startKilling(applicationName: string, everyMs: number): { stop(): Promise<number> } {
    let killed = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const { rows } = await killer.query<{ n: number }>(
          'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
          [`${applicationName}:app`],
        );
        killed += rows[0]!.n;
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return killed;
      },
    };
  }

  async function expectChainHolds(orgId: string, acknowledged: readonly string[]): Promise<void> {
    const stored = new Set((await storedRows(store, orgId)).map((r) => r.decision_id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(await verifyChain(store, orgId, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, problems: [] });
  }

  it('buffered: connections killed during load; every acknowledged record is written once, and the chain verifies', async () => {
    const applicationName = uniqueName('ghkill');
    const victim = await openStore({ url: databaseUrl(), schema: store.schema, applicationName, poolSize: 4 });
    const org = uniqueName('org');
    const errors: AuditWriteError[] = [];
    const writer = await createAuditWriter(victim, {
      auditSecret: AUDIT_SECRET, maxBatchSize: 50, flushIntervalMs: 2, maxQueue: 400, overflow: 'block', retry: FAST_RETRY, onError: (e) => errors.push(e),
    });
    const acknowledged: string[] = [];
    const kills = startKilling(applicationName, 75);
    try {
      for (let i = 0; i < 1500; i++) {
        const decision = makeDecision(org, { userId: `user-${i % 7}` });
        await writer.record(decision);
        acknowledged.push(decision.decisionId);
      }
      await writer.flush();
    } finally {
      const killed = await kills.stop();
      await writer.close();
      await victim.close();
      expect(killed).toBeGreaterThan(0);
    }
    expect(writer.counters).toMatchObject({ queued: 0, failed: 0 });
    expect(writer.counters.written + writer.counters.duplicates).toBe(1500);
    expect(writer.counters.retries).toBeGreaterThan(0);
    expect(errors.length).toBe(writer.counters.retries);
    expect(errors.every((e) => e.transient && e.willRetry)).toBe(true);
    expect(await storedRows(store, org)).toHaveLength(1500);
    await expectChainHolds(org, acknowledged);
  });

  it('sync: connections killed during load; what resolved is stored, what failed was rejected with AuditWriteError', async () => {
    const applicationName = uniqueName('ghkill');
    const victim = await openStore({ url: databaseUrl(), schema: store.schema, applicationName, poolSize: 4 });
    const org = uniqueName('org');
    const writer = await createAuditWriter(victim, { auditSecret: AUDIT_SECRET, mode: 'sync', retry: FAST_RETRY });
    const kills = startKilling(applicationName, 10);
    const settled: PromiseSettledResult<void>[] = [];
    const decisions = Array.from({ length: 300 }, () => makeDecision(org));
    try {
      for (let wave = 0; wave < decisions.length; wave += 20) {
        settled.push(...(await Promise.allSettled(decisions.slice(wave, wave + 20).map((d) => writer.record(d)))));
      }
    } finally {
      await kills.stop();
      await writer.close();
      await victim.close();
    }
    const acknowledged = decisions.filter((_, i) => settled[i]!.status === 'fulfilled').map((d) => d.decisionId);
    const reasons = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    for (const reason of reasons) expect(reason).toBeInstanceOf(AuditWriteError);
    expect(reasons.every((r) => (r as AuditWriteError).transient)).toBe(true);
    expect(acknowledged.length + reasons.length).toBe(300);
    await expectChainHolds(org, acknowledged);
  });

  describe('with the database unreachable', () => {
    let proxy: TcpProxy;
    let proxied: GatehouseStore;
    beforeAll(async () => {
      const url = new URL(databaseUrl());
      proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      url.port = String(proxy.port);
      proxied = await openStore({ url: url.toString(), schema: store.schema, connectTimeoutMs: 2000 });
    });
    afterAll(async () => {
      await proxy?.up().catch(() => undefined);
      await proxied?.close();
      await proxy?.close();
    });

    it('buffered: records queue within the bound, overflow fails closed, and all are written once it is back', async () => {
      const org = uniqueName('org');
      const writer: AuditWriter = await createAuditWriter(proxied, {
        auditSecret: AUDIT_SECRET, maxQueue: 40, maxBatchSize: 10, overflow: 'fail_closed', flushIntervalMs: 1, retry: FAST_RETRY,
      });
      const acknowledged: string[] = [];
      for (let i = 0; i < 5; i++) {
        const d = makeDecision(org);
        await writer.record(d);
        acknowledged.push(d.decisionId);
      }
      await writer.flush();
      await proxy.down();
      try {
        for (let i = 0; i < 40; i++) {
          const d = makeDecision(org);
          await writer.record(d);
          acknowledged.push(d.decisionId);
        }
        await expect(writer.record(makeDecision(org))).rejects.toBeInstanceOf(AuditQueueFullError);
        await vi.waitFor(() => expect(writer.counters.retries).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
        expect(writer.counters).toMatchObject({ queued: 40, written: 5, failed: 0, rejected: 1 });
      } finally {
        await proxy.up();
      }
      await writer.close();
      expect(writer.counters).toMatchObject({ queued: 0, written: 45, failed: 0 });
      await expectChainHolds(org, acknowledged);
    });

    it('sync: record() rejects at once with a transient AuditWriteError, so the caller can fail closed', async () => {
      const org = uniqueName('org');
      const writer = await createAuditWriter(proxied, { auditSecret: AUDIT_SECRET, mode: 'sync', retry: FAST_RETRY });
      await proxy.down();
      let error: unknown;
      const lost = makeDecision(org);
      try {
        error = await writer.record(lost).catch((e: unknown) => e);
      } finally {
        await proxy.up();
      }
      expect(error).toBeInstanceOf(AuditWriteError);
      expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED', transient: true, willRetry: false });
      expect(writer.counters).toMatchObject({ failed: 1, retries: 0 });
      const later = makeDecision(org);
      await writer.record(later);
      await writer.close();
      expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual([later.decisionId]);
      await expectChainHolds(org, [later.decisionId]);
    });

    it('at start: a writer over an unreachable database fails with StoreUnavailableError', async () => {
      await proxy.down();
      try {
        const error = await createAuditWriter(proxied, { auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toMatch(/Is the database up\?/);
      } finally {
        await proxy.up();
      }
      const error = await openStore({ url: `postgres://postgres@127.0.0.1:1/test`, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
    });
  });
});
