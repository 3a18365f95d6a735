/**
 * Reading, checksumming and filling in the SQL files of `migrations/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationError } from './errors.js';
import { quoteIdentifier, quoteLiteral } from './identifiers.js';

export interface MigrationFile {
  /** The file name without `.sql`, e.g. `0001_roles`. Recorded in `gatehouse_migrations`. */
  readonly id: string;
  /** SHA-256 (hex) of the file, line endings normalised to `\n`. */
  readonly checksum: string;
  /** The file text with its `{{placeholders}}` still in. */
  readonly template: string;
}

/** The names a migration may refer to: `{{schema}}`, `{{app_role}}`, ... */
export type MigrationNames = Readonly<Record<'schema' | 'app_role' | 'admin_role' | 'owner_role', string>>;

const FILE_NAME = /^(\d{4}_[a-z0-9_]+)\.sql$/;
const PLACEHOLDER = /\{\{\s*([a-z_]+)(?::(literal))?\s*\}\}/g;

/** Reads every `.sql` file in `dir`, in name order. A `.sql` file with a bad name is an error. */
export async function loadMigrationFiles(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  } catch (error) {
    throw new MigrationError('MIGRATION_INVALID', `Cannot read the migrations directory ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const files: MigrationFile[] = [];
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    if (!match) throw new MigrationError('MIGRATION_INVALID', `Migration file ${name} must be named NNNN_snake_case.sql.`);
    const template = (await readFile(join(dir, name), 'utf8')).replaceAll('\r\n', '\n');
    files.push({ id: match[1]!, checksum: createHash('sha256').update(template).digest('hex'), template });
  }
  return files;
}

/** Replaces each placeholder with a quoted identifier (or `:literal`, a quoted string). */
export function renderMigration(file: MigrationFile, names: MigrationNames): string {
  return file.template.replace(PLACEHOLDER, (_whole, name: string, literal: string | undefined) => {
    if (!Object.hasOwn(names, name)) {
      throw new MigrationError('MIGRATION_INVALID', `Migration ${file.id} uses the unknown placeholder {{${name}}}. Known: ${Object.keys(names).join(', ')}.`);
    }
    const value = names[name as keyof MigrationNames];
    return literal ? quoteLiteral(value) : quoteIdentifier(value);
  });
}

/**
 * The `migrations/` folder shipped with the package: found by walking up from this module to
 * the directory whose package.json is Gatehouse's, so it works from `src/`, `dist/` and a chunk.
 */
export function packagedMigrationsDir(): string {
  // In the CommonJS build the bundler turns import.meta into {} (or shims it); __dirname exists there.
  const url = (import.meta as { url?: string }).url;
  let dir = url ? dirname(fileURLToPath(url)) : typeof __dirname === 'string' ? __dirname : process.cwd();
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(join(dir, 'migrations'))) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'gatehouse') return join(dir, 'migrations');
      } catch {
        // Not a readable manifest; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new MigrationError('MIGRATION_INVALID', 'Cannot find the migrations/ folder of the gatehouse package. Pass options.migrationsDir.');
    }
    dir = parent;
  }
}
