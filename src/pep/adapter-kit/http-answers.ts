/**
 * The HTTP answers the web adapters (Express, Next) give for each outcome and error, so both
 * speak the same JSON:
 * - deny: 403 `{ error: 'denied', decision_id, stage, reasons }` (400 `invalid_request` for a malformed request);
 * - require_approval: 202 `{ status: 'pending_approval', approval_id, decision_id, expires_at }`;
 * - a presented approval that does not fit: 403 `{ error: 'approval_refused', … }`;
 * - unidentified: 401; audit or approvals down: 503 (fail closed).
 */
import { AuthenticationError, OrgMismatchError } from '../../crypto/api-keys/api-key-errors.js';
import type { Decision } from '../../pdp/decision.js';
import { ApprovalDeniedError, ApprovalRequiredError, AuditRequiredError, PolicyDeniedError } from '../guard/errors.js';
import { ApprovalNotUsableError, ApprovalUnavailableError, ChatInputMissingError, InvalidRequestBodyError } from './adapter-errors.js';
import type { InputOutcome } from './govern-input.js';

/** Response header carrying the decision id of the request (the input decision). */
export const DECISION_ID_HEADER = 'gatehouse-decision-id';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Reason codes and messages: never a detected value (decisions hold none). */
function reasonsOf(decision: Decision) {
  return decision.reasons.map((r) => ({ code: r.code, message: r.message, ...(r.policyId !== undefined ? { policy_id: r.policyId } : {}) }));
}

/** 403 (or 400 for `invalid_request`) with the decision id and reasons. */
export function deniedAnswer(decision: Decision): HttpAnswer {
  const invalid = decision.reasons[0]?.code === 'invalid_request';
  return { status: invalid ? 400 : 403, body: { error: invalid ? 'invalid_request' : 'denied', decision_id: decision.decisionId, stage: decision.stage, reasons: reasonsOf(decision) }, headers: { [DECISION_ID_HEADER]: decision.decisionId } };
}

export function pendingApprovalAnswer(decision: Decision, approvalId: string | null, expiresAt: string | null = null): HttpAnswer {
  return { status: 202, body: { status: 'pending_approval', approval_id: approvalId, decision_id: decision.decisionId, expires_at: expiresAt }, headers: { [DECISION_ID_HEADER]: decision.decisionId } };
}

export function approvalRefusedAnswer(decision: Decision, approvalId: string, approvalStatus: string): HttpAnswer {
  return { status: 403, body: { error: 'approval_refused', decision_id: decision.decisionId, approval_id: approvalId, approval_status: approvalStatus }, headers: { [DECISION_ID_HEADER]: decision.decisionId } };
}

/** The answer for an outcome that stops the request. */
export function answerForOutcome(outcome: Exclude<InputOutcome, { kind: 'proceed' }>): HttpAnswer {
  switch (outcome.kind) {
    case 'denied': return deniedAnswer(outcome.decision);
    case 'pending_approval': return pendingApprovalAnswer(outcome.decision, outcome.approvalId, outcome.expiresAt);
    case 'approval_refused': return approvalRefusedAnswer(outcome.decision, outcome.approvalId, outcome.approvalStatus);
  }
}

/**
 * The answer for an error the adapters (or `guardOutput`) throw, or null for anything else,
 * which the host's own error handling deals with.
 *
 * @example
 * ```ts
 * const answer = answerForError(error);
 * if (answer) return Response.json(answer.body, { status: answer.status, headers: answer.headers });
 * ```
 */
export function answerForError(error: unknown): HttpAnswer | null {
  if (error instanceof PolicyDeniedError) return deniedAnswer(error.decision);
  if (error instanceof ApprovalRequiredError) {
    // An output that needs a human cannot be parked mid-response: it is withheld.
    const stage = error.decision.stage;
    if (stage === 'output' || stage === 'tool_result') return deniedAnswer(error.decision);
    return pendingApprovalAnswer(error.decision, error.approvalId);
  }
  if (error instanceof ApprovalDeniedError) return approvalRefusedAnswer(error.decision, error.approvalId, error.status);
  if (error instanceof ApprovalNotUsableError) return { status: 403, body: { error: 'approval_refused', approval_id: error.approvalId, approval_status: error.approvalStatus } };
  if (error instanceof AuditRequiredError) return { status: 503, body: { error: 'audit_unavailable', decision_id: error.decision.decisionId, message: 'The decision could not be recorded, so the request was stopped.' } };
  if (error instanceof ApprovalUnavailableError) return { status: 503, body: { error: 'approval_unavailable', decision_id: error.decisionId, message: 'The approval service is unavailable, so the request was stopped.' } };
  if (error instanceof AuthenticationError) {
    // One message for every cause: which check failed helps an attacker more than a user.
    return { status: 401, body: { error: 'unauthenticated', message: 'Missing or invalid credentials.' }, headers: { 'www-authenticate': 'Bearer, Basic realm="gatehouse"' } };
  }
  if (error instanceof OrgMismatchError) return { status: 403, body: { error: 'org_mismatch', message: error.message } };
  if (error instanceof ChatInputMissingError) return { status: 400, body: { error: 'invalid_request', message: error.message } };
  if (error instanceof InvalidRequestBodyError) return { status: error.status, body: { error: 'invalid_request', message: error.message } };
  return null;
}
