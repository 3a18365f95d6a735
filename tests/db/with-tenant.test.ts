import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GatehouseError, GatehouseTypeError } from '../../src/errors.js';
import {
  InvalidOrgIdError, NestedStoreAccessError, ORG_ID_PATTERN, withPlatformAdmin, withTenant, type GatehouseStore,
} from '../../src/tenancy/index.js';
import { registerStore, scopeKeyOf } from '../../src/tenancy/store-registry.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

const currentOrg = sql<{ org: string }>`select current_setting('app.current_org_id', true) as org`;

describe(`withTenant (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  it.each([
    ['empty', ''],
    ['a space', 'acme corp'],
    ['a quote and SQL', "acme'; drop table decisions; --"],
    ['a slash', 'acme/prod'],
    ['non-ASCII letters', 'ácme'],
    ['a look-alike Cyrillic a', 'аcme'],
    ['a NUL', 'acme\0'],
    ['129 characters', 'a'.repeat(129)],
  ])('rejects an org id with %s, before touching the database', async (_label, orgId) => {
    let called = false;
    const attempt = withTenant(store, orgId, async () => {
      called = true;
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidOrgIdError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_ORG_ID' });
    expect(called).toBe(false);
  });

  it.each([null, undefined, 42, {}])('rejects a non-string org id (%s) with the typed error', async (orgId) => {
    const attempt = withTenant(store, orgId as unknown as string, async () => 1);
    await expect(attempt).rejects.toBeInstanceOf(InvalidOrgIdError);
  });

  it('accepts ids of 1 to 128 characters of [A-Za-z0-9_.:-] and sets exactly that id, transaction-locally', async () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/);
    await fc.assert(
      fc.asyncProperty(id, async (orgId) => {
        expect(await withTenant(store, orgId, async (trx) => (await currentOrg.execute(trx)).rows[0]?.org)).toBe(orgId);
      }),
      { numRuns: 25 },
    );
    expect((await currentOrg.execute(store.app)).rows[0]?.org ?? '').toBe('');
  });

  it('accepts exactly the strings ORG_ID_PATTERN accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 140 }), fc.stringMatching(/^[A-Za-z0-9_.:-]{0,130}$/)), async (orgId) => {
        const result = await withTenant(store, orgId, async () => 'ran').catch((e: unknown) => e);
        if (ORG_ID_PATTERN.test(orgId)) expect(result).toBe('ran');
        else expect(result).toBeInstanceOf(InvalidOrgIdError);
      }),
      { numRuns: 40 },
    );
  });

  it('returns what the callback returns, and commits its writes', async () => {
    const org = uniqueName('org');
    const value = await withTenant(store, org, async (trx) => {
      await trx.insertInto('roles').values({ org_id: org, role_name: 'auditor' }).execute();
      return { ok: true };
    });
    expect(value).toEqual({ ok: true });
    expect(await withTenant(store, org, (trx) => trx.selectFrom('roles').select('role_name').execute())).toEqual([{ role_name: 'auditor' }]);
  });

  it('rolls back everything when the callback throws, and rethrows its error', async () => {
    const org = uniqueName('org');
    const boom = new Error('boom');
    await expect(withTenant(store, org, async (trx) => {
      await trx.insertInto('roles').values({ org_id: org, role_name: 'ghost' }).execute();
      throw boom;
    })).rejects.toBe(boom);
    expect(await withTenant(store, org, (trx) => trx.selectFrom('roles').selectAll().execute())).toEqual([]);
  });

  it('refuses the store itself inside the callback (use trx), instead of deadlocking or leaving the tenant', async () => {
    const org = uniqueName('org');
    const direct = withTenant(store, org, () => store.app.selectFrom('roles').selectAll().execute());
    await expect(direct).rejects.toBeInstanceOf(NestedStoreAccessError);
    await expect(direct).rejects.toMatchObject({ code: 'NESTED_STORE_ACCESS' });
    const nested = withTenant(store, org, () => withTenant(store, uniqueName('other'), async () => 1));
    await expect(nested).rejects.toBeInstanceOf(NestedStoreAccessError);
    // The store is still usable afterwards.
    expect(await withTenant(store, org, async () => 'fine')).toBe('fine');
  });

  it('runs tenants concurrently without mixing their settings', async () => {
    const orgs = Array.from({ length: 8 }, () => uniqueName('org'));
    const seen = await Promise.all(orgs.map((org) => withTenant(store, org, async (trx) => (await currentOrg.execute(trx)).rows[0]?.org)));
    expect(seen).toEqual(orgs);
  });

  it('needs a store from openStore() and a function', async () => {
    const fake = { app: store.app } as unknown as GatehouseStore;
    await expect(withTenant(fake, 'acme', async () => 1)).rejects.toBeInstanceOf(GatehouseTypeError);
    await expect(withTenant(store, 'acme', 'nope' as never)).rejects.toBeInstanceOf(GatehouseError);
  });
  it('still sets the org when the app connection has no app role to carry it in BEGIN (fallback set_config)', async () => {
    // The same store, but its app side is the admin connection: its BEGIN has no prelude, so
    // the driver must leave the org to withTenant() instead of taking it and dropping it.
    const adminAsApp: GatehouseStore = { ...store, app: store.admin };
    registerStore(adminAsApp, scopeKeyOf(store));
    const org = uniqueName('org');
    expect(await withTenant(adminAsApp, org, async (trx) => (await currentOrg.execute(trx)).rows[0]?.org)).toBe(org);
  });

  it.skipIf(backend !== 'pglite')('sets the org in the message that begins the transaction, not in a statement of its own', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const exec = vi.spyOn(PGlite.prototype, 'exec');
    const query = vi.spyOn(PGlite.prototype, 'query');
    try {
      expect(await withTenant(store, 'acme.eu', async (trx) => (await currentOrg.execute(trx)).rows[0]?.org)).toBe('acme.eu');
      const sent = [...exec.mock.calls, ...query.mock.calls].map((call) => String(call[0]));
      expect(sent.some((text) => /^begin; set local role .*; set local app\.current_org_id = 'acme\.eu'$/.test(text))).toBe(true);
      expect(sent.filter((text) => text.includes('set_config'))).toEqual([]);
    } finally {
      exec.mockRestore();
      query.mockRestore();
    }
  });
});

describe(`withPlatformAdmin (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  it('runs as the platform admin role and sees every org', async () => {
    const [a, b] = [uniqueName('org'), uniqueName('org')];
    for (const org of [a, b]) await withTenant(store, org, (trx) => trx.insertInto('roles').values({ org_id: org, role_name: 'r' }).execute());
    const { user, orgs } = await withPlatformAdmin(store, async (trx) => ({
      user: (await sql<{ u: string }>`select current_user::text as u`.execute(trx)).rows[0]?.u,
      orgs: (await trx.selectFrom('roles').select('org_id').execute()).map((r) => r.org_id).sort(),
    }));
    expect(user).toBe(store.roles.admin);
    expect(orgs).toEqual([a, b].sort());
  });
});
