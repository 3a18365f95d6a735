/**
 * An approval as the service returns it. The status is the effective one: a pending request
 * past its expiry reads as `expired` (outcome `deny`) even before anything wrote that down.
 */
import type { Selectable } from 'kysely';
import type { StoredDecision } from './decision-summary.js';
import type { ApprovalEventKind, ApprovalOutcome, ApprovalRow, ApprovalStatus } from './approval-tables.js';

export interface ApprovalRecord {
  approvalId: string;
  orgId: string;
  decisionId: string | null;
  status: ApprovalStatus;
  /** `allow` or `deny` once final; null while pending. Only `allow` lets the call through. */
  outcome: ApprovalOutcome | null;
  requestedBy: string | null;
  reason: string | null;
  /** Who approved, rejected or overrode it. */
  reviewer: string | null;
  justification: string | null;
  decidedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
  decision: StoredDecision;
}

/** One entry of an approval's append-only history. */
export interface ApprovalEvent {
  eventId: number;
  approvalId: string;
  event: ApprovalEventKind;
  actor: string | null;
  detail: Record<string, unknown>;
  at: Date;
}

/**
 * True once the approval is decided, expired or overridden.
 *
 * @example
 * ```ts
 * isFinal(await approvals.get('acme', approvalId)); // false while a reviewer has yet to act
 * ```
 */
export function isFinal(record: Pick<ApprovalRecord, 'status'>): boolean {
  return record.status !== 'pending';
}

/**
 * True only when the call may proceed: approved, or overridden to allow, and never for a
 * pending, rejected or expired request.
 *
 * @example
 * ```ts
 * const done = await approvals.waitFor('acme', approvalId, { timeoutMs: 60_000 });
 * if (!isApproved(done)) throw new Error('denied');
 * ```
 */
export function isApproved(record: Pick<ApprovalRecord, 'outcome' | 'status'>): boolean {
  return record.outcome === 'allow' && (record.status === 'approved' || record.status === 'overridden');
}

const epoch = new Date(0);

export function toApprovalRecord(r: Selectable<ApprovalRow>, now: number): ApprovalRecord {
  // A row without an expiry (written by something other than this service) never allows by waiting.
  const expiresAt = r.expires_at ?? epoch;
  const lapsed = r.status === 'pending' && expiresAt.getTime() <= now;
  return {
    approvalId: r.approval_id,
    orgId: r.org_id,
    decisionId: r.decision_id,
    status: lapsed ? 'expired' : r.status,
    outcome: lapsed ? 'deny' : r.status === 'pending' ? null : (r.outcome ?? (r.status === 'approved' ? 'allow' : 'deny')),
    requestedBy: r.requested_by,
    reason: r.reason,
    reviewer: lapsed ? null : r.decided_by,
    justification: lapsed ? null : r.justification,
    decidedAt: lapsed ? expiresAt : r.decided_at,
    expiresAt,
    createdAt: r.created_at,
    decision: r.request as StoredDecision,
  };
}
