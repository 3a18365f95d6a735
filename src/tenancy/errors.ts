/**
 * Typed errors of the tenancy layer. Each has a stable `code`; messages say what to fix and
 * never contain a password or other secret.
 */
import { GatehouseError } from '../errors.js';

/**
 * The database could not be reached or opened when the store started (or a pooled connection
 * could not be made later). `target` names host, port and database, never the password.
 *
 * @example
 * ```ts
 * try { await openStore({ url }) }
 * catch (e) { if (e instanceof StoreUnavailableError) process.exit(2) } // code STORE_UNAVAILABLE
 * ```
 */
export class StoreUnavailableError extends GatehouseError {
  readonly target: string;
  constructor(target: string, reason: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', `Cannot open the Gatehouse store at ${target}: ${reason}`, options);
    this.target = target;
  }
}

/**
 * An org id was empty, too long or had characters outside `[A-Za-z0-9_.:-]`.
 * See `ORG_ID_PATTERN`.
 *
 * @example
 * ```ts
 * await withTenant(store, 'acme corp', fn); // rejects: InvalidOrgIdError, code INVALID_ORG_ID
 * ```
 */
export class InvalidOrgIdError extends GatehouseError {
  constructor(detail: string) {
    super(
      'INVALID_ORG_ID',
      `Invalid org id: ${detail}. An org id is 1 to 128 characters of letters, digits, "_", ".", ":" or "-".`,
    );
  }
}

/**
 * A migration could not be applied, or the recorded migrations disagree with the files.
 * `code` says which: `MIGRATION_FAILED`, `MIGRATION_CHECKSUM_MISMATCH`, `MIGRATION_UNKNOWN`
 * or `MIGRATION_INVALID`.
 *
 * @example
 * ```ts
 * try { await migrate(store) }
 * catch (e) { if (e instanceof MigrationError && e.code === 'MIGRATION_CHECKSUM_MISMATCH') alertOps(e.message) }
 * ```
 */
export class MigrationError extends GatehouseError {
  constructor(code: 'MIGRATION_FAILED' | 'MIGRATION_CHECKSUM_MISMATCH' | 'MIGRATION_UNKNOWN' | 'MIGRATION_INVALID', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The role that request traffic runs as could bypass row-level security (it is a superuser or
 * has BYPASSRLS), or is not the configured app role. Gatehouse refuses to use it: failing
 * closed is better than serving one tenant another tenant's rows.
 *
 * @example
 * ```ts
 * // After someone ran ALTER ROLE gatehouse_app_role BYPASSRLS:
 * await withTenant(store, 'acme', fn); // rejects: UnsafeAppRoleError, code APP_ROLE_UNSAFE
 * ```
 */
export class UnsafeAppRoleError extends GatehouseError {
  constructor(message: string) {
    super('APP_ROLE_UNSAFE', message);
  }
}

/**
 * `store.app` or `store.admin` was used (or another scope opened) inside a `withTenant()` or
 * `withPlatformAdmin()` callback. Queries there must go through the `trx` argument: on PGlite the
 * outer transaction holds the only connection (this would deadlock), and on PostgreSQL the query
 * would run on another connection, outside the tenant.
 *
 * @example
 * ```ts
 * await withTenant(store, 'acme', () => store.app.selectFrom('roles').selectAll().execute()); // rejects
 * await withTenant(store, 'acme', (trx) => trx.selectFrom('roles').selectAll().execute());   // right
 * ```
 */
export class NestedStoreAccessError extends GatehouseError {
  constructor() {
    super(
      'NESTED_STORE_ACCESS',
      'The store was used directly inside withTenant()/withPlatformAdmin(). Run the query on the trx argument the callback receives instead.',
    );
  }
}

/**
 * `storeThreadHandle()` was asked for a store another thread cannot use: a PGlite store whose
 * database runs in this thread (opened without `thread: true`, or over a caller's `pglite`
 * instance). A PGlite database can be open in one thread only; open the store with
 * `openStore({ dataDir, thread: true })` (or use PostgreSQL) to share it.
 *
 * @example
 * ```ts
 * const store = await openStore({ dataDir: 'memory' });
 * storeThreadHandle(store); // throws StoreNotShareableError, code STORE_NOT_SHAREABLE
 * ```
 */
export class StoreNotShareableError extends GatehouseError {
  constructor(reason: string) {
    super('STORE_NOT_SHAREABLE', `This store cannot be handed to another thread: ${reason}`);
  }
}
