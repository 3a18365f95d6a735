/** Typed errors of the human-approval service. */
import { GatehouseError, formatIssuePath, type ConfigIssue } from '../../errors.js';
import type { ApprovalStatus } from './approval-tables.js';

/**
 * A request, review or wait had a bad or missing field (no justification, a decision that does
 * not ask for approval, an approval id that is not a UUID…). `issues` lists each by path.
 *
 * @example
 * ```ts
 * await approvals.approve({ orgId, approvalId, reviewer, justification: '' });
 * // throws InvalidApprovalRequestError (code INVALID_APPROVAL_REQUEST): justification: must say why
 * ```
 */
export class InvalidApprovalRequestError extends GatehouseError {
  declare readonly code: 'INVALID_APPROVAL_REQUEST';
  readonly status = 400;
  readonly issues: ConfigIssue[];
  constructor(operation: string, issues: ConfigIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    super('INVALID_APPROVAL_REQUEST', `Invalid approval ${operation}: ${shown.join('; ')}.`);
    this.issues = issues;
  }
}

/**
 * No approval with this id in this org (row-level security: another org's approval is "not
 * found" too).
 *
 * @example
 * ```ts
 * await approvals.get('acme', someoneElsesApprovalId); // throws ApprovalNotFoundError (APPROVAL_NOT_FOUND)
 * ```
 */
export class ApprovalNotFoundError extends GatehouseError {
  declare readonly code: 'APPROVAL_NOT_FOUND';
  readonly status = 404;
  constructor(orgId: string, approvalId: string) {
    super('APPROVAL_NOT_FOUND', `No approval ${approvalId} in org "${orgId}". Check the id and the org it was requested in.`);
  }
}

/**
 * The approval was already decided (or has expired), so it cannot be approved or rejected.
 * `current` is its state; an admin can still `override()` it.
 *
 * @example
 * ```ts
 * try { await approvals.approve(input) }
 * catch (e) { if (e instanceof ApprovalNotPendingError && e.current === 'expired') askAgain() }
 * ```
 */
export class ApprovalNotPendingError extends GatehouseError {
  declare readonly code: 'APPROVAL_NOT_PENDING';
  readonly status = 409;
  readonly current: ApprovalStatus;
  constructor(approvalId: string, current: ApprovalStatus) {
    super('APPROVAL_NOT_PENDING', `Approval ${approvalId} is ${current}, not pending, so it can no longer be approved or rejected. Request a new approval, or have an admin override it.`);
    this.current = current;
  }
}

/**
 * The reviewer is the person who asked for the approval. Four eyes: someone else must review
 * it (unless the service was created with `allowSelfReview: true`).
 *
 * @example
 * ```ts
 * await approvals.approve({ ..., reviewer: { id: 'u1', ... } }); // requested by u1: ApprovalSelfReviewError
 * ```
 */
export class ApprovalSelfReviewError extends GatehouseError {
  declare readonly code: 'APPROVAL_SELF_REVIEW';
  readonly status = 403;
  constructor(approvalId: string) {
    super('APPROVAL_SELF_REVIEW', `Approval ${approvalId} was requested by its reviewer; another member with "hitl:approve" must review it.`);
  }
}

/**
 * `waitFor()` gave up before the approval was decided. The approval itself is still pending;
 * treat the call as denied.
 *
 * @example
 * ```ts
 * try { await approvals.waitFor('acme', id, { timeoutMs: 30_000 }) }
 * catch (e) { if (e instanceof ApprovalWaitTimeoutError) return deny() }
 * ```
 */
export class ApprovalWaitTimeoutError extends GatehouseError {
  declare readonly code: 'APPROVAL_WAIT_TIMEOUT';
  readonly approvalId: string;
  constructor(approvalId: string, timeoutMs: number) {
    super('APPROVAL_WAIT_TIMEOUT', `Approval ${approvalId} was not decided within ${timeoutMs} ms. It is still pending; treat the call as denied, or wait again with a longer timeoutMs.`);
    this.approvalId = approvalId;
  }
}

/**
 * The approval service was closed while a `waitFor()` was pending, or used after `close()`.
 *
 * @example
 * ```ts
 * await approvals.close();
 * await approvals.waitFor('acme', id, { timeoutMs: 1000 }); // throws ApprovalServiceClosedError
 * ```
 */
export class ApprovalServiceClosedError extends GatehouseError {
  declare readonly code: 'APPROVAL_SERVICE_CLOSED';
  constructor() {
    super('APPROVAL_SERVICE_CLOSED', 'The approval service is closed; create a new one with createApprovalService().');
  }
}
