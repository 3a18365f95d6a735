/**
 * A Kysely connection over the PGlite session, valid while its holder has the session lock.
 *
 * With `appRole` set, every statement runs as that role: inside a transaction because BEGIN was
 * sent with `set local role` (see transaction-prelude.ts), and outside one because the
 * statement is wrapped in a transaction of its own that does the same. The PGlite session user
 * is a superuser, so "outside a transaction" must never mean "as the session user".
 */
import type { PGliteExecutor } from './pglite-session.js';
import { AbortedTransactionError, CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import { appTransactionPrelude } from '../transaction-prelude.js';

export class PGliteConnection implements DatabaseConnection {
  readonly #db: PGliteExecutor;
  readonly #appRole: string | undefined;
  #inTransaction = false;

  constructor(db: PGliteExecutor, appRole: string | undefined) {
    this.#db = db;
    this.#appRole = appRole;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#appRole === undefined || this.#inTransaction) return this.#run<R>(query);
    await this.#begin(appTransactionPrelude(this.#appRole));
    try {
      const result = await this.#run<R>(query);
      await this.#commit();
      return result;
    } catch (error) {
      // Report the statement's error, not a failure to roll back after it.
      await this.#db.exec('rollback').catch(() => undefined);
      throw error;
    }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on PGlite; page with keyset queries instead.');
  }

  /** `sql`: the driver's beginMessage() (BEGIN, plus the app prelude with an app role). */
  async beginTransaction(sql: string): Promise<void> {
    await this.#begin(sql);
    this.#inTransaction = true;
  }

  async commitTransaction(): Promise<void> {
    this.#inTransaction = false;
    await this.#commit();
  }

  async rollbackTransaction(): Promise<void> {
    this.#inTransaction = false;
    await this.#db.exec('rollback');
  }

  /**
   * Sends BEGIN and whatever follows it in one message. If a later statement fails (the role
   * does not exist yet, say), BEGIN has already run: roll back, or the single session would stay
   * in an aborted transaction and fail everything after it.
   */
  async #begin(sql: string): Promise<void> {
    try {
      await this.#db.exec(sql);
    } catch (error) {
      await this.#db.exec('rollback').catch(() => undefined);
      throw error;
    }
  }

  /** COMMIT of a transaction that an error already aborted answers ROLLBACK: say so. */
  async #commit(): Promise<void> {
    const results = await this.#db.exec('commit');
    if (results.at(-1)?.command === 'ROLLBACK') {
      throw new AbortedTransactionError();
    }
  }

  async #run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, use the simple protocol: it accepts several statements (migrations).
    const result =
      query.parameters.length === 0
        ? (await this.#db.exec(query.sql)).at(-1)
        : await this.#db.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' });
    // Like the pg driver, report affected rows only for statements that change data.
    const changes = result?.command !== undefined && DATA_CHANGES.has(result.command);
    return {
      rows: (result?.rows ?? []) as R[],
      numAffectedRows: changes ? BigInt(result?.affectedRows ?? 0) : undefined,
    };
  }
}

const DATA_CHANGES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
