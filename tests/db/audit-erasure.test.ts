import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditKeys, ERASURE_PLAN, eraseSubject, ErasurePlanIncompleteError, queryAuditRecords, verifyChain } from '../../src/audit/index.js';
import { InvalidOptionError } from '../../src/errors.js';
import { TENANT_TABLES, withTenant, type GatehouseStore, type TenantTransaction } from '../../src/tenancy/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';
import { AUDIT_SECRET, qs, storedRows, writeDecisions } from './helpers/audit-fixtures.js';

const SUBJECT = 'subject-ana';
const OTHER = 'colleague-bo';

/** The schema's customer tables (those with org_id), as the database has them. */
async function customerTables(store: GatehouseStore): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.columns
    where table_schema = ${store.schema} and column_name = 'org_id' order by 1`.execute(store.admin);
  return rows.map((r) => r.table_name);
}

async function hasColumn(store: GatehouseStore, table: string, column: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns
    where table_schema = ${store.schema} and table_name = ${table} and column_name = ${column}`.execute(store.admin);
  return rows[0]!.n === 1;
}

/** Approvals, events, role bindings and a policy that mention the subject and a colleague. */
async function seedCustomerData(trx: TenantTransaction, orgId: string): Promise<void> {
  const mine = [randomUUID(), randomUUID()];
  const theirs = randomUUID();
  for (const id of mine) {
    await trx.insertInto('approvals').values({ org_id: orgId, approval_id: id, requested_by: SUBJECT, reason: 'needs a card number', request: JSON.stringify({ prompt: 'redacted' }) }).execute();
    await trx.insertInto('approval_events').values({ org_id: orgId, approval_id: id, event: 'requested', actor: SUBJECT }).execute();
  }
  await trx.insertInto('approvals').values({ org_id: orgId, approval_id: theirs, requested_by: OTHER, decided_by: SUBJECT, status: 'approved' }).execute();
  await trx.insertInto('approval_events').values({ org_id: orgId, approval_id: theirs, event: 'requested', actor: OTHER }).execute();
  await trx.insertInto('approval_events').values({ org_id: orgId, approval_id: theirs, event: 'approved', actor: SUBJECT }).execute();
  await trx.insertInto('roles').values({ org_id: orgId, role_name: 'approver' }).execute();
  await trx.insertInto('role_bindings').values([{ org_id: orgId, role_name: 'approver', subject_id: SUBJECT }, { org_id: orgId, role_name: 'approver', subject_id: OTHER }]).execute();
  await trx.insertInto('policies').values({ org_id: orgId, policy_set_id: 'default', version: 1, document: '{}', created_by: SUBJECT }).execute();
  await trx.insertInto('api_keys').values({ org_id: orgId, key_id: 'k1', name: 'ci', key_hash: new Uint8Array([1]) }).execute();
}

/** Rows of each table of the org whose JSON form mentions `needle` anywhere, as the superuser sees them. */
async function mentions(store: TestStore, orgId: string, needle: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await customerTables(store)) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(`${qs(store)}.${table}`)} t
      where t.org_id = ${orgId} and row_to_json(t)::text like ${`%${needle}%`}`.execute(store.admin);
    if (rows[0]!.n > 0) counts[table] = rows[0]!.n;
  }
  return counts;
}

describe(`GDPR erasure (${backend})`, () => {
  let store: TestStore;
  const org = uniqueName('org');
  const bystander = uniqueName('bystander');
  /** Breakers say who tripped them (migration 0005), when this schema has that. */
  let breakers = false;

  beforeAll(async () => {
    store = await openTestStore();
    breakers = (await hasColumn(store, 'breakers', 'tripped_by')) && (await hasColumn(store, 'breaker_events', 'actor'));
    for (const o of [org, bystander]) {
      await writeDecisions(store, o, 9, (i) => ({ userId: i % 3 === 0 ? OTHER : SUBJECT, redactedText: `hello from ${i % 3 === 0 ? OTHER : SUBJECT}` }), { storeRedactedText: true });
      await withTenant(store, o, (trx) => seedCustomerData(trx, o));
      if (breakers) {
        await sql.raw(`insert into ${qs(store)}.breakers (org_id, breaker_key, state, reason, tripped_by) values ('${o}', 'openai', 'open', 'spend', '${SUBJECT}');
          insert into ${qs(store)}.breaker_events (org_id, scope, breaker_key, event, actor, reason) values ('${o}', 'org', 'openai', 'tripped', '${SUBJECT}', 'spend')`).execute(store.admin);
      }
    }
  });

  /** What the subject leaves in one org before erasure. */
  const footprint = () => ({ decisions: 6, approvals: 3, approval_events: 3, role_bindings: 1, policies: 1, ...(breakers ? { breakers: 1, breaker_events: 1 } : {}) });
  afterAll(() => store.dispose());

  it('the subject is everywhere before', async () => {
    expect(await mentions(store, org, SUBJECT)).toEqual(footprint());
  });

  it('removes every trace of the subject from the org, keeps the chain verifiable, and records the erasure', async () => {
    const result = await eraseSubject(store, org, { userId: SUBJECT, auditSecret: AUDIT_SECRET, requestRef: 'DSR-1187' });
    const digest = Buffer.from(createAuditKeys(AUDIT_SECRET).digest(org, 'user', SUBJECT)).toString('hex');
    expect(result).toMatchObject({ orgId: org, userDigest: digest, erasureSeq: 10 });
    // approvals: 2 of theirs deleted + 1 decided_by cleared; events: 2 actors cleared (the cascade removes the other 2).
    expect(result.rows).toEqual({ ...footprint(), breakers: breakers ? 1 : 0, api_keys: 0, credentials: 0, roles: 0, audit_chains: 0 });
    if (breakers) {
      const { rows } = await sql<{ tripped_by: string }>`select tripped_by from ${sql.raw(qs(store))}.breakers where org_id = ${org}`.execute(store.admin);
      expect(rows).toEqual([{ tripped_by: '[erased]' }]);
    }

    expect(await mentions(store, org, SUBJECT)).toEqual({});
    // The audit rows stay, with the keyed digest the chain covers.
    const rows = await storedRows(store, org);
    expect(rows).toHaveLength(10);
    const { records } = await queryAuditRecords(store, org, { limit: 20 });
    const erased = records.filter((r) => r.userId === null && r.stage === 'input');
    expect(erased).toHaveLength(6);
    for (const r of erased) {
      expect(Buffer.from(r.userDigest!).toString('hex')).toBe(digest);
      expect(r.redactedText).toBeNull();
      expect(r.textDigest).toHaveLength(32);
    }
    expect(await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, checked: 10 });
    // The erasure's own record: in the chain, the subject's digest, no raw id.
    expect(records[9]).toMatchObject({ seq: 10, stage: 'gdpr_erasure', userId: null, traceId: 'DSR-1187' });
    expect(Buffer.from(records[9]!.userDigest!).toString('hex')).toBe(digest);
  });

  it('leaves the colleague and the other org alone', async () => {
    expect(await mentions(store, org, OTHER)).toEqual({ decisions: 3, approvals: 1, approval_events: 1, role_bindings: 1 });
    expect(await mentions(store, bystander, SUBJECT)).toEqual(footprint());
    expect((await verifyChain(store, bystander, { auditSecret: AUDIT_SECRET })).valid).toBe(true);
  });

  it('erasing again finds nothing more, and is recorded again', async () => {
    const again = await eraseSubject(store, org, { userId: SUBJECT, auditSecret: AUDIT_SECRET });
    expect(Object.values(again.rows).every((n) => n === 0)).toBe(true);
    expect(again.erasureSeq).toBe(11);
    expect((await verifyChain(store, org)).valid).toBe(true);
  });

  it('rejects a missing user id or secret with typed errors', async () => {
    await expect(eraseSubject(store, org, { userId: '', auditSecret: AUDIT_SECRET })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(eraseSubject(store, org, { userId: SUBJECT } as never)).rejects.toThrow(/auditSecret/);
    await expect(eraseSubject(store, 'bad org', { userId: SUBJECT, auditSecret: AUDIT_SECRET })).rejects.toMatchObject({ code: 'INVALID_ORG_ID' });
  });

  it('the erasure plan covers every customer table, and every column that can name a person', async () => {
    const tables = await customerTables(store);
    expect(tables).toEqual(expect.arrayContaining([...TENANT_TABLES, 'audit_chains']));
    expect(Object.keys(ERASURE_PLAN)).toEqual(expect.arrayContaining(tables));
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
       where table_schema = ${store.schema} and table_name <> 'gatehouse_migrations'
         and (column_name ~ '(^|_)(user|subject|actor|person|email|owner|author)(_|$)' or column_name ~ '_by$')
         and column_name not in ('user_digest')
       order by 1, 2`.execute(store.admin);
    const personal = rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
    const covered = Object.entries(ERASURE_PLAN).flatMap(([table, steps]) => steps.map((s) => `${table}.${s.match}`)).filter((c) => tables.includes(c.split('.')[0]!));
    expect(personal).toEqual(covered.sort());
  });

  it('refuses to erase, and changes nothing, when a customer table has no plan', async () => {
    await sql.raw(`create table ${qs(store)}.side_notes (org_id text, author text)`).execute(store.admin);
    try {
      const before = await storedRows(store, bystander);
      const error = await eraseSubject(store, bystander, { userId: SUBJECT, auditSecret: AUDIT_SECRET }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErasurePlanIncompleteError);
      expect(error).toMatchObject({ code: 'AUDIT_ERASURE_PLAN_INCOMPLETE', tables: ['side_notes'] });
      expect(await storedRows(store, bystander)).toEqual(before);
      expect(await mentions(store, bystander, SUBJECT)).toEqual(footprint());
    } finally {
      await sql.raw(`drop table ${qs(store)}.side_notes`).execute(store.admin);
    }
  });
});
