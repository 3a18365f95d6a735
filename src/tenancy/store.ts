/**
 * The store seam: one interface over PGlite and PostgreSQL. Everything above it (withTenant,
 * migrations, the audit writer) talks Kysely to `app` or `admin` and never asks which backend
 * it has.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type { GatehouseDatabase } from './database-schema.js';

export type StoreBackend = 'pglite' | 'postgres';

/** The three database roles, by name. See `migrations/0001_roles.sql`. */
export interface StoreRoles {
  /** Every request runs as this role: NOBYPASSRLS, never a superuser. */
  readonly app: string;
  /** BYPASSRLS; provisioning, erasure, retention (`withPlatformAdmin`). Never used by a request. */
  readonly admin: string;
  /** Owns the tables; held to the tenant policy by FORCE ROW LEVEL SECURITY. */
  readonly owner: string;
}

/**
 * An open store. Requests go through {@link withTenant}; `admin` is for migrations and
 * platform tasks only.
 */
export interface GatehouseStore {
  readonly backend: StoreBackend;
  /** The PostgreSQL schema holding the tables (default `gatehouse`). */
  readonly schema: string;
  readonly roles: StoreRoles;
  /**
   * Runs as the app role; table names resolve in {@link schema}. Use it through
   * `withTenant()`: a query outside a tenant transaction sees no rows.
   */
  readonly app: Kysely<GatehouseDatabase>;
  /**
   * Runs as the user the store connected with (the migrator: a superuser, or a role with
   * CREATEROLE and BYPASSRLS). Migrations and provisioning only; never for a request.
   */
  readonly admin: Kysely<GatehouseDatabase>;
  readonly closed: boolean;
  /** Ends both connection pools (and closes PGlite when the store opened it). Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link openStore}. Every field is optional. */
export interface OpenStoreOptions {
  /**
   * PostgreSQL connection string for the admin connection (and the app connection unless
   * `appUrl` is set). Defaults to `process.env.DATABASE_URL` when neither `dataDir` nor `pglite`
   * is given. Without any of them the store is PGlite under `.gatehouse/db`.
   */
  url?: string;
  /**
   * A connection string that logs in as the app role itself. Safest: the app connections then
   * have no other role to switch to. Without it, app connections log in with `url` and are
   * pinned to the app role at connection start-up (`-c role=...`).
   */
  appUrl?: string;
  /** PGlite data directory, or `'memory'` for an in-memory database. */
  dataDir?: string;
  /** An already open PGlite instance to use. The store does not close it. */
  pglite?: PGlite;
  /**
   * PGlite only: run PGlite in a worker thread instead of this one. PGlite executes SQL as
   * WebAssembly in the thread that calls it, so in a server each audit batch would block the
   * event loop for milliseconds; in a worker thread it runs on another core. Results and errors
   * (with their `code`) are the same. Default false. Not with `pglite` (an instance cannot move
   * to another thread) or `url`; ignored when the store is PostgreSQL through `DATABASE_URL`.
   *
   * @example
   * ```ts
   * const store = await openStore({ dataDir: '.gatehouse/db', thread: true });
   * ```
   */
  thread?: boolean;
  /** Schema for the tables. Default `gatehouse`. Lower-case SQL name. */
  schema?: string;
  /** Default `gatehouse_app_role`. */
  appRole?: string;
  /** Default `gatehouse_platform_admin`. */
  adminRole?: string;
  /** Default `gatehouse_owner`. */
  ownerRole?: string;
  /** Most connections in the app pool (PostgreSQL). Default 10. */
  poolSize?: number;
  /** How long to wait for a PostgreSQL connection, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** `application_name` prefix of the connections (`<name>:app`, `<name>:admin`). Default `gatehouse`. */
  applicationName?: string;
}
