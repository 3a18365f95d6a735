/**
 * Opens (and migrates) the store for an operator command from `--url`, `--data-dir` and
 * `--schema`. The PostgreSQL URL comes from `--url`, else `DATABASE_URL` in the command's
 * environment (`io.env`, never the process's behind its back); otherwise PGlite under
 * `--data-dir` or `.gatehouse/db`, relative to `io.cwd`.
 */
import { resolve } from 'node:path';
import type { GatehouseStore } from '../../tenancy/store.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import type { OptionSpec } from '../parse-command-line.js';

/** The store options every database command accepts. */
export const STORE_OPTIONS = {
  url: { type: 'string' },
  'data-dir': { type: 'string' },
  schema: { type: 'string' },
} as const satisfies Record<string, OptionSpec>;

export const STORE_OPTIONS_HELP = `  --url <url>             PostgreSQL connection string (default: DATABASE_URL)
  --data-dir <dir>        PGlite data directory (default: .gatehouse/db)
  --schema <name>         schema of the tables (default: gatehouse)`;

/** How {@link openCliStore} opens the store, beyond what the command line says. */
export interface CliStoreSettings {
  /**
   * Run PGlite in a worker thread (`openStore({ thread: true })`), so its SQL leaves the main
   * thread's event loop: for a server. Ignored with PostgreSQL. Default false.
   */
  readonly pgliteThread?: boolean;
}

/** Opens the store the options name and applies pending migrations (as `serve` does). */
export async function openCliStore(values: Record<string, unknown>, io: CliIo, command: string, settings: CliStoreSettings = {}): Promise<GatehouseStore> {
  const url = typeof values.url === 'string' ? values.url : undefined;
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
  if (url !== undefined && dataDir !== undefined) throw new CliUsageError('Give --url or --data-dir, not both.', command);
  const envUrl = io.env.DATABASE_URL;
  const target = url !== undefined ? { url } : dataDir === undefined && envUrl ? { url: envUrl } : { dataDir: resolve(io.cwd, dataDir ?? '.gatehouse/db') };
  const [{ openStore }, { migrate }] = await Promise.all([import('../../tenancy/open-store.js'), import('../../tenancy/migrate.js')]);
  const thread = 'dataDir' in target && (settings.pgliteThread ?? false);
  const store = await openStore({ ...target, ...(thread ? { thread } : {}), ...(typeof values.schema === 'string' ? { schema: values.schema } : {}) });
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** A required string option, or a usage error naming it. */
export function requiredString(values: Record<string, unknown>, name: string, command: string, what: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError(`${command} needs --${name} <${what}>.`, command.split(' ')[0]);
  return value;
}

/** Who is acting: `--actor`, else `cli:$USER`, else `cli`. Recorded in history and audit. */
export function actorOf(values: Record<string, unknown>, io: CliIo): string {
  if (typeof values.actor === 'string' && values.actor.trim() !== '') return values.actor.trim();
  const user = io.env.USER ?? io.env.USERNAME;
  return user ? `cli:${user}` : 'cli';
}
