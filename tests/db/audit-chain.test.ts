import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createAuditWriter, toAuditRecord, verifyChain } from '../../src/audit/index.js';
import { appendRecords, prepareAppend } from '../../src/audit/append-records.js';
import { openStore, withTenant } from '../../src/tenancy/index.js';
import { asRole, backend, databaseUrl, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';
import { AUDIT_SECRET, asSuperuser, makeDecision, qs, storedRows, writeDecisions } from './helpers/audit-fixtures.js';

describe(`audit hash chain (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  /** A fresh org with `n` records written through the writer. */
  async function orgWith(n: number): Promise<string> {
    const org = uniqueName('org');
    await writeDecisions(store, org, n, (i) => ({ verdict: i % 3 === 0 ? 'deny' : 'allow', userId: `user-${i % 4}` }));
    return org;
  }

  it('numbers each org\'s records 1..n and links each to the previous hash', async () => {
    const org = await orgWith(12);
    const other = await orgWith(3);
    const result = await verifyChain(store, org, { auditSecret: AUDIT_SECRET });
    expect(result).toMatchObject({ valid: true, checked: 12, lastSeq: 12, anchorSeq: 0, problems: [] });
    expect((await storedRows(store, org)).map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await verifyChain(store, other)).checked).toBe(3);
    const { rows } = await sql<{ seq: number; prev: string | null; hash: string }>`
      select seq, encode(prev_hash, 'hex') as prev, encode(hash, 'hex') as hash from ${sql.raw(qs(store))}.decisions where org_id = ${org} order by seq`.execute(store.admin);
    expect(rows[0]!.prev).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev).toBe(rows[i - 1]!.hash);
    expect(result.lastHash).toBe(rows[11]!.hash);
  });

  it('an empty org has a valid, empty chain', async () => {
    expect(await verifyChain(store, uniqueName('nobody'))).toMatchObject({ valid: true, checked: 0, lastSeq: 0, lastHash: null });
  });

  it('detects a changed field', async () => {
    const org = await orgWith(6);
    await asSuperuser(store, `update ${qs(store)}.decisions set verdict = 'allow' where org_id = '${org}' and seq = 4`);
    const result = await verifyChain(store, org);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 4, kind: 'hash_mismatch' })]);
  });

  it('detects a deleted record in the middle', async () => {
    const org = await orgWith(6);
    await asSuperuser(store, `delete from ${qs(store)}.decisions where org_id = '${org}' and seq = 3`);
    const result = await verifyChain(store, org);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 4, kind: 'gap' })]);
  });

  it('detects deleted records at the end, through the chain head', async () => {
    const org = await orgWith(6);
    await asSuperuser(store, `delete from ${qs(store)}.decisions where org_id = '${org}' and seq >= 5`);
    const result = await verifyChain(store, org);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'head_mismatch' })]);
    expect(result.problems[0]!.message).toMatch(/ends at seq 6, but the last record is seq 4/);
  });

  it('detects two records swapped (content exchanged between seqs)', async () => {
    const org = await orgWith(6);
    const s = qs(store);
    await asSuperuser(store, `
      update ${s}.decisions set seq = -1 where org_id = '${org}' and seq = 2;
      update ${s}.decisions set seq = 2 where org_id = '${org}' and seq = 3;
      update ${s}.decisions set seq = 3 where org_id = '${org}' and seq = -1;`.replaceAll('seq = -1', 'seq = 1000000'));
    const result = await verifyChain(store, org);
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual(expect.arrayContaining([[2, 'prev_hash_mismatch'], [2, 'hash_mismatch'], [3, 'hash_mismatch']]));
  });

  it('detects a whole record rewritten with a fresh, self-consistent hash (the next one no longer links)', async () => {
    const org = await orgWith(5);
    // Someone recomputes seq 2's hash after editing it, but cannot rewrite the records after it unnoticed.
    await asSuperuser(store, `update ${qs(store)}.decisions set hash = sha256(hash) where org_id = '${org}' and seq = 2`);
    const result = await verifyChain(store, org);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[2, 'hash_mismatch'], [3, 'prev_hash_mismatch']]);
  });

  it('detects a record inserted beyond the head by hand', async () => {
    const org = await orgWith(2);
    const s = qs(store);
    await asSuperuser(store, `insert into ${s}.decisions (org_id, seq, decision_id, stage, verdict, hash)
      values ('${org}', 3, gen_random_uuid(), 'input', 'allow', '\\x00')`);
    const result = await verifyChain(store, org);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'beyond_head' })]);
  });

  it('with the audit secret, detects a user id changed without its digest (the chain covers the digest)', async () => {
    const org = await orgWith(3);
    await asSuperuser(store, `update ${qs(store)}.decisions set user_id = 'someone-else' where org_id = '${org}' and seq = 2`);
    expect((await verifyChain(store, org)).valid).toBe(true);
    const keyed = await verifyChain(store, org, { auditSecret: AUDIT_SECRET });
    expect(keyed.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'digest_mismatch' })]);
  });

  it('rows computed ahead for a head that has moved on are computed again under the lock; for the current head they are used', async () => {
    const org = uniqueName('org');
    const records = Array.from({ length: 7 }, () => toAuditRecord(makeDecision(org), { keys: AUDIT_SECRET }));
    const append = (batch: typeof records, prepared?: ReturnType<typeof prepareAppend>) =>
      withTenant(store, org, (trx) => appendRecords(trx, store.schema, org, batch, { prepared }));
    const first = await append(records.slice(0, 2));
    const stale = prepareAppend(org, records.slice(2, 4), first.head);
    const other = await append(records.slice(4, 5)); // another writer moves the head first
    const late = await append(records.slice(2, 4), stale);
    expect(late.head.lastSeq).toBe(5);
    expect(late.head.lastHash).not.toEqual(stale.head.lastHash);
    const current = prepareAppend(org, records.slice(5), late.head);
    const ahead = await append(records.slice(5), current);
    expect(ahead).toMatchObject({ inserted: 2, head: current.head });
    const order = [0, 1, 4, 2, 3, 5, 6].map((i) => records[i]!.decisionId);
    expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(order);
    expect(other.head.lastSeq).toBe(3);
    expect(await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, checked: 7, lastSeq: 7 });
  });

  it('concurrent writers of one org never fork the chain', async () => {
    const org = uniqueName('org');
    // On PostgreSQL, separate stores: separate pools, as separate processes would have.
    const stores = backend === 'postgres'
      ? await Promise.all([0, 1, 2].map(() => openStore({ url: databaseUrl(), schema: store.schema })))
      : [store, store, store];
    try {
      const writers = await Promise.all(stores.map((s) => createAuditWriter(s, { auditSecret: AUDIT_SECRET, maxBatchSize: 7, flushIntervalMs: 1 })));
      const decisions = Array.from({ length: 3 * 60 }, () => makeDecision(org));
      await Promise.all(writers.map(async (writer, w) => {
        for (let i = w; i < decisions.length; i += 3) await writer.record(decisions[i]!);
        await writer.close();
      }));
      expect(writers.reduce((n, w) => n + w.counters.written, 0)).toBe(decisions.length);
      const rows = await storedRows(store, org);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: decisions.length }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.decision_id))).toEqual(new Set(decisions.map((d) => d.decisionId)));
      expect((await verifyChain(store, org, { pageSize: 50 })).valid).toBe(true);
    } finally {
      if (backend === 'postgres') await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('the app role cannot move the retention anchor or lift a legal hold, nor rewrite records', async () => {
    const org = await orgWith(1);
    const s = qs(store);
    const app = store.roles.app;
    for (const statement of [
      `update ${s}.audit_chains set anchor_seq = 1`,
      `update ${s}.audit_chains set legal_hold = false`,
      `update ${s}.decisions set verdict = 'allow'`,
      `delete from ${s}.decisions`,
      `delete from ${s}.audit_chains`,
    ]) {
      expect(await sqlStateOf(asRole(store, app, org, (trx) => sql.raw(statement).execute(trx)))).toBe('42501');
    }
    // It may advance its own head (the writer does), but only its own org's.
    const moved = await asRole(store, app, uniqueName('intruder'), (trx) => sql.raw(`update ${s}.audit_chains set last_seq = last_seq where org_id = '${org}'`).execute(trx));
    expect(moved.numAffectedRows).toBe(0n);
  });
});
