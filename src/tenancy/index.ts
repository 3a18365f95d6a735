/**
 * `gatehouse/tenancy`: tenant isolation with PostgreSQL row-level security, over PGlite
 * (embedded, the default) or PostgreSQL.
 *
 * @example
 * ```ts
 * import { openStore, migrate, withTenant } from 'gatehouse/tenancy';
 *
 * const store = await openStore({ url: process.env.DATABASE_URL }); // or openStore() for PGlite
 * await migrate(store);
 * await withTenant(store, 'acme', (trx) =>
 *   trx.insertInto('breakers').values({ org_id: 'acme', breaker_key: 'openai' }).execute(),
 * );
 * const rows = await withTenant(store, 'globex', (trx) => trx.selectFrom('breakers').selectAll().execute());
 * // [] : globex never sees acme's rows
 * await store.close();
 * ```
 *
 * @packageDocumentation
 */
export { openStore } from './open-store.js';
export { storeThreadHandle, type StoreHandle, type StoreHandleTransfer } from './store-thread-handle.js';
export { openStoreFromHandle } from './open-store-from-handle.js';
export { withTenant, type TenantTransaction } from './with-tenant.js';
export { withPlatformAdmin } from './with-platform-admin.js';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate.js';
export { runMigrateCli, type CliOutput } from './migrate-cli.js';
export { assertOrgId, ORG_ID_PATTERN } from './org-id.js';
export { SQL_NAME_PATTERN } from './identifiers.js';
export { DEFAULT_ROLES, DEFAULT_SCHEMA, DEFAULT_DATA_DIR } from './store-options.js';
export { TENANT_TABLES } from './database-schema.js';
export type * from './database-schema.js';
export type { GatehouseStore, OpenStoreOptions, StoreBackend, StoreRoles } from './store.js';
export { InvalidOrgIdError, MigrationError, NestedStoreAccessError, StoreNotShareableError, StoreUnavailableError, UnsafeAppRoleError } from './errors.js';
