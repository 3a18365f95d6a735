/**
 * The messages between a {@link PGliteThreadClient} and the worker thread that runs PGlite
 * (pglite-thread-host.ts). The thread's owner talks over the Worker; every other client over a
 * MessagePort of its own (`attach`). Every call carries an id and its reply the same id, so an
 * answer can only ever settle the call that asked for it.
 *
 * The session lock lives in the thread and costs no message of its own: the first statement of a
 * lock holder carries `acquire` (the thread runs it once the lock is free), and `release` is a
 * one-way notice sent after the holder's last reply.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';
import type { WireError } from '../../thread-error.js';

/** What the worker is started with (`workerData`). */
export interface PGliteThreadData {
  readonly dataDir: string | 'memory';
}

export type RowMode = 'object' | 'array';

/** A request with a reply. `acquire`: take the session lock for this client, then run. */
export type PGliteThreadCall =
  | { readonly id: number; readonly op: 'exec'; readonly sql: string; readonly rowMode: RowMode | undefined; readonly acquire?: true }
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params: unknown[]; readonly rowMode: RowMode | undefined; readonly acquire?: true }
  | { readonly id: number; readonly op: 'close' };

/** One-way notices: give the session lock back; serve another client on `port`. */
export type PGliteThreadNotice = { readonly op: 'release' } | { readonly op: 'attach'; readonly port: MessagePort };

export type PGliteThreadRequest = PGliteThreadCall | PGliteThreadNotice;

/** Id 0 answers the start: PGlite is open (ok) or could not be opened (the error). */
export const OPEN_ID = 0;

export type PGliteThreadReply =
  | { readonly id: number; readonly ok: true; readonly value: Results | Results[] | undefined }
  | { readonly id: number; readonly ok: false; readonly error: WireError };
