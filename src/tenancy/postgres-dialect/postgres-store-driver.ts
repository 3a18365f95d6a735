/**
 * Kysely's PostgreSQL driver, plus what the store needs on top:
 *
 * - with `appRole`, every transaction opens with the app prelude (`set local role`, org
 *   withTenant()'s org, or none; see transaction-prelude.ts) in the same message as BEGIN, and each new pooled
 *   connection is checked once to really be the app role, without superuser or BYPASSRLS;
 * - use of the store inside its own withTenant() callback is refused (scope-guard.ts).
 */
import { CompiledQuery, PostgresDriver, type DatabaseConnection, type PostgresPool, type TransactionSettings } from 'kysely';
import { assertSafeAppRole } from '../app-role-check.js';
import { assertNotInScope } from '../scope-guard.js';
import { beginMessage } from '../transaction-prelude.js';

export interface PostgresStoreDriverConfig {
  readonly pool: PostgresPool;
  readonly scopeKey: object;
  readonly appRole?: string;
}

type AcquireOptions = Parameters<PostgresDriver['acquireConnection']>[0];
/** Kysely types releaseConnection() with its private connection class; ours came from super. */
type ReleasedConnection = Parameters<PostgresDriver['releaseConnection']>[0];

export class PostgresStoreDriver extends PostgresDriver {
  readonly #scopeKey: object;
  readonly #appRole: string | undefined;
  readonly #checked = new WeakSet<DatabaseConnection>();

  constructor(config: PostgresStoreDriverConfig) {
    super({ pool: config.pool });
    this.#scopeKey = config.scopeKey;
    this.#appRole = config.appRole;
  }

  override async acquireConnection(options?: AcquireOptions): Promise<DatabaseConnection> {
    assertNotInScope(this.#scopeKey);
    const connection = await super.acquireConnection(options);
    if (this.#appRole !== undefined && !this.#checked.has(connection)) {
      try {
        await assertSafeAppRole(connection, this.#appRole);
      } catch (error) {
        await super.releaseConnection(connection as ReleasedConnection);
        throw error;
      }
      this.#checked.add(connection);
    }
    return connection;
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (this.#appRole === undefined) return super.beginTransaction(connection, settings);
    try {
      await connection.executeQuery(CompiledQuery.raw(beginMessage(this.#appRole, settings, this.#scopeKey), []));
    } catch (error) {
      // BEGIN ran before the failing statement; don't hand an aborted transaction back to the
      // pool. (A failed rollback marks the connection for discard.)
      await super.rollbackTransaction(connection as ReleasedConnection).catch(() => undefined);
      throw error;
    }
  }
}
