/**
 * One PGlite instance shared by the store's admin and app Kysely instances, with the lock that
 * serialises them. Everything that uses an instance must share its lock: PGlite has a single
 * session, so two locks would let two transactions interleave on it.
 */
import type { QueryOptions, Results } from '@electric-sql/pglite';
import { ConnectionLock } from './connection-lock.js';

/**
 * The part of PGlite's API the dialect and the store use: a `PGlite` instance in this thread,
 * or a {@link PGliteThreadClient} whose instance runs in a worker thread.
 */
export interface PGliteExecutor {
  /** Simple protocol: several statements, no parameters; one result per statement. */
  exec(query: string, options?: Pick<QueryOptions, 'rowMode'>): Promise<Results[]>;
  /** Extended protocol: one statement with parameters. */
  query<T>(query: string, params?: unknown[], options?: Pick<QueryOptions, 'rowMode'>): Promise<Results<T>>;
  readonly closed: boolean;
  readonly waitReady: Promise<void>;
  close(): Promise<void>;
}

export interface PGliteSession {
  readonly db: PGliteExecutor;
  readonly lock: ConnectionLock;
}

const sessions = new WeakMap<PGliteExecutor, PGliteSession>();

/** The session of `db`, created on first use. Several stores over one instance share it. */
export function pgliteSession(db: PGliteExecutor): PGliteSession {
  let session = sessions.get(db);
  if (session === undefined) {
    session = { db, lock: new ConnectionLock() };
    sessions.set(db, session);
  }
  return session;
}
