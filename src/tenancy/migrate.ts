/**
 * Applies the SQL files of `migrations/` to the store's schema, in order, recording each in
 * `<schema>.gatehouse_migrations` with its checksum.
 *
 * One run is one transaction on the admin connection, under an advisory lock per schema:
 * concurrent runs on one schema apply each file once, and a failure leaves nothing half done.
 */
import { sql, type Transaction } from 'kysely';
import type { GatehouseDatabase } from './database-schema.js';
import { MigrationError } from './errors.js';
import { quoteIdentifier } from './identifiers.js';
import { loadMigrationFiles, packagedMigrationsDir, renderMigration, type MigrationFile } from './migration-files.js';
import type { GatehouseStore } from './store.js';

export interface MigrateOptions {
  /** Folder of `NNNN_name.sql` files. Default: the package's `migrations/`. */
  migrationsDir?: string;
}

export interface MigrateResult {
  /** Ids applied by this run, in order. */
  readonly applied: string[];
  /** Ids that were already applied (checksums verified). */
  readonly alreadyApplied: string[];
}

/**
 * The bookkeeping table lives in the schema, so the schema stays self-contained (dropping it
 * drops everything). Like every table there it has RLS enabled and forced; it has no policy and
 * no grants, so only the migrating user (a superuser or a BYPASSRLS role) can read it.
 */
function bootstrapSql(schema: string): string {
  const table = `${quoteIdentifier(schema)}.gatehouse_migrations`;
  return [
    `create schema if not exists ${quoteIdentifier(schema)}`,
    `create table if not exists ${table} (id text primary key, checksum text not null, applied_at timestamptz not null default now())`,
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
  ].join(';\n');
}

async function appliedMigrations(trx: Transaction<GatehouseDatabase>, schema: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string; checksum: string }>`select id, checksum from ${sql.raw(quoteIdentifier(schema))}.gatehouse_migrations order by id`.execute(trx);
  return new Map(rows.map((row) => [row.id, row.checksum]));
}

function checkRecorded(files: readonly MigrationFile[], recorded: Map<string, string>): void {
  const known = new Set(files.map((file) => file.id));
  for (const id of recorded.keys()) {
    if (!known.has(id)) {
      throw new MigrationError('MIGRATION_UNKNOWN', `The database has migration ${id}, which this version of Gatehouse does not know. Upgrade Gatehouse, or check options.migrationsDir.`);
    }
  }
  for (const file of files) {
    const checksum = recorded.get(file.id);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new MigrationError(
        'MIGRATION_CHECKSUM_MISMATCH',
        `Migration ${file.id} was changed after it was applied (recorded sha256 ${checksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…). Restore the file and put the change in a new migration.`,
      );
    }
  }
}

/**
 * Brings the store's schema up to date. Re-running is a no-op.
 *
 * @throws MigrationError: `MIGRATION_CHECKSUM_MISMATCH` when an applied file was edited,
 *   `MIGRATION_UNKNOWN` when the database has a migration the files lack, `MIGRATION_FAILED`
 *   when a file's SQL fails (nothing of the run is kept), `MIGRATION_INVALID` for a bad file
 *   name or placeholder.
 *
 * @example
 * ```ts
 * const store = await openStore({ url: process.env.DATABASE_URL });
 * const { applied } = await migrate(store);   // ['0001_roles', '0002_tenant_tables'] the first time, [] after
 * ```
 */
export async function migrate(store: GatehouseStore, options: MigrateOptions = {}): Promise<MigrateResult> {
  const files = await loadMigrationFiles(options.migrationsDir ?? packagedMigrationsDir());
  const names = { schema: store.schema, app_role: store.roles.app, admin_role: store.roles.admin, owner_role: store.roles.owner };
  const rendered = new Map(files.map((file) => [file.id, renderMigration(file, names)]));
  return store.admin.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`gatehouse.migrate.${store.schema}`}, 0))`.execute(trx);
    await sql.raw(bootstrapSql(store.schema)).execute(trx);
    const recorded = await appliedMigrations(trx, store.schema);
    checkRecorded(files, recorded);
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      if (recorded.has(file.id)) {
        result.alreadyApplied.push(file.id);
        continue;
      }
      try {
        await sql.raw(rendered.get(file.id)!).execute(trx);
      } catch (error) {
        throw new MigrationError('MIGRATION_FAILED', `Migration ${file.id} failed, and nothing of this run was applied: ${(error as Error).message}`, { cause: error });
      }
      await sql`insert into ${sql.raw(quoteIdentifier(store.schema))}.gatehouse_migrations (id, checksum) values (${file.id}, ${file.checksum})`.execute(trx);
      result.applied.push(file.id);
    }
    return result;
  });
}
