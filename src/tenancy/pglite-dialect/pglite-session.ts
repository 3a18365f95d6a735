/**
 * One PGlite instance shared by the store's admin and app Kysely instances, with the lock that
 * serialises them. Everything that uses an instance must share its lock: PGlite has a single
 * session, so two locks would let two transactions interleave on it.
 */
import type { PGlite } from '@electric-sql/pglite';
import { ConnectionLock } from './connection-lock.js';

export interface PGliteSession {
  readonly db: PGlite;
  readonly lock: ConnectionLock;
}

const sessions = new WeakMap<PGlite, PGliteSession>();

/** The session of `db`, created on first use. Several stores over one instance share it. */
export function pgliteSession(db: PGlite): PGliteSession {
  let session = sessions.get(db);
  if (session === undefined) {
    session = { db, lock: new ConnectionLock() };
    sessions.set(db, session);
  }
  return session;
}
