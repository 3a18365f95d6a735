import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/tenancy/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

const pid = sql<{ pid: number }>`select pg_backend_pid() as pid`;
const currentOrg = sql<{ org: string | null }>`select current_setting('app.current_org_id', true) as org`;
const currentUser = sql<{ user: string }>`select current_user::text as "user"`;

// One connection in the pool (PGlite has only one anyway): every query below reuses the
// connection the previous tenant's transaction ran on.
describe(`a pooled connection reused between tenants (${backend})`, () => {
  let store: TestStore;
  const orgs = [uniqueName('org'), uniqueName('org'), uniqueName('org')];

  beforeAll(async () => {
    store = await openTestStore({ poolSize: 1 });
    for (const [i, org] of orgs.entries()) {
      await withTenant(store, org, (trx) =>
        trx.insertInto('breakers').values([{ org_id: org, breaker_key: `x${i}` }, { org_id: org, breaker_key: `y${i}` }]).execute(),
      );
    }
  });
  afterAll(() => store.dispose());

  it('after a tenant transaction, the same connection without a tenant sees no rows and no org', async () => {
    const inside = await withTenant(store, orgs[0]!, async (trx) => ({
      pid: (await pid.execute(trx)).rows[0]?.pid,
      rows: await trx.selectFrom('breakers').select('org_id').execute(),
    }));
    expect(inside.rows).toHaveLength(2);
    const after = (await pid.execute(store.app)).rows[0]?.pid;
    expect(after).toBe(inside.pid);
    expect(await store.app.selectFrom('breakers').selectAll().execute()).toEqual([]);
    expect((await currentOrg.execute(store.app)).rows[0]?.org ?? '').toBe('');
  });

  it('tenants taking turns on one connection each see exactly their own rows', async () => {
    const pids = new Set<number | undefined>();
    for (let turn = 0; turn < 12; turn++) {
      const org = orgs[turn % orgs.length]!;
      const { rows, id } = await withTenant(store, org, async (trx) => ({
        rows: await trx.selectFrom('breakers').select(['org_id', 'breaker_key']).orderBy('breaker_key').execute(),
        id: (await pid.execute(trx)).rows[0]?.pid,
      }));
      pids.add(id);
      const i = turn % orgs.length;
      expect(rows).toEqual([{ org_id: org, breaker_key: `x${i}` }, { org_id: org, breaker_key: `y${i}` }]);
    }
    expect(pids.size).toBe(1);
  });

  it('a transaction that failed leaves neither its org nor its rows behind', async () => {
    const failing = withTenant(store, orgs[1]!, async (trx) => {
      await trx.insertInto('breakers').values({ org_id: orgs[1]!, breaker_key: 'doomed' }).execute();
      throw new Error('handler failed');
    });
    await expect(failing).rejects.toThrow('handler failed');
    expect((await currentOrg.execute(store.app)).rows[0]?.org ?? '').toBe('');
    const keys = await withTenant(store, orgs[1]!, (trx) => trx.selectFrom('breakers').select('breaker_key').execute());
    expect(keys.map((k) => k.breaker_key).sort()).toEqual(['x1', 'y1']);
  });

  it('an org left at session level by stray SQL does not carry into the next transaction', async () => {
    // Simulates a bug: set_config(..., false) is session-level and would outlive its request.
    await sql`select set_config('app.current_org_id', ${orgs[2]!}, false)`.execute(store.app);
    try {
      const seen = await store.app.transaction().execute((trx) => trx.selectFrom('breakers').selectAll().execute());
      expect(seen).toEqual([]);
      const other = await withTenant(store, orgs[0]!, (trx) => trx.selectFrom('breakers').select('org_id').execute());
      expect(new Set(other.map((r) => r.org_id))).toEqual(new Set([orgs[0]]));
    } finally {
      await sql`select set_config('app.current_org_id', '', false)`.execute(store.app);
    }
  });

  it('RESET ROLE on the pooled connection does not leave it as a more privileged role', async () => {
    await sql`reset role`.execute(store.app);
    expect((await currentUser.execute(store.app)).rows[0]?.user).toBe(store.roles.app);
    const inTenant = await withTenant(store, orgs[0]!, async (trx) => (await currentUser.execute(trx)).rows[0]?.user);
    expect(inTenant).toBe(store.roles.app);
  });
});
