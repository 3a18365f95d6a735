/**
 * A Kysely driver over a shared PGlite session. Acquiring a connection takes the session lock;
 * releasing it gives the lock back, so each Kysely transaction (or single query) has PGlite to
 * itself from BEGIN to COMMIT.
 *
 * Kysely ships a PGlite dialect, but it hands the same connection to concurrent callers and
 * routes any query made during a transaction into that transaction. For tenant isolation that
 * is a leak: another request's query would run with this request's org.
 */
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { assertSafeAppRole } from '../app-role-check.js';
import { quoteIdentifier } from '../identifiers.js';
import { assertNotInScope } from '../scope-guard.js';
import { beginMessage } from '../transaction-prelude.js';
import { PGliteConnection } from './pglite-connection.js';
import type { PGliteSession } from './pglite-session.js';

export interface PGliteDriverConfig {
  readonly session: PGliteSession;
  /** Run every statement as this role (the app path). Left out: the session user (admin path). */
  readonly appRole?: string;
  /** Identifies the store, to catch its use inside its own withTenant() callback. */
  readonly scopeKey: object;
}

export class PGliteDriver implements Driver {
  readonly #config: PGliteDriverConfig;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  #appRoleChecked = false;

  constructor(config: PGliteDriverConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    // The store opened PGlite already; nothing to do per driver.
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    assertNotInScope(this.#config.scopeKey);
    const release = await this.#config.session.lock.acquire();
    const connection = new PGliteConnection(this.#config.session.db, this.#config.appRole);
    try {
      if (this.#config.appRole !== undefined && !this.#appRoleChecked) {
        await assertSafeAppRole(connection, this.#config.appRole);
        this.#appRoleChecked = true;
      }
    } catch (error) {
      release();
      throw error;
    }
    this.#releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PGliteConnection).beginTransaction(beginMessage(this.#config.appRole, settings, this.#config.scopeKey));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).commitTransaction();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).rollbackTransaction();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releases.get(connection)?.();
    this.#releases.delete(connection);
  }

  async destroy(): Promise<void> {
    // The store owns the PGlite instance and closes it after both Kysely instances.
  }
}
