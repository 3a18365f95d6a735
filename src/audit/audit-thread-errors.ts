/**
 * Typed errors of the audit thread (`startAuditThread()`). Messages say what to fix and never
 * contain the audit secret or a connection string.
 */
import { GatehouseError } from '../errors.js';

/**
 * The audit thread failed to start or stopped: its records cannot be written. `record()` fails
 * closed with it (buffered and sync); records it had accepted and not written are counted as
 * failed and reported to `onError`.
 *
 * @example
 * ```ts
 * try { await audit.record(decision) }
 * catch (e) { if (e instanceof AuditUnavailableError) return res.status(503).end() } // not audited: don't answer
 * ```
 */
export class AuditUnavailableError extends GatehouseError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('AUDIT_UNAVAILABLE', `The audit thread is not running: ${detail}. Decisions cannot be audited; check the log for its cause and restart the writer.`, options);
  }
}

/**
 * `startAuditThread()` was given a PGlite store (`dataDir`, `pglite`, or neither a `url` nor
 * `DATABASE_URL`). PGlite's database lives in the thread that opened it, so a second thread
 * cannot write to it: use `createAuditWriter(store, …)` on the PGlite store instead.
 *
 * @example
 * ```ts
 * await startAuditThread({ dataDir: '.gatehouse/db' }, { auditSecret }); // throws: code AUDIT_THREAD_NEEDS_POSTGRES
 * ```
 */
export class AuditThreadNeedsPostgresError extends GatehouseError {
  constructor() {
    super(
      'AUDIT_THREAD_NEEDS_POSTGRES',
      'startAuditThread() needs a PostgreSQL store (options.url, or DATABASE_URL): a PGlite database cannot be opened by a second thread. ' +
        'For PGlite, use createAuditWriter(store, options), which writes from the thread that opened the store.',
    );
  }
}
