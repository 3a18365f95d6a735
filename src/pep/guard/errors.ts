import { GatehouseError } from '../../errors.js';
import type { Decision } from '../../pdp/decision.js';

/**
 * A decision denied the call. Carries the decision (no raw values), so a handler can answer
 * with its `decisionId` and reason codes.
 *
 * @example
 * ```ts
 * try { await gh.guard(who, input, call) }
 * catch (e) { if (e instanceof PolicyDeniedError) res.status(403).json({ decision_id: e.decision.decisionId }) }
 * ```
 */
export class PolicyDeniedError extends GatehouseError {
  readonly decision: Decision;
  constructor(decision: Decision, what = 'request') {
    const codes = [...new Set(decision.reasons.map((r) => r.code))].join(', ') || 'policy';
    super('POLICY_DENIED', `The ${what} was denied by policy (${codes}); decision ${decision.decisionId}.`);
    this.decision = decision;
  }
}

/** The call needs a human's approval first. `approvalId` is what the approver acts on. */
export class ApprovalRequiredError extends GatehouseError {
  readonly decision: Decision;
  readonly approvalId: string | null;
  constructor(decision: Decision, approvalId: string | null) {
    super(
      'APPROVAL_REQUIRED',
      approvalId
        ? `The request needs approval: approval ${approvalId} for decision ${decision.decisionId} is pending.`
        : `The request needs approval (decision ${decision.decisionId}), but no approval queue is configured: pass approvals to createGatehouse.`,
    );
    this.decision = decision;
    this.approvalId = approvalId;
  }
}

/** An approval this call waited for was rejected, expired or timed out: the call does not run. */
export class ApprovalDeniedError extends GatehouseError {
  readonly decision: Decision;
  readonly approvalId: string;
  readonly status: string;
  constructor(decision: Decision, approvalId: string, status: string) {
    super('APPROVAL_DENIED', `Approval ${approvalId} ended as "${status}", so the call was not made (decision ${decision.decisionId}).`);
    this.decision = decision;
    this.approvalId = approvalId;
    this.status = status;
  }
}

/** The decision could not be recorded and the audit mode requires it: the call fails closed. */
export class AuditRequiredError extends GatehouseError {
  readonly decision: Decision;
  constructor(decision: Decision, cause: unknown) {
    super('AUDIT_UNAVAILABLE', `Decision ${decision.decisionId} could not be recorded, so the call was stopped (fail closed). Check the audit store.`, { cause });
    this.decision = decision;
  }
}
