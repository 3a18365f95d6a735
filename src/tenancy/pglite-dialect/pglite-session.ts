/**
 * One PGlite instance shared by the store's admin and app Kysely instances, with the lock that
 * serialises them. Everything that uses an instance must share its lock: PGlite has a single
 * session, so two locks would let two transactions interleave on it.
 */
import type { QueryOptions, Results } from '@electric-sql/pglite';
import type { MessagePort } from 'node:worker_threads';
import { ConnectionLock, type SessionLock } from './connection-lock.js';

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
  /**
   * The lock of a session that other threads share too (a {@link PGliteThreadClient}: the worker
   * thread holding PGlite enforces it for every client). Absent: a lock in this thread suffices.
   */
  readonly sessionLock?: SessionLock;
  /** Names the database in errors, when the executor knows it (a thread client does). */
  readonly target?: string;
  /**
   * A new MessagePort to the same PGlite, for another thread (see store-thread-handle.ts), and
   * the name of the database for its errors. Absent: this instance cannot be shared.
   */
  shareWithThread?(): { port: MessagePort; target: string };
}

export interface PGliteSession {
  readonly db: PGliteExecutor;
  readonly lock: SessionLock;
}

const sessions = new WeakMap<PGliteExecutor, PGliteSession>();

/** The session of `db`, created on first use. Several stores over one instance share it. */
export function pgliteSession(db: PGliteExecutor): PGliteSession {
  let session = sessions.get(db);
  if (session === undefined) {
    session = { db, lock: db.sessionLock ?? new ConnectionLock() };
    sessions.set(db, session);
  }
  return session;
}
