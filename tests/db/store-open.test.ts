import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import { sql } from 'kysely';
import { migrate, openStore, StoreUnavailableError, withTenant } from '../../src/tenancy/index.js';
import { backend, dropRoles, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe(`opening the store (${backend})`, () => {
  describe('when the database cannot be reached', () => {
    it('PostgreSQL: throws StoreUnavailableError naming host and port, never the password', async () => {
      const error = await openStore({ url: 'postgres://postgres:s3cret-pw@127.0.0.1:1/test', connectTimeoutMs: 5000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', target: 'PostgreSQL postgres://postgres@127.0.0.1:1/test' });
      expect((error as Error).message).toMatch(/127\.0\.0\.1:1\/test: connection refused/);
      expect(inspect(error, { depth: 10 })).not.toContain('s3cret-pw');
    });

    it('PostgreSQL: an unparsable URL is the same typed error, and is not echoed', async () => {
      const error = await openStore({ url: 'postgres://user:s3cret-pw@[not a host/db', connectTimeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(inspect(error, { depth: 10 })).not.toContain('s3cret-pw');
    });

    it('PGlite: a data directory that cannot be created is the same typed error', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'gatehouse-open-'));
      try {
        const file = join(dir, 'a-file');
        await writeFile(file, 'not a directory');
        const error = await openStore({ dataDir: join(file, 'db') }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toContain(join(file, 'db'));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it.each([
    [{ schema: 'Gatehouse' }, /options\.schema/],
    [{ schema: 'pg_catalog' }, /options\.schema/],
    [{ appRole: 'app role; drop' }, /options\.appRole/],
    [{ appRole: 'same', adminRole: 'same' }, /three different roles/],
    [{ url: 'postgres://x@127.0.0.1/db', dataDir: 'memory' }, /not both/],
    [{ dataDir: 'memory', appUrl: 'postgres://x@127.0.0.1/db' }, /appUrl needs PostgreSQL/],
    [{ url: 'postgres://x@127.0.0.1/db', poolSize: 0 }, /poolSize/],
  ])('rejects bad options %o with InvalidOptionError', async (options, message) => {
    const error = await openStore(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(message);
  });

  describe('an open store', () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await openTestStore();
    });
    afterAll(() => store.dispose());

    it('describes itself', () => {
      expect(store.backend).toBe(backend);
      expect(store.schema).toMatch(/^t_/);
      expect(store.roles).toEqual({ app: 'gatehouse_app_role', admin: 'gatehouse_platform_admin', owner: 'gatehouse_owner' });
      expect(store.closed).toBe(false);
    });

    it('returns the same JavaScript types on both backends', async () => {
      const row = await withTenant(store, 'types', async (trx) => {
        await trx.insertInto('decisions').values({
          org_id: 'types', seq: 9_007_199_254_740_000, decision_id: '00000000-0000-4000-8000-000000000000', stage: 'input', verdict: 'allow',
          evaluated_policies: JSON.stringify([{ id: 'p1' }]), finding_counts: JSON.stringify({ email: 2 }), hash: new Uint8Array([1, 2, 3]),
        }).execute();
        return trx.selectFrom('decisions').selectAll().executeTakeFirstOrThrow();
      });
      expect(row.seq).toBe(9_007_199_254_740_000);
      expect(row.duration_us).toBe(0);
      expect(row.hash).toStrictEqual(new Uint8Array([1, 2, 3]));
      expect(row.created_at).toBeInstanceOf(Date);
      expect(row.evaluated_policies).toEqual([{ id: 'p1' }]);
      expect(row.finding_counts).toEqual({ email: 2 });
    });
  });

  it('close() is idempotent and marks the store closed', async () => {
    const store = await openTestStore({ migrate: false });
    await store.dispose();
    expect(store.closed).toBe(true);
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe(`an app role that does not exist yet (store not migrated) (${backend})`, () => {
  it('fails the request, and leaves the store usable for migrate()', async () => {
    const prefix = uniqueName('ghm');
    const roles = { appRole: `${prefix}_app`, adminRole: `${prefix}_admin`, ownerRole: `${prefix}_owner` };
    const store = await openTestStore({ ...roles, migrate: false });
    try {
      await expect(withTenant(store, 'acme', async () => 1)).rejects.toThrow(new RegExp(`${roles.appRole}`));
      await expect(store.app.transaction().execute(async () => 1)).rejects.toThrow(new RegExp(`${roles.appRole}`));
      // Nothing was left half-open: the admin side (on PGlite the very same session) still works.
      expect((await migrate(store)).applied.slice(0, 2)).toEqual(['0001_roles', '0002_tenant_tables']);
      expect(await withTenant(store, 'acme', async () => 'served')).toBe('served');
    } finally {
      await sql.raw(`drop schema if exists "${store.schema}" cascade`).execute(store.admin);
      await dropRoles(store, [roles.appRole, roles.adminRole, roles.ownerRole]);
      await store.dispose();
    }
  });
});
