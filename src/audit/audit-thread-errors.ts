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
