/**
 * Human approval (HITL, issue 6): pending, approved, rejected, expired and overridden requests
 * in the store under row-level security, reviews that need `hitl:approve` and record reviewer
 * and justification, expiry (a deny) after 24 h by default, append-only history, waiting
 * through LISTEN/NOTIFY (PostgreSQL) or polling (PGlite), and a signed webhook on new requests.
 *
 * @example
 * ```ts
 * const approvals = createApprovalService(store, { webhook: { url: 'https://ops.example/hooks', secret: hookSecret } });
 * const { approvalId } = await approvals.request({ orgId: 'acme', decision, requestedBy: 'u1' });
 * const done = await approvals.waitFor('acme', approvalId, { timeoutMs: 600_000 });
 * isApproved(done); // true only when a reviewer approved (or an admin overrode to allow)
 *
 * // the receiving end of the webhook:
 * verifyWebhookSignature(rawBody, req.headers, hookSecret); // true, or false for a forged or replayed call
 * ```
 *
 * @packageDocumentation
 */
export { createApprovalService, type ApprovalService, type ApprovalServiceOptions } from './approval-service.js';
export type { RequestApprovalInput, ReviewInput, OverrideInput, WaitOptions } from './approval-input.js';
export { isApproved, isFinal, type ApprovalRecord, type ApprovalEvent } from './approval-record.js';
export type { StoredDecision } from './decision-summary.js';
export { EXPIRY_ACTOR } from './approval-repository.js';
export { APPROVAL_STATUSES, type ApprovalStatus, type ApprovalOutcome, type ApprovalEventKind } from './approval-tables.js';
export {
  verifyWebhookSignature, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER,
  type VerifyWebhookOptions, type WebhookSecret,
} from './webhook-signature.js';
export type { WebhookOptions, WebhookDeliveryResult } from './webhook-delivery.js';
export {
  ApprovalNotFoundError, ApprovalNotPendingError, ApprovalSelfReviewError, ApprovalServiceClosedError, ApprovalWaitTimeoutError, InvalidApprovalRequestError,
} from './approval-errors.js';
export type { Actor } from '../access/actor.js';
export type { Authorize } from '../access/require-permission.js';
export type { Logger } from '../log/logger.js';
