/**
 * Turns whatever a route threw into a response: typed errors keep their status and code,
 * anything else is a 500 whose body says nothing about the cause. Never a request body, a
 * credential or a database message in a response or a log line.
 */
import type { ServerResponse } from 'node:http';
import { GatehouseError } from '../../errors.js';
import type { Logger } from '../log/logger.js';
import { HttpRequestError } from './http-errors.js';
import { RequestAbortedError } from './read-json-body.js';
import { sendJson } from './send-json.js';

/** Codes of input errors raised below the HTTP layer (store, audit, breakers): 400. */
const BAD_REQUEST_CODES = new Set(['INVALID_OPTION', 'INVALID_ARGUMENT_TYPE', 'AUDIT_CURSOR_INVALID', 'INVALID_BREAKER_REQUEST', 'INVALID_ORG_ID', 'INVALID_APPROVAL_REQUEST', 'INVALID_IDENTIFIER']);

/** Codes meaning a dependency is down, with what to say instead of its message: 503. */
const UNAVAILABLE: Readonly<Record<string, string>> = {
  AUDIT_UNAVAILABLE: 'The decision could not be recorded, so it is not returned (fail closed). Retry later.',
  AUDIT_QUEUE_FULL: 'The audit queue is full, so the decision is not returned (fail closed). Retry later.',
  AUDIT_WRITER_CLOSED: 'The server is shutting down. Retry on another instance.',
  AUDIT_WRITE_FAILED: 'The audit store could not be written. Retry later.',
  BREAKER_STATE_UNAVAILABLE: 'Circuit-breaker state is unavailable. Retry later.',
  STORE_UNAVAILABLE: 'The store is unavailable. Retry later.',
  APPROVAL_SERVICE_CLOSED: 'The approval service is shut down. Retry on another instance.',
  APPROVAL_UNAVAILABLE: 'The approval request could not be created, so the decision is not returned. Retry later.',
};

const TENANT_CHALLENGE = 'Bearer realm="gatehouse", Basic realm="gatehouse"';

/** Which credentials a route takes, for the 401 message and challenge. */
export type CredentialKind = 'tenant' | 'admin' | 'none';

/**
 * Sends the error response for `error`. Returns the status sent (0 when the client is gone or
 * a response was already sent).
 */
export function respondWithError(res: ServerResponse, error: unknown, context: { route: string; credentials: CredentialKind; logger: Logger }): number {
  if (error instanceof RequestAbortedError || res.headersSent || res.writableEnded || res.destroyed) return 0;
  const { route, credentials, logger } = context;

  if (error instanceof HttpRequestError) {
    sendJson(res, error.status, { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } }, error.headers);
    return error.status;
  }
  if (error instanceof GatehouseError) {
    const status = (error as { status?: unknown }).status;
    if (error.code === 'UNAUTHENTICATED' || status === 401) {
      const reason = (error as { reason?: unknown }).reason;
      const keyId = (error as { keyId?: unknown }).keyId;
      logger.warn({ route, reason, ...(typeof keyId === 'string' ? { keyId } : {}) }, 'authentication failed');
      const message = credentials === 'admin'
        ? 'This route needs an admin key: "Authorization: Bearer gh_admin_…".'
        : 'This route needs an API key: "Authorization: Bearer gh_live_…" or Basic auth with clientId:key.';
      sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message } }, { 'www-authenticate': credentials === 'admin' ? 'Bearer realm="gatehouse-admin"' : TENANT_CHALLENGE });
      return 401;
    }
    if (error.code === 'PERMISSION_DENIED' || status === 403) {
      sendJson(res, 403, { error: { code: error.code, message: error.message } });
      return 403;
    }
    if (BAD_REQUEST_CODES.has(error.code)) {
      const issues = (error as { issues?: unknown }).issues;
      sendJson(res, 400, { error: { code: error.code, message: error.message, ...(Array.isArray(issues) ? { issues } : {}) } });
      return 400;
    }
    const unavailable = UNAVAILABLE[error.code];
    if (unavailable !== undefined) {
      const decisionId = (error as { decision?: { decisionId?: unknown } }).decision?.decisionId;
      logger.error({ route, code: error.code, ...(typeof decisionId === 'string' ? { decisionId } : {}) }, 'dependency unavailable');
      sendJson(res, 503, { error: { code: error.code, message: unavailable, ...(typeof decisionId === 'string' ? { decision_id: decisionId } : {}) } }, { 'retry-after': '1' });
      return 503;
    }
  }
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  logger.error({ route, error: name, ...(typeof code === 'string' ? { code } : {}) }, 'request failed');
  sendJson(res, 500, { error: { code: 'INTERNAL', message: 'The request failed on the server. It has been logged; retry, or report it with the time of the request.' } });
  return 500;
}
