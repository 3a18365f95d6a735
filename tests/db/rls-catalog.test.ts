import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_TABLES, type GatehouseStore } from '../../src/tenancy/index.js';
import { backend, openTestStore, type TestStore } from './helpers/test-store.js';

/** Every ordinary or partitioned table in the schema, with its two RLS flags. */
async function tablesLackingForcedRls(store: GatehouseStore): Promise<{ all: string[]; lacking: string[] }> {
  const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
    select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${store.schema} and c.relkind in ('r', 'p')
     order by c.relname`.execute(store.admin);
  return {
    all: rows.map((row) => row.relname),
    lacking: rows.filter((row) => !(row.relrowsecurity && row.relforcerowsecurity)).map((row) => row.relname),
  };
}

describe(`row-level security catalog (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  it('every table in the schema has row-level security enabled and forced', async () => {
    const { all, lacking } = await tablesLackingForcedRls(store);
    expect(all).toEqual(expect.arrayContaining([...TENANT_TABLES, 'gatehouse_migrations']));
    expect(lacking).toEqual([]);
  });

  it('the catalog check reports a new table that skips FORCE (or RLS altogether)', async () => {
    const schema = `"${store.schema}"`;
    await sql.raw(`create table ${schema}.forgot_rls (org_id text); create table ${schema}.forgot_force (org_id text);
                   alter table ${schema}.forgot_force enable row level security`).execute(store.admin);
    try {
      expect((await tablesLackingForcedRls(store)).lacking).toEqual(['forgot_force', 'forgot_rls']);
    } finally {
      await sql.raw(`drop table ${schema}.forgot_rls, ${schema}.forgot_force`).execute(store.admin);
    }
  });

  it('every customer table has an org_id column and the tenant policy for all commands', async () => {
    const { rows: columns } = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
       where table_schema = ${store.schema} and column_name = 'org_id' order by table_name`.execute(store.admin);
    expect(columns.map((c) => c.table_name).sort()).toEqual([...TENANT_TABLES].sort());

    const { rows: policies } = await sql<{ tablename: string; policyname: string; cmd: string; roles: string[] | string; qual: string; with_check: string }>`
      select tablename, policyname, cmd, roles, qual, with_check from pg_policies where schemaname = ${store.schema}`.execute(store.admin);
    expect(policies.map((p) => p.tablename).sort()).toEqual([...TENANT_TABLES].sort());
    for (const policy of policies) {
      expect(policy.policyname).toBe('tenant_isolation');
      expect(policy.cmd).toBe('ALL');
      expect(String(policy.roles)).toContain('public');
      const expected = "(org_id)::text = current_setting('app.current_org_id'::text, true)";
      expect(policy.qual).toContain(expected);
      expect(policy.with_check).toContain(expected);
    }
  });

  it('only the platform admin role can bypass row-level security', async () => {
    const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
      select rolname, rolsuper, rolbypassrls from pg_roles where rolname in (${store.roles.app}, ${store.roles.owner}, ${store.roles.admin})
       order by rolname`.execute(store.admin);
    const byName = Object.fromEntries(rows.map((r) => [r.rolname, r]));
    expect(byName[store.roles.app]).toMatchObject({ rolsuper: false, rolbypassrls: false });
    expect(byName[store.roles.owner]).toMatchObject({ rolsuper: false, rolbypassrls: false });
    expect(byName[store.roles.admin]).toMatchObject({ rolsuper: false, rolbypassrls: true });
  });

  it('the tables belong to the owner role, not to the migrating superuser', async () => {
    const { rows } = await sql<{ relname: string; owner: string }>`
      select c.relname, pg_get_userbyid(c.relowner) as owner
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${store.schema} and c.relkind = 'r' and c.relname <> 'gatehouse_migrations'`.execute(store.admin);
    expect(rows.length).toBe(TENANT_TABLES.length);
    for (const row of rows) expect(row.owner).toBe(store.roles.owner);
  });
});
