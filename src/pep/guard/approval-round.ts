/**
 * The approval step of an input decision, shared by `guard()` and the adapters' input step:
 * open an approval for a `require_approval` decision, then (when the caller holds the request)
 * wait for a reviewer. What a refusal, a timeout or a failing queue means is the caller's call:
 * `guard()` throws, the adapters answer the client.
 */
import type { Decision } from '../../pdp/decision.js';
import type { Identity } from './gatehouse-core.js';

/** How long a waiting call holds for a reviewer, unless told otherwise. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;

/** Who an approval is requested for: the user, else the client. */
export function requesterOf(identity: Identity): string | null {
  return identity.userId ?? identity.clientId ?? null;
}

/**
 * Whether a reviewer's answer lets the call through: only outcome `allow`, on an approval that
 * was approved or overridden. Anything else (rejected, expired, an override to deny, an
 * approved status without an outcome) stops the call: the store does not tie status to outcome,
 * so both are read. `guard()` and the adapters use this one rule.
 *
 * @example
 * ```ts
 * approvalAllows({ status: 'approved', outcome: 'allow' }); // true
 * approvalAllows({ status: 'approved' });                   // false: no outcome, fail closed
 * ```
 */
export function approvalAllows(answer: { status: string; outcome?: string | null }): boolean {
  return answer.outcome === 'allow' && (answer.status === 'approved' || answer.status === 'overridden');
}

/** What an approval is opened with. */
export interface ApprovalAsk {
  orgId: string;
  decision: Decision;
  requestedBy: string | null;
  /** What needs approving, shown to reviewers. */
  reason?: string;
}

/** The part of an approval queue a round uses. */
export interface ApprovalQueue<Ticket extends { approvalId: string }, Outcome> {
  request(ask: ApprovalAsk): Promise<Ticket>;
  waitFor?(orgId: string, approvalId: string, options: { timeoutMs: number }): Promise<Outcome>;
}

/** How a round ended: opened without waiting, decided by a reviewer, or a wait that failed (timeouts included). */
export type ApprovalRound<Ticket, Outcome> =
  | { step: 'opened'; ticket: Ticket }
  | { step: 'decided'; ticket: Ticket; outcome: Outcome }
  | { step: 'wait_failed'; ticket: Ticket; error: unknown };

/**
 * Opens an approval for `ask` and, with a `waitMs`, waits up to that long for a reviewer
 * (`queue.waitFor` must then exist). Rejects with the queue's error when the approval cannot be
 * opened; a failed wait resolves as `wait_failed`, since the approval exists by then.
 *
 * @example
 * ```ts
 * const round = await runApprovalRound(approvals, { orgId, decision, requestedBy: 'u1' }, 60_000);
 * if (round.step === 'decided' && approvalAllows(round.outcome)) callModel();
 * ```
 */
export async function runApprovalRound<Ticket extends { approvalId: string }, Outcome>(
  queue: ApprovalQueue<Ticket, Outcome>,
  ask: ApprovalAsk,
  waitMs: number | null,
): Promise<ApprovalRound<Ticket, Outcome>> {
  const ticket = await queue.request(ask);
  if (waitMs === null) return { step: 'opened', ticket };
  try {
    return { step: 'decided', ticket, outcome: await queue.waitFor!(ask.orgId, ticket.approvalId, { timeoutMs: waitMs }) };
  } catch (error) {
    return { step: 'wait_failed', ticket, error };
  }
}
