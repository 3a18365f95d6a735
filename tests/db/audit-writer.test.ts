import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import {
  AuditFlushTimeoutError,
  AuditQueueFullError,
  AuditSchemaMissingError,
  AuditWriteError,
  AuditWriterClosedError,
  createAuditWriter,
  InvalidAuditRecordError,
  verifyChain,
} from '../../src/audit/index.js';
import { InvalidOptionError } from '../../src/errors.js';
import { StoreUnavailableError } from '../../src/tenancy/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';
import { AUDIT_SECRET, asSuperuser, holdChainLock, makeDecision, qs, storedRows, testWriter } from './helpers/audit-fixtures.js';

/** Lets timers and I/O callbacks run, so that a promise that should stay pending had its chance. */
const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`audit writer (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  describe('batching', () => {
    it('writes at most maxBatchSize records per transaction', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { maxBatchSize: 10, flushIntervalMs: 60_000 });
      for (let i = 0; i < 25; i++) await writer.record(makeDecision(org));
      await vi.waitFor(() => expect(writer.counters.written).toBe(25), { timeout: 10_000 });
      expect(writer.counters.batches).toBe(3);
      await writer.close();
      expect(await verifyChain(store, org)).toMatchObject({ valid: true, checked: 25 });
    });

    it('keeps record() order and a valid chain over many back-to-back batches, each computed while the last one is written', async () => {
      const [a, b] = [uniqueName('org-a'), uniqueName('org-b')];
      const writer = await testWriter(store, { maxBatchSize: 50, maxQueue: 200 });
      // Mostly org a, with org b interleaved, so that batches hold one org or both.
      const decisions = Array.from({ length: 1200 }, (_, i) => makeDecision(i % 7 === 3 ? b : a));
      for (const d of decisions) await writer.record(d);
      await writer.close();
      expect(writer.counters).toMatchObject({ written: 1200, failed: 0, duplicates: 0 });
      for (const org of [a, b]) {
        expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(decisions.filter((d) => d.identity.orgId === org).map((d) => d.decisionId));
        expect((await verifyChain(store, org)).valid).toBe(true);
      }
    });

    it('writes a partial batch once flushIntervalMs has passed, without flush()', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { maxBatchSize: 100, flushIntervalMs: 20 });
      for (let i = 0; i < 3; i++) await writer.record(makeDecision(org));
      expect(writer.counters).toMatchObject({ queued: 3, written: 0 });
      await vi.waitFor(() => expect(writer.counters.written).toBe(3), { timeout: 10_000 });
      expect(writer.counters).toMatchObject({ queued: 0, batches: 1 });
      await writer.close();
    });

    it('splits a batch by org, one chain per org, in record() order', async () => {
      const [a, b] = [uniqueName('org-a'), uniqueName('org-b')];
      const writer = await testWriter(store);
      const decisions = Array.from({ length: 20 }, (_, i) => makeDecision(i % 2 ? a : b));
      for (const d of decisions) await writer.record(d);
      await writer.flush();
      expect((await storedRows(store, a)).map((r) => r.decision_id)).toEqual(decisions.filter((_, i) => i % 2).map((d) => d.decisionId));
      expect((await storedRows(store, b)).map((r) => r.decision_id)).toEqual(decisions.filter((_, i) => !(i % 2)).map((d) => d.decisionId));
      await writer.close();
    });
  });

  describe('sync mode', () => {
    it('record() resolves only after the commit: the row is there when it returns', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { mode: 'sync' });
      const decision = makeDecision(org);
      await writer.record(decision);
      expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual([decision.decisionId]);
      await writer.close();
    });

    it('batches concurrent callers into one transaction', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { mode: 'sync' });
      await Promise.all(Array.from({ length: 20 }, () => writer.record(makeDecision(org))));
      expect(writer.counters).toMatchObject({ written: 20, batches: 1, queued: 0 });
      await writer.close();
    });

    it('does not resolve while the chain is locked by another transaction', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { mode: 'sync' });
      const lock = await holdChainLock(store, org);
      let settled = false;
      const pending = writer.record(makeDecision(org)).finally(() => (settled = true));
      await tick(50);
      expect(settled).toBe(false);
      await lock.release();
      await pending;
      expect(writer.counters.written).toBe(1);
      await writer.close();
    });
  });

  describe('bounded queue', () => {
    it("'fail_closed' rejects with AuditQueueFullError once maxQueue records wait, and drops nothing it accepted", async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { maxQueue: 4, maxBatchSize: 2, overflow: 'fail_closed' });
      const lock = await holdChainLock(store, org);
      const accepted = Array.from({ length: 4 }, () => makeDecision(org));
      for (const d of accepted) await writer.record(d);
      const refused = makeDecision(org);
      const error = await writer.record(refused).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditQueueFullError);
      expect(error).toMatchObject({ code: 'AUDIT_QUEUE_FULL', maxQueue: 4 });
      expect(writer.counters).toMatchObject({ queued: 4, rejected: 1 });
      await lock.release();
      await writer.close();
      expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(accepted.map((d) => d.decisionId));
    });

    it("'block' makes record() wait for room, then writes everything", async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { maxQueue: 4, maxBatchSize: 2, overflow: 'block' });
      const lock = await holdChainLock(store, org);
      for (let i = 0; i < 4; i++) await writer.record(makeDecision(org));
      let admitted = false;
      const fifth = writer.record(makeDecision(org)).then(() => (admitted = true));
      await tick(50);
      expect(admitted).toBe(false);
      expect(writer.counters.queued).toBe(5);
      await lock.release();
      await fifth;
      await writer.close();
      expect(writer.counters).toMatchObject({ written: 5, failed: 0, rejected: 0 });
      expect((await verifyChain(store, org)).checked).toBe(5);
    });
  });

  describe('flush and close', () => {
    it('close() drains the queue; record() after close() rejects with AuditWriterClosedError', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store, { flushIntervalMs: 60_000 });
      for (let i = 0; i < 7; i++) await writer.record(makeDecision(org));
      await writer.close();
      expect(writer.closed).toBe(true);
      expect(writer.counters).toMatchObject({ written: 7, queued: 0 });
      await expect(writer.record(makeDecision(org))).rejects.toBeInstanceOf(AuditWriterClosedError);
      expect(writer.counters.rejected).toBe(1);
    });

    it('close({ timeoutMs }) gives up on what it cannot write, says how many, and reports them as failed', async () => {
      const org = uniqueName('org');
      const errors: AuditWriteError[] = [];
      const writer = await testWriter(store, { maxBatchSize: 2, onError: (e) => errors.push(e) });
      const lock = await holdChainLock(store, org);
      for (let i = 0; i < 6; i++) await writer.record(makeDecision(org));
      const error = await writer.close({ timeoutMs: 30 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditFlushTimeoutError);
      expect(error).toMatchObject({ code: 'AUDIT_FLUSH_TIMEOUT', unwritten: 6 });
      expect(writer.counters.failed).toBe(4); // dropped from the queue; 2 were in flight
      expect(errors.some((e) => !e.willRetry && e.records === 4)).toBe(true);
      await lock.release();
      await vi.waitFor(() => expect(writer.counters.written).toBe(2), { timeout: 10_000 });
      expect((await verifyChain(store, org)).valid).toBe(true);
    });

    it('flush() resolves at once when nothing is queued', async () => {
      const writer = await testWriter(store);
      await writer.flush();
      expect(writer.counters.batches).toBe(0);
      await writer.close();
    });
  });

  describe('bad input and failures', () => {
    it('rejects an unusable decision with InvalidAuditRecordError, without queueing it', async () => {
      const writer = await testWriter(store);
      const bad = { ...makeDecision('acme'), identity: { orgId: null, clientId: null, userId: null } };
      await expect(writer.record(bad)).rejects.toBeInstanceOf(InvalidAuditRecordError);
      expect(writer.counters.queued).toBe(0);
      await writer.close();
    });

    it('stores every column exactly as recorded: quotes, backslashes, control characters, emoji, JSON-like and long text', async () => {
      const org = uniqueName('org');
      const texts = ['say "hi" \\ \'there\'', 'tab\tline\nreturn\r\u0001\u001f', 'emoji 😀 ü ß 中文 \u2028', '{"not":"json column"}', 'x'.repeat(5000), '\\x00ff'];
      const writer = await testWriter(store, { storeRedactedText: true });
      const decisions = texts.map((text, i) =>
        makeDecision(org, { verdict: i % 2 ? 'redact' : 'allow', userId: text.slice(0, 100), clientId: i % 3 ? text.slice(0, 50) : null, traceId: text.slice(0, 64), redactedText: text }),
      );
      for (const decision of decisions) await writer.record(decision, { durationUs: 1234 });
      await writer.close();
      const { rows } = await sql<{ user_id: string; client_id: string | null; trace_id: string; redacted_text: string; evaluated_policies: unknown; finding_counts: unknown; duration_us: string | number; created_at: Date }>`
        select user_id, client_id, trace_id, redacted_text, evaluated_policies, finding_counts, duration_us, created_at
        from ${sql.raw(qs(store))}.decisions where org_id = ${org} order by seq`.execute(store.admin);
      expect(rows).toHaveLength(texts.length);
      rows.forEach((row, i) => {
        const decision = decisions[i]!;
        expect(row).toMatchObject({ user_id: decision.identity.userId, client_id: decision.identity.clientId, trace_id: decision.traceId, redacted_text: texts[i] });
        expect(row.evaluated_policies).toEqual(decision.evaluatedPolicies);
        expect(row.finding_counts).toEqual(i % 2 ? { credit_card: 1 } : {});
        expect(Number(row.duration_us)).toBe(1234);
        expect(new Date(row.created_at).toISOString()).toBe(decision.timestamp);
      });
      expect(await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, checked: texts.length });
    });

    it('records the same decision once, however often it is recorded', async () => {
      const org = uniqueName('org');
      const writer = await testWriter(store);
      const decision = makeDecision(org);
      await writer.record(decision);
      await writer.record(decision);
      await writer.flush();
      await writer.record(decision);
      await writer.close();
      expect(writer.counters).toMatchObject({ written: 1, duplicates: 2, failed: 0 });
      expect(await storedRows(store, org)).toHaveLength(1);
    });

    it('a record the database rejects fails alone: the rest of its batch is written (buffered)', async () => {
      const org = uniqueName('org');
      await asSuperuser(store, `alter table ${qs(store)}.decisions add constraint test_no_poison check (trace_id is distinct from 'poison')`);
      try {
        const errors: AuditWriteError[] = [];
        const writer = await testWriter(store, { onError: (e) => errors.push(e), flushIntervalMs: 60_000 });
        const decisions = Array.from({ length: 8 }, (_, i) => makeDecision(org, { traceId: i === 5 ? 'poison' : `t${i}` }));
        for (const d of decisions) await writer.record(d);
        await writer.close();
        expect(writer.counters).toMatchObject({ written: 7, failed: 1 });
        expect(errors.filter((e) => !e.willRetry)).toEqual([expect.objectContaining({ code: 'AUDIT_WRITE_FAILED', transient: false, records: 1 })]);
        expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(decisions.filter((_, i) => i !== 5).map((d) => d.decisionId));
        expect((await verifyChain(store, org)).valid).toBe(true);
      } finally {
        await asSuperuser(store, `alter table ${qs(store)}.decisions drop constraint test_no_poison`);
      }
    });

    it('in sync mode the rejected record\'s caller gets AuditWriteError; the others resolve', async () => {
      const org = uniqueName('org');
      await asSuperuser(store, `alter table ${qs(store)}.decisions add constraint test_no_poison2 check (trace_id is distinct from 'poison')`);
      try {
        const writer = await testWriter(store, { mode: 'sync' });
        const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => writer.record(makeDecision(org, { traceId: i === 2 ? 'poison' : `t${i}` }))));
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(AuditWriteError);
        await writer.close();
      } finally {
        await asSuperuser(store, `alter table ${qs(store)}.decisions drop constraint test_no_poison2`);
      }
    });

    it('retries a serialization failure with backoff, in both modes', async () => {
      const s = qs(store);
      await asSuperuser(store, `
        create sequence ${s}.test_flaky_seq;
        create function ${s}.test_flaky() returns trigger language plpgsql security definer as $$
        begin
          -- nextval is not rolled back with the failing transaction: the first two attempts fail.
          if nextval('${s}.test_flaky_seq') % 3 <> 0 then
            raise exception 'simulated serialization failure' using errcode = '40001';
          end if;
          return null;
        end $$;
        create trigger test_flaky before insert on ${s}.decisions for each statement execute function ${s}.test_flaky();`);
      try {
        for (const mode of ['buffered', 'sync'] as const) {
          const org = uniqueName('org');
          const errors: AuditWriteError[] = [];
          const writer = await testWriter(store, { mode, onError: (e) => errors.push(e) });
          await writer.record(makeDecision(org));
          await writer.close();
          expect(writer.counters).toMatchObject({ written: 1, retries: 2, failed: 0 });
          expect(errors.map((e) => [e.transient, e.willRetry])).toEqual([[true, true], [true, true]]);
          expect((errors[0]!.cause as { code?: string }).code).toBe('40001');
        }
      } finally {
        await asSuperuser(store, `drop trigger test_flaky on ${s}.decisions; drop function ${s}.test_flaky(); drop sequence ${s}.test_flaky_seq;`);
      }
    });

    it('gives up on a conflict after retry.maxAttempts in sync mode, and says so', async () => {
      const s = qs(store);
      await asSuperuser(store, `
        create function ${s}.test_always_conflict() returns trigger language plpgsql as $$
        begin raise exception 'simulated deadlock' using errcode = '40P01'; end $$;
        create trigger test_always_conflict before insert on ${s}.decisions for each statement execute function ${s}.test_always_conflict();`);
      try {
        const writer = await testWriter(store, { mode: 'sync', retry: { maxAttempts: 2, baseDelayMs: 1 } });
        const error = await writer.record(makeDecision(uniqueName('org'))).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuditWriteError);
        expect(error).toMatchObject({ transient: true, willRetry: false, attempt: 2 });
        expect(writer.counters).toMatchObject({ retries: 1, failed: 1, written: 0 });
        await writer.close();
      } finally {
        await asSuperuser(store, `drop trigger test_always_conflict on ${s}.decisions; drop function ${s}.test_always_conflict();`);
      }
    });
  });

  describe('start-up', () => {
    it('needs an audit secret of 32+ bytes and sane limits', async () => {
      await expect(createAuditWriter(store, {} as never)).rejects.toBeInstanceOf(InvalidOptionError);
      await expect(createAuditWriter(store, { auditSecret: 'short' })).rejects.toThrow(/at least 32 bytes/);
      await expect(createAuditWriter(store, { auditSecret: AUDIT_SECRET, maxQueue: 10, maxBatchSize: 20 })).rejects.toThrow(/maxQueue/);
      await expect(createAuditWriter(store, { auditSecret: AUDIT_SECRET, overflow: 'drop' as never })).rejects.toThrow(/'block' or 'fail_closed'/);
    });

    it('refuses a schema without the audit migration: AuditSchemaMissingError says to migrate', async () => {
      const bare = await openTestStore({ migrate: false });
      try {
        await sql.raw(`create schema "${bare.schema}"`).execute(bare.admin);
        const error = await createAuditWriter(bare, { auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuditSchemaMissingError);
        expect((error as Error).message).toMatch(/Run migrate\(store\)/);
      } finally {
        await bare.dispose();
      }
    });

    it('refuses a closed store with StoreUnavailableError', async () => {
      const other = await openTestStore({ schema: store.schema, migrate: false });
      await other.close();
      await expect(createAuditWriter(other, { auditSecret: AUDIT_SECRET })).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
});
