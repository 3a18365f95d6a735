import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_TABLES, withPlatformAdmin, withTenant, type GatehouseDatabase } from '../../src/tenancy/index.js';
import { seedOrg, seededRows } from './helpers/seed.js';
import { asRole, backend, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';

type Table = (typeof TENANT_TABLES)[number];
const ROWS = 2;

async function orgsVisible(trx: Transaction<GatehouseDatabase>, table: Table): Promise<string[]> {
  // Tables added by later migrations are not in GatehouseDatabase's types; org_id is on all of them.
  const rows = await trx.selectFrom(table as 'decisions').select('org_id').execute();
  return rows.map((row) => row.org_id);
}

describe(`tenant isolation (${backend})`, () => {
  let store: TestStore;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    store = await openTestStore();
    orgA = uniqueName('org-a');
    orgB = uniqueName('org-b');
    await seedOrg(store, orgA, ROWS);
    await seedOrg(store, orgB, ROWS);
  });
  afterAll(() => store.dispose());

  it('the rows of both orgs exist (the platform admin sees them), so the zeros below mean something', async () => {
    await withPlatformAdmin(store, async (trx) => {
      for (const table of TENANT_TABLES) {
        const orgs = await orgsVisible(trx, table);
        expect(orgs.filter((o) => o === orgA)).toHaveLength(seededRows(table, ROWS));
        expect(orgs.filter((o) => o === orgB)).toHaveLength(seededRows(table, ROWS));
      }
    });
  });

  it('org A reads only its own rows in every table, however it filters', async () => {
    await withTenant(store, orgA, async (trx) => {
      for (const table of TENANT_TABLES) {
        expect(await orgsVisible(trx, table)).toEqual(Array(seededRows(table, ROWS)).fill(orgA));
        const asked = await trx.selectFrom(table as 'decisions').select('org_id').where('org_id', '=', orgB).execute();
        expect(asked).toEqual([]);
      }
    });
  });

  it('org A cannot update org B rows: a blanket UPDATE touches only its own', async () => {
    await withTenant(store, orgA, async (trx) => {
      const blanket = await trx.updateTable('breakers').set({ failure_count: 7 }).executeTakeFirst();
      expect(blanket.numUpdatedRows).toBe(BigInt(ROWS));
      const targeted = await trx.updateTable('credentials').set({ name: 'stolen' }).where('org_id', '=', orgB).executeTakeFirst();
      expect(targeted.numUpdatedRows).toBe(0n);
    });
    await withTenant(store, orgB, async (trx) => {
      const breakers = await trx.selectFrom('breakers').select('failure_count').execute();
      expect(breakers.map((b) => b.failure_count)).toEqual([0, 0]);
      const credentials = await trx.selectFrom('credentials').select('name').execute();
      expect(credentials.map((c) => c.name)).toEqual(['openai', 'openai']);
    });
  });

  it('org A cannot delete org B rows in any table it may delete from', async () => {
    await withTenant(store, orgA, async (trx) => {
      for (const table of ['breakers', 'credentials', 'role_bindings', 'roles'] as const) {
        const result = await trx.deleteFrom(table).where('org_id', '=', orgB).executeTakeFirst();
        expect(result.numDeletedRows).toBe(0n);
      }
    });
    await withTenant(store, orgB, async (trx) => {
      for (const table of ['breakers', 'credentials', 'role_bindings', 'roles'] as const) {
        expect(await orgsVisible(trx, table)).toHaveLength(ROWS);
      }
    });
  });

  it('org A cannot write a row for org B, nor move its own row to org B (WITH CHECK)', async () => {
    const insert = withTenant(store, orgA, (trx) =>
      trx.insertInto('breakers').values({ org_id: orgB, breaker_key: 'planted' }).execute(),
    );
    expect(await sqlStateOf(insert)).toBe('42501');
    const move = withTenant(store, orgA, (trx) => trx.updateTable('breakers').set({ org_id: orgB }).execute());
    expect(await sqlStateOf(move)).toBe('42501');
    await withTenant(store, orgB, async (trx) => {
      expect(await trx.selectFrom('breakers').select('breaker_key').where('breaker_key', '=', 'planted').execute()).toEqual([]);
    });
  });

  it('without an org, the app role sees no rows: outside a transaction, and in one without withTenant', async () => {
    for (const table of TENANT_TABLES) {
      expect(await store.app.selectFrom(table as 'decisions').select('org_id').execute()).toEqual([]);
    }
    await store.app.transaction().execute(async (trx) => {
      for (const table of TENANT_TABLES) expect(await orgsVisible(trx, table)).toEqual([]);
      const updated = await trx.updateTable('breakers').set({ failure_count: 1 }).executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(0n);
    });
  });

  it('without an org, the app role cannot insert any row', async () => {
    const planted = store.app.insertInto('breakers').values({ org_id: orgA, breaker_key: 'no-org' }).execute();
    expect(await sqlStateOf(planted)).toBe('42501');
  });

  describe('as the table owner (FORCE ROW LEVEL SECURITY)', () => {
    it('the owner is bound by the same policy: org A only, and nothing without an org', async () => {
      await asRole(store, store.roles.owner, orgA, async (trx) => {
        const { rows } = await sql<{ u: string }>`select current_user as u`.execute(trx);
        expect(rows[0]?.u).toBe(store.roles.owner);
        for (const table of TENANT_TABLES) expect(await orgsVisible(trx, table)).toEqual(Array(seededRows(table, ROWS)).fill(orgA));
      });
      await asRole(store, store.roles.owner, null, async (trx) => {
        for (const table of TENANT_TABLES) expect(await orgsVisible(trx, table)).toEqual([]);
      });
    });

    it('the owner cannot update or delete org B rows, even in the append-only tables', async () => {
      await asRole(store, store.roles.owner, orgA, async (trx) => {
        for (const table of TENANT_TABLES) {
          const deleted = await trx.deleteFrom(table as 'decisions').where('org_id', '=', orgB).executeTakeFirst();
          expect(deleted.numDeletedRows).toBe(0n);
        }
        const updated = await trx.updateTable('decisions').set({ verdict: 'deny' }).where('org_id', '=', orgB).executeTakeFirst();
        expect(updated.numUpdatedRows).toBe(0n);
      });
      await withTenant(store, orgB, async (trx) => {
        for (const table of TENANT_TABLES) expect(await orgsVisible(trx, table)).toHaveLength(seededRows(table, ROWS));
        const verdicts = await trx.selectFrom('decisions').select('verdict').execute();
        expect(verdicts.map((v) => v.verdict)).toEqual(['allow', 'allow']);
      });
    });
  });

  it('the app role reached through SET ROLE on the admin connection is bound the same way', async () => {
    await asRole(store, store.roles.app, orgB, async (trx) => {
      for (const table of TENANT_TABLES) expect(await orgsVisible(trx, table)).toEqual(Array(seededRows(table, ROWS)).fill(orgB));
    });
  });
});
