import { GatehouseError } from '../errors.js';

/**
 * An API-key lifecycle event the audit trail cannot record: it names no org (an admin key),
 * or a field is malformed. Thrown by {@link apiKeyAuditSink}; the key manager's call then
 * fails, so no change goes unrecorded.
 *
 * @example
 * ```ts
 * try { await sink(event); } catch (e) { if (e instanceof ApiKeyAuditError) console.error(e.code); } // AUDIT_API_KEY_EVENT_INVALID
 * ```
 */
export class ApiKeyAuditError extends GatehouseError {
  constructor(message: string) {
    super('AUDIT_API_KEY_EVENT_INVALID', message);
  }
}
