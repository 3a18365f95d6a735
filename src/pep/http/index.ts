/**
 * Decision Mode over HTTP: the request handler, the server, and their building blocks.
 *
 * @example
 * ```ts
 * import { createDecisionServer, storeAuditRecords, parseAdminKeyDigests } from './pep/http/index.js';
 * const ds = createDecisionServer({
 *   engine, audit: writer, breakers,
 *   apiKeys: createKyselyApiKeyLookup(store),
 *   adminKeyDigests: parseAdminKeyDigests(process.env.GATEHOUSE_ADMIN_KEY_SHA256),
 *   auditRecords: storeAuditRecords(store, { auditSecret }),
 * });
 * await ds.listen(8080);
 * ```
 *
 * @packageDocumentation
 */
export { createDecisionHandler, type DecisionHandler } from './decision-handler.js';
export { createDecisionServer, type DecisionServer, type DecisionServerOptions } from './decision-server.js';
export {
  DEFAULT_BODY_LIMIT_BYTES, DEFAULT_REQUEST_TIMEOUT_MS,
  type DecisionHandlerOptions, type ApprovalRequester, type BreakerAdmin, type HandlerAuditSink,
} from './handler-options.js';
export { apiKeyAuthenticator, type TenantAuthenticator, type ApiKeyAuthenticatorOptions } from './tenant-authenticator.js';
export { createCachedApiKeyLookup, type CachedApiKeyLookupOptions } from './cached-api-key-lookup.js';
export { cachedApiKeyAuthenticator, type CachedApiKeyAuthenticatorOptions } from './cached-api-key-authenticator.js';
export { adminKeyAuthenticator, parseAdminKeyDigests, ADMIN_KEY_DIGESTS_VARIABLE, type AdminAuthenticator } from './admin-key-authenticator.js';
export { storeAuditRecords, type AuditRecordsSource } from './audit-records-source.js';
export { createDecisionMetrics, type DecisionMetrics, type AuditCounterSource } from './decision-metrics.js';
export { DecideBodySchema, DecideTargetSchema, CallerIdentitySchema, mapDecideBody, type DecideBody, type MappedDecideRequest } from './decide-request.js';
export { toDecideResponse, type DecideResponse, type HttpVerdict, type HttpObligation, type ApprovalTicket } from './decide-response.js';
export { ORG_MISMATCH_POLICY_ID, CLIENT_MISMATCH_POLICY_ID, identityMismatchDecision } from './identity-mismatch.js';
export {
  HttpRequestError, BodyTooLargeError, InvalidJsonError, InvalidHttpRequestError, IdentityMismatchError,
  RouteNotFoundError, MethodNotAllowedError, UnsupportedMediaTypeError, RouteNotConfiguredError, RequestTimeoutError,
} from './http-errors.js';
