/**
 * `gatehouse migrate`: the command-line face of {@link migrate}. The `gatehouse` bin wires
 * `runMigrateCli(process.argv.slice(3))` to it.
 */
import { parseArgs } from 'node:util';
import { GatehouseError } from '../errors.js';
import { migrate } from './migrate.js';
import { openStore } from './open-store.js';
import type { OpenStoreOptions } from './store.js';

const USAGE = `Usage: gatehouse migrate [options]

Applies pending SQL migrations. Uses PostgreSQL when --url or DATABASE_URL is set,
otherwise PGlite under .gatehouse/db (or --data-dir).

Options:
  --url <url>             PostgreSQL connection string (default: DATABASE_URL)
  --data-dir <dir>        PGlite data directory
  --schema <name>         schema for the tables (default: gatehouse)
  --app-role <name>       default: gatehouse_app_role
  --admin-role <name>     default: gatehouse_platform_admin
  --owner-role <name>     default: gatehouse_owner
  --migrations-dir <dir>  default: the package's migrations/
  -h, --help              show this help
`;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/**
 * Runs `gatehouse migrate` with `argv` (the arguments after `migrate`) and returns the exit
 * code: 0 done, 1 failed, 2 bad usage.
 *
 * @example
 * ```ts
 * process.exitCode = await runMigrateCli(['--url', 'postgres://postgres@127.0.0.1:5432/app']);
 * ```
 */
export async function runMigrateCli(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        'data-dir': { type: 'string' },
        schema: { type: 'string' },
        'app-role': { type: 'string' },
        'admin-role': { type: 'string' },
        'owner-role': { type: 'string' },
        'migrations-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  const options: OpenStoreOptions = {};
  if (typeof values.url === 'string') options.url = values.url;
  if (typeof values['data-dir'] === 'string') options.dataDir = values['data-dir'];
  if (typeof values.schema === 'string') options.schema = values.schema;
  if (typeof values['app-role'] === 'string') options.appRole = values['app-role'];
  if (typeof values['admin-role'] === 'string') options.adminRole = values['admin-role'];
  if (typeof values['owner-role'] === 'string') options.ownerRole = values['owner-role'];
  try {
    const store = await openStore(options);
    try {
      const migrationsDir = typeof values['migrations-dir'] === 'string' ? values['migrations-dir'] : undefined;
      const result = await migrate(store, migrationsDir === undefined ? {} : { migrationsDir });
      for (const id of result.applied) output.out(`applied ${id}`);
      output.out(
        result.applied.length === 0
          ? `Schema "${store.schema}" is up to date (${result.alreadyApplied.length} migrations).`
          : `Applied ${result.applied.length} migration(s) to schema "${store.schema}" (${store.backend}).`,
      );
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    output.err(error instanceof GatehouseError ? `gatehouse migrate: ${error.message} [${error.code}]` : `gatehouse migrate: ${(error as Error).message}`);
    return 1;
  }
}
