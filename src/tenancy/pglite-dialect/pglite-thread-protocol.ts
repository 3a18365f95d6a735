/**
 * The messages between a {@link PGliteThreadClient} (main side) and the worker thread that
 * runs PGlite (pglite-thread-host.ts). Every request carries an id and its reply the same id,
 * so an answer can only ever settle the call that asked for it.
 */
import type { Results } from '@electric-sql/pglite';
import type { WireError } from './pglite-thread-error.js';

/** What the worker is started with (`workerData`). */
export interface PGliteThreadData {
  readonly dataDir: string | 'memory';
}

export type RowMode = 'object' | 'array';

export type PGliteThreadRequest =
  | { readonly id: number; readonly op: 'exec'; readonly sql: string; readonly rowMode: RowMode | undefined }
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params: unknown[]; readonly rowMode: RowMode | undefined }
  | { readonly id: number; readonly op: 'close' };

/** Id 0 answers the start: PGlite is open (ok) or could not be opened (the error). */
export const OPEN_ID = 0;

export type PGliteThreadReply =
  | { readonly id: number; readonly ok: true; readonly value: Results | Results[] | undefined }
  | { readonly id: number; readonly ok: false; readonly error: WireError };
