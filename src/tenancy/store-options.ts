/** Resolves {@link OpenStoreOptions} into one checked, complete configuration. */
import { integerOption } from '../integer-option.js';
import type { PGlite } from '@electric-sql/pglite';
import { resolve } from 'node:path';
import { InvalidOptionError } from '../errors.js';
import { assertSqlName } from './identifiers.js';
import type { OpenStoreOptions, StoreRoles } from './store.js';

export const DEFAULT_SCHEMA = 'gatehouse';
export const DEFAULT_ROLES: StoreRoles = { app: 'gatehouse_app_role', admin: 'gatehouse_platform_admin', owner: 'gatehouse_owner' };
export const DEFAULT_DATA_DIR = '.gatehouse/db';

interface CommonOptions {
  readonly schema: string;
  readonly roles: StoreRoles;
}

export type ResolvedStoreOptions =
  | (CommonOptions & {
      readonly backend: 'postgres';
      readonly url: string;
      readonly appUrl: string | undefined;
      readonly poolSize: number;
      readonly connectTimeoutMs: number;
      readonly applicationName: string;
    })
  | (CommonOptions & { readonly backend: 'pglite'; readonly dataDir: string | 'memory'; readonly pglite: PGlite | undefined; readonly thread: boolean });


function nonEmptyString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidOptionError(`options.${name} must be a non-empty string.`);
  return value;
}

/** `options.thread`: PGlite only, and only for an instance the store opens itself. */
function threadOption(options: OpenStoreOptions, url: string | undefined): boolean {
  const thread = options.thread ?? false;
  if (typeof thread !== 'boolean') throw new InvalidOptionError('options.thread must be true or false.');
  if (!thread) return false;
  if (options.pglite !== undefined) {
    throw new InvalidOptionError(
      'options.thread opens PGlite in a worker thread, and an instance passed as options.pglite cannot move there. Pass options.dataDir instead of options.pglite, or drop options.thread.',
    );
  }
  if (url !== undefined) throw new InvalidOptionError('options.thread applies to PGlite only; drop it with options.url (PostgreSQL).');
  return true;
}

/**
 * Which backend: an explicit `url` means PostgreSQL, an explicit `dataDir` or `pglite` means
 * PGlite (both at once is an error); otherwise `DATABASE_URL` if set, else PGlite on disk.
 */
export function resolveStoreOptions(options: OpenStoreOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedStoreOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('openStore(options): options must be an object.');
  const schema = options.schema ?? DEFAULT_SCHEMA;
  assertSqlName(schema, 'schema');
  const roles: StoreRoles = {
    app: options.appRole ?? DEFAULT_ROLES.app,
    admin: options.adminRole ?? DEFAULT_ROLES.admin,
    owner: options.ownerRole ?? DEFAULT_ROLES.owner,
  };
  assertSqlName(roles.app, 'appRole');
  assertSqlName(roles.admin, 'adminRole');
  assertSqlName(roles.owner, 'ownerRole');
  if (new Set([roles.app, roles.admin, roles.owner]).size !== 3) {
    throw new InvalidOptionError('options.appRole, options.adminRole and options.ownerRole must be three different roles.');
  }

  const url = nonEmptyString(options.url, 'url');
  const appUrl = nonEmptyString(options.appUrl, 'appUrl');
  const dataDir = nonEmptyString(options.dataDir, 'dataDir');
  const wantsPGlite = dataDir !== undefined || options.pglite !== undefined;
  if (url !== undefined && wantsPGlite) {
    throw new InvalidOptionError('Give either options.url (PostgreSQL) or options.dataDir / options.pglite (PGlite), not both.');
  }
  const thread = threadOption(options, url);
  const postgresUrl = url ?? (wantsPGlite ? undefined : nonEmptyString(env.DATABASE_URL, 'url (from DATABASE_URL)'));
  if (postgresUrl === undefined) {
    if (appUrl !== undefined) throw new InvalidOptionError('options.appUrl needs PostgreSQL; PGlite has no logins. Set options.url too.');
    return {
      backend: 'pglite',
      schema,
      roles,
      dataDir: dataDir === undefined ? resolve(DEFAULT_DATA_DIR) : dataDir === 'memory' ? 'memory' : resolve(dataDir),
      pglite: options.pglite,
      thread,
    };
  }
  return {
    backend: 'postgres',
    schema,
    roles,
    url: postgresUrl,
    appUrl,
    poolSize: integerOption(options.poolSize, 'options.poolSize', 10, 1, 1000),
    connectTimeoutMs: integerOption(options.connectTimeoutMs, 'options.connectTimeoutMs', 10_000, 1, 600_000),
    applicationName: nonEmptyString(options.applicationName, 'applicationName') ?? 'gatehouse',
  };
}
