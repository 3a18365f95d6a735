import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError, openStore, runMigrateCli, type GatehouseStore } from '../../src/tenancy/index.js';
import { backend, databaseUrl, dropRoles, openTestStore, prepareDataDir, uniqueName, type TestStore } from './helpers/test-store.js';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'migrations');
// Every migration file shipped, in name order: the runner must apply exactly these.
const ALL = readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort().map((f) => f.replace(/\.sql$/, ''));

async function recorded(store: GatehouseStore): Promise<{ id: string; checksum: string }[]> {
  const { rows } = await sql<{ id: string; checksum: string }>`select id, checksum from ${sql.raw(`"${store.schema}"`)}.gatehouse_migrations order by id`.execute(store.admin);
  return rows;
}

async function schemaExists(store: GatehouseStore): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${store.schema}`.execute(store.admin);
  return rows[0]?.n === 1;
}

async function tableCount(store: GatehouseStore): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = ${store.schema}`.execute(store.admin);
  return rows[0]!.n;
}

/** A private copy of migrations/ to edit. */
async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-migrations-'));
  await cp(MIGRATIONS, dir, { recursive: true });
  return dir;
}

describe(`migrations (${backend})`, () => {
  const tempDirs: string[] = [];
  const temp = async () => {
    const dir = await copyMigrations();
    tempDirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('applies every file in order, records its SHA-256, and is a no-op the second time', async () => {
    const store = await openTestStore({ migrate: false });
    try {
      expect(await migrate(store)).toEqual({ applied: ALL, alreadyApplied: [] });
      const files = (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort();
      const expected = await Promise.all(files.map(async (f) => ({
        id: f.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update((await readFile(join(MIGRATIONS, f), 'utf8')).replaceAll('\r\n', '\n')).digest('hex'),
      })));
      expect(await recorded(store)).toEqual(expected);
      const tables = await tableCount(store);

      expect(await migrate(store)).toEqual({ applied: [], alreadyApplied: ALL });
      expect(await recorded(store)).toEqual(expected);
      expect(await tableCount(store)).toBe(tables);
    } finally {
      await store.dispose();
    }
  });

  it('two migrators racing on one schema apply each file exactly once', async () => {
    const first = await openTestStore({ migrate: false });
    const second = await openTestStore({ migrate: false, schema: first.schema });
    try {
      const results = await Promise.all([migrate(first), migrate(second)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(ALL);
      expect(results.flatMap((r) => r.alreadyApplied).sort()).toEqual(ALL);
    } finally {
      await second.close();
      await first.dispose();
    }
  });

  it('refuses to run when an applied file was edited, and changes nothing', async () => {
    const dir = await temp();
    const store = await openTestStore({ migrationsDir: dir });
    try {
      await appendFile(join(dir, '0002_tenant_tables.sql'), '\n-- an innocent-looking edit\n');
      const error = await migrate(store, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(error).toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
      expect((error as Error).message).toContain('0002_tenant_tables');
      expect((await recorded(store)).map((r) => r.id)).toEqual(ALL);
    } finally {
      await store.dispose();
    }
  });

  it('refuses a database that has a migration the files do not know', async () => {
    const dir = await temp();
    const store = await openTestStore({ migrationsDir: dir });
    try {
      await rm(join(dir, '0002_tenant_tables.sql'));
      await expect(migrate(store, { migrationsDir: dir })).rejects.toMatchObject({ code: 'MIGRATION_UNKNOWN' });
    } finally {
      await store.dispose();
    }
  });

  it('a failing file rolls back the whole run: no schema, no tables, nothing recorded', async () => {
    const dir = await temp();
    await writeFile(join(dir, '0003_broken.sql'), 'create table {{schema}}.half_done (x int);\nselect no_such_function();\n');
    const store = await openTestStore({ migrate: false });
    try {
      const error = await migrate(store, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
      expect((error as Error).message).toContain('0003_broken');
      expect(await schemaExists(store)).toBe(false);
    } finally {
      await store.dispose();
    }
  });

  it('rejects an unknown placeholder and a badly named file before running anything', async () => {
    const dir = await temp();
    await writeFile(join(dir, '0003_typo.sql'), 'grant select on {{schema}}.decisions to {{app_rol}};\n');
    const store = await openTestStore({ migrate: false });
    try {
      await expect(migrate(store, { migrationsDir: dir })).rejects.toMatchObject({ code: 'MIGRATION_INVALID', message: expect.stringContaining('{{app_rol}}') });
      await rm(join(dir, '0003_typo.sql'));
      await writeFile(join(dir, '3-extra.sql'), 'select 1;');
      await expect(migrate(store, { migrationsDir: dir })).rejects.toMatchObject({ code: 'MIGRATION_INVALID', message: expect.stringContaining('3-extra.sql') });
      expect(await schemaExists(store)).toBe(false);
    } finally {
      await store.dispose();
    }
  });

  it('two schemas migrating at once share roles that neither had created yet', async () => {
    const prefix = uniqueName('ghr');
    const roles = { appRole: `${prefix}_app`, adminRole: `${prefix}_admin`, ownerRole: `${prefix}_owner` };
    const [one, two] = await Promise.all([openTestStore({ ...roles, migrate: false }), openTestStore({ ...roles, migrate: false })]);
    try {
      const results = await Promise.all([migrate(one!), migrate(two!)]);
      expect(results.map((r) => r.applied)).toEqual([ALL, ALL]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname like ${`${prefix}_%`}`.execute(one!.admin);
      expect(rows[0]?.n).toBe(3);
    } finally {
      await two!.dispose();
      await one!.dispose();
      const cleanup = await openTestStore({ migrate: false });
      await dropRoles(cleanup, [roles.appRole, roles.adminRole, roles.ownerRole]);
      await cleanup.dispose();
    }
  });

  describe('with custom role names', () => {
    const prefix = uniqueName('gh');
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

    it('creates the roles under those names, with the right attributes, and uses them', async () => {
      const { rows } = await sql<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean; rolcanlogin: boolean }>`
        select rolname, rolbypassrls, rolsuper, rolcanlogin from pg_roles where rolname like ${`${prefix}_%`} order by rolname`.execute(store.admin);
      expect(rows).toEqual([
        { rolname: roles.adminRole, rolbypassrls: true, rolsuper: false, rolcanlogin: false },
        { rolname: roles.appRole, rolbypassrls: false, rolsuper: false, rolcanlogin: false },
        { rolname: roles.ownerRole, rolbypassrls: false, rolsuper: false, rolcanlogin: false },
      ]);
      const who = await store.app.transaction().execute(async (trx) => (await sql<{ u: string }>`select current_user::text as u`.execute(trx)).rows[0]?.u);
      expect(who).toBe(roles.appRole);
    });

    it('refuses an existing app role that can bypass row-level security', async () => {
      await sql.raw(`alter role "${roles.appRole}" bypassrls`).execute(store.admin);
      const other = await openTestStore({ ...roles, migrate: false });
      try {
        const error = await migrate(other).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
        expect((error as Error).message).toMatch(/bypass row-level security/);
      } finally {
        await sql.raw(`alter role "${roles.appRole}" nobypassrls`).execute(store.admin);
        await other.dispose();
      }
    });
  });

  describe('runMigrateCli', () => {
    const capture = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
    };

    it('prints usage for --help and exits 2 on an unknown flag', async () => {
      const help = capture();
      expect(await runMigrateCli(['--help'], help.io)).toBe(0);
      expect(help.out.join('\n')).toContain('Usage: gatehouse migrate');
      const bad = capture();
      expect(await runMigrateCli(['--frobnicate'], bad.io)).toBe(2);
      expect(bad.err.join('\n')).toContain('--frobnicate');
    });

    it('applies the migrations, then reports the schema up to date', async () => {
      const schema = uniqueName('cli');
      let target: string[];
      let dataDir: string | undefined;
      if (backend === 'postgres') {
        target = ['--url', databaseUrl()];
      } else {
        dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
        await prepareDataDir(dataDir);
        target = ['--data-dir', dataDir];
      }
      try {
        const first = capture();
        expect(await runMigrateCli([...target, '--schema', schema], first.io)).toBe(0);
        expect(first.out).toEqual([...ALL.map((id) => `applied ${id}`), `Applied ${ALL.length} migration(s) to schema "${schema}" (${backend}).`]);
        const second = capture();
        expect(await runMigrateCli([...target, '--schema', schema], second.io)).toBe(0);
        expect(second.out).toEqual([`Schema "${schema}" is up to date (${ALL.length} migrations).`]);
      } finally {
        if (backend === 'postgres') {
          const store = await openStore({ url: databaseUrl(), schema });
          await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.admin);
          await store.close();
        }
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    });

    it('exits 1 with the typed error when the database is unreachable', async () => {
      const io = capture();
      expect(await runMigrateCli(['--url', 'postgres://postgres:hunter2@127.0.0.1:1/test'], io.io)).toBe(1);
      expect(io.err.join('\n')).toContain('STORE_UNAVAILABLE');
      expect(io.err.join('\n')).not.toContain('hunter2');
    });
  });
});
