import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/tenancy/index.js';
import { seedOrg } from './helpers/seed.js';
import { backend, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';

const PERMISSION_DENIED = '42501';

describe(`what the app role may do (${backend})`, () => {
  let store: TestStore;
  const org = uniqueName('org');

  beforeAll(async () => {
    store = await openTestStore();
    await seedOrg(store, org, 1);
  });
  afterAll(() => store.dispose());

  it('requests run as the app role, in and out of a tenant transaction', async () => {
    const who = sql<{ u: string }>`select current_user::text as u`;
    expect((await who.execute(store.app)).rows[0]?.u).toBe(store.roles.app);
    expect(await withTenant(store, org, async (trx) => (await who.execute(trx)).rows[0]?.u)).toBe(store.roles.app);
  });

  it('can append to decisions and approval_events, and read them back', async () => {
    await withTenant(store, org, async (trx) => {
      await trx.insertInto('decisions').values({ org_id: org, seq: 2, decision_id: randomUUID(), stage: 'output', verdict: 'deny', hash: new Uint8Array(32) }).execute();
      const approval = await trx.selectFrom('approvals').select('approval_id').executeTakeFirstOrThrow();
      await trx.insertInto('approval_events').values({ org_id: org, approval_id: approval.approval_id, event: 'approved', actor: 'u1' }).execute();
      expect(await trx.selectFrom('decisions').select('seq').orderBy('seq').execute()).toEqual([{ seq: 1 }, { seq: 2 }]);
      expect(await trx.selectFrom('approval_events').select('event').orderBy('event_id').execute()).toEqual([{ event: 'requested' }, { event: 'approved' }]);
    });
  });

  it.each(['decisions', 'approval_events'] as const)('cannot UPDATE, DELETE or TRUNCATE %s, even its own org rows', async (table) => {
    const update = withTenant(store, org, (trx) => trx.updateTable(table).set({ org_id: org }).execute());
    expect(await sqlStateOf(update)).toBe(PERMISSION_DENIED);
    const remove = withTenant(store, org, (trx) => trx.deleteFrom(table).execute());
    expect(await sqlStateOf(remove)).toBe(PERMISSION_DENIED);
    const truncate = withTenant(store, org, (trx) => sql.raw(`truncate "${store.schema}".${table}`).execute(trx));
    expect(await sqlStateOf(truncate)).toBe(PERMISSION_DENIED);
    const count = await withTenant(store, org, (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
    expect(count.n).toBe(2);
  });

  it('can change its own approvals and breakers', async () => {
    await withTenant(store, org, async (trx) => {
      const approvals = await trx.updateTable('approvals').set({ status: 'approved', decided_by: 'u1' }).executeTakeFirst();
      expect(approvals.numUpdatedRows).toBe(1n);
      const breakers = await trx.deleteFrom('breakers').executeTakeFirst();
      expect(breakers.numDeletedRows).toBe(1n);
    });
  });

  it('cannot read the migrations table, create tables, or change the schema', async () => {
    const s = `"${store.schema}"`;
    expect(await sqlStateOf(sql.raw(`select * from ${s}.gatehouse_migrations`).execute(store.app))).toBe(PERMISSION_DENIED);
    expect(await sqlStateOf(sql.raw(`create table ${s}.sneaky (x int)`).execute(store.app))).toBe(PERMISSION_DENIED);
    // Only the owner may alter a table (SQLSTATE 42501, "must be owner").
    expect(await sqlStateOf(sql.raw(`alter table ${s}.decisions disable row level security`).execute(store.app))).toBe(PERMISSION_DENIED);
  });

  it('holds exactly the table privileges the migration grants', async () => {
    const { rows } = await sql<{ table_name: string; privilege_type: string }>`
      select table_name, privilege_type from information_schema.role_table_grants
       where grantee = ${store.roles.app} and table_schema = ${store.schema}
       order by table_name, privilege_type`.execute(store.admin);
    const grants: Record<string, string[]> = {};
    for (const row of rows) (grants[row.table_name] ??= []).push(row.privilege_type);
    expect(grants).toEqual({
      api_keys: ['INSERT', 'SELECT', 'UPDATE'],
      approval_events: ['INSERT', 'SELECT'],
      // Column-level INSERT(org_id) and UPDATE(last_seq, last_hash) do not show as table grants.
      audit_chains: ['SELECT'],
      breaker_events: ['INSERT', 'SELECT'],
      approvals: ['INSERT', 'SELECT', 'UPDATE'],
      breakers: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      credentials: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      decisions: ['INSERT', 'SELECT'],
      policies: ['INSERT', 'SELECT', 'UPDATE'],
      role_bindings: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      roles: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
    });
  });
});
