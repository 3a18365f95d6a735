import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, UnsafeAppRoleError, withTenant, type GatehouseStore } from '../../src/tenancy/index.js';
import { backend, databaseUrl, dropRoles, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';

const who = sql<{ u: string }>`select current_user::text as u`;

// Own role names, so that altering them cannot disturb the suites running in parallel.
describe(`the app connection's role is checked, not trusted (${backend})`, () => {
  const prefix = uniqueName('ghs');
  const roles = { appRole: `${prefix}_app`, adminRole: `${prefix}_admin`, ownerRole: `${prefix}_owner` };
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(roles);
  });
  afterAll(async () => {
    await sql.raw(`drop schema if exists "${store.schema}" cascade`).execute(store.admin);
    await dropRoles(store, [roles.appRole, roles.adminRole, roles.ownerRole]);
    await store.dispose();
  });

  it('an app role that was given BYPASSRLS is refused before it serves a request', async () => {
    await sql.raw(`alter role "${roles.appRole}" bypassrls`).execute(store.admin);
    const fresh = await openTestStore({ ...roles, schema: store.schema, migrate: false });
    try {
      const attempt = withTenant(fresh, 'acme', (trx) => trx.selectFrom('breakers').selectAll().execute());
      await expect(attempt).rejects.toBeInstanceOf(UnsafeAppRoleError);
      await expect(attempt).rejects.toMatchObject({ code: 'APP_ROLE_UNSAFE', message: expect.stringContaining('bypassrls=true') });
    } finally {
      await sql.raw(`alter role "${roles.appRole}" nobypassrls`).execute(store.admin);
      await fresh.close();
    }
  });

  describe.runIf(backend === 'postgres')('PostgreSQL logins', () => {
    it('an appUrl that logs in as another user (here the superuser) is refused', async () => {
      const wrong = await openStore({ url: databaseUrl(), appUrl: databaseUrl(), schema: store.schema, ...roles });
      try {
        await expect(wrong.app.selectFrom('breakers').selectAll().execute()).rejects.toMatchObject({
          code: 'APP_ROLE_UNSAFE',
          message: expect.stringContaining(`not the configured app role "${roles.appRole}"`),
        });
      } finally {
        await wrong.close();
      }
    });

    describe('with the app role\'s own login (appUrl)', () => {
      let loginStore: GatehouseStore;
      beforeAll(async () => {
        await sql.raw(`alter role "${roles.appRole}" login`).execute(store.admin);
        const appUrl = new URL(databaseUrl());
        appUrl.username = roles.appRole;
        appUrl.password = '';
        loginStore = await openStore({ url: databaseUrl(), appUrl: appUrl.toString(), schema: store.schema, ...roles });
      });
      afterAll(async () => {
        await loginStore.close();
        await sql.raw(`alter role "${roles.appRole}" nologin`).execute(store.admin);
      });

      it('serves tenants as that role', async () => {
        const org = uniqueName('org');
        await withTenant(loginStore, org, (trx) => trx.insertInto('breakers').values({ org_id: org, breaker_key: 'k' }).execute());
        expect(await withTenant(loginStore, org, async (trx) => (await who.execute(trx)).rows[0]?.u)).toBe(roles.appRole);
        expect(await loginStore.app.selectFrom('breakers').selectAll().execute()).toEqual([]);
      });

      it('a request cannot switch to a more privileged role', async () => {
        for (const target of [roles.adminRole, roles.ownerRole, 'postgres']) {
          const attempt = withTenant(loginStore, 'acme', (trx) => sql.raw(`set local role "${target}"`).execute(trx));
          expect(await sqlStateOf(attempt)).toBe('42501');
        }
        await sql`set role none`.execute(loginStore.app);
        expect((await who.execute(loginStore.app)).rows[0]?.u).toBe(roles.appRole);
      });
    });

    it('without appUrl, app connections start as the app role (-c role), even after RESET ROLE', async () => {
      const { rows } = await sql<{ u: string; s: string }>`select current_user::text as u, session_user::text as s`.execute(store.app);
      expect(rows[0]).toEqual({ u: roles.appRole, s: new URL(databaseUrl()).username || 'postgres' });
      await sql`reset role`.execute(store.app);
      expect((await who.execute(store.app)).rows[0]?.u).toBe(roles.appRole);
    });
  });
});
