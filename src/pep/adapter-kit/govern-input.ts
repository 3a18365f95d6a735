/**
 * The input half of every adapter: one recorded decision, then what to do with the request:
 * go on (with the safe input), refuse it, or park it for a human. Framework-free; each adapter
 * translates the outcome into its own response.
 */
import type { Decision } from '../../pdp/decision.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { DEFAULT_APPROVAL_TIMEOUT_MS, runApprovalRound, type ApprovalRound } from '../guard/approval-round.js';
import { safeInput, type GuardInput } from '../guard/safe-input.js';
import { ApprovalUnavailableError } from './adapter-errors.js';
import { approvalAllows, type AdapterApprovals, type ApprovalMode, type ApprovalView } from './adapter-approvals.js';
import { approvalReason, reasonBindsDigest, requestDigest, requesterOf } from './request-binding.js';

/** A request to check before the call: `GuardInput` at the input, output or tool-call stage. */
export type GovernedRequest = Omit<GuardInput, 'stage'> & { stage: 'input' | 'output' | 'tool_call' };

export interface GovernInputOptions {
  approvals?: AdapterApprovals | null;
  approval?: ApprovalMode;
  /** How long `wait` holds the request. Default 5 minutes. */
  approvalTimeoutMs?: number;
  /** An approval id the caller sent back (header, `_meta`) to resume an approved request. */
  presentedApprovalId?: string | undefined;
  /** What the approval is for, shown to reviewers: `POST /chat`, `tool db.query`. */
  label: string;
}

/** What the adapter does next. Every outcome carries the recorded decision. */
export type InputOutcome<R extends GovernedRequest = GovernedRequest> =
  | { kind: 'proceed'; decision: Decision; safe: R; approvalId: string | null }
  | { kind: 'denied'; decision: Decision }
  | { kind: 'pending_approval'; decision: Decision; approvalId: string | null; expiresAt: string | null }
  | { kind: 'approval_refused'; decision: Decision; approvalId: string; approvalStatus: string };

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function iso(value: Date | string | undefined): string | null {
  if (value === undefined) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Decides and records `request`, and resolves the approval step. Rejects with
 * `AuditRequiredError` when the decision cannot be recorded and with `ApprovalUnavailableError`
 * when the approval service fails (both fail closed).
 *
 * @example
 * ```ts
 * const out = await governInput(core, { orgId: 'acme' }, { stage: 'input', messages }, { label: 'POST /chat' });
 * if (out.kind === 'proceed') callModel(out.safe.messages);
 * ```
 */
export async function governInput<R extends GovernedRequest>(core: GatehouseCore, identity: Identity, request: R, options: GovernInputOptions): Promise<InputOutcome<R>> {
  const decision = await core.check(identity, request);
  if (decision.verdict === 'deny') return { kind: 'denied', decision };
  const safe = safeInput(request as GuardInput, decision) as R;
  if (decision.verdict !== 'require_approval') return { kind: 'proceed', decision, safe, approvalId: null };

  const approvals = options.approvals ?? null;
  const digest = requestDigest(identity, safe);
  const presented = options.presentedApprovalId;
  if (presented !== undefined && presented !== '') {
    return resume(decision, safe, identity, approvals, presented, digest);
  }
  if (!approvals) return { kind: 'pending_approval', decision, approvalId: null, expiresAt: null };

  const waits = (options.approval ?? 'respond') === 'wait' && Boolean(approvals.waitFor);
  let round: ApprovalRound<{ approvalId: string; expiresAt?: Date | string }, ApprovalView>;
  try {
    const ask = { orgId: identity.orgId, decision, requestedBy: requesterOf(identity), reason: approvalReason(options.label, digest) };
    round = await runApprovalRound(approvals, ask, waits ? (options.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS) : null);
  } catch (error) {
    throw new ApprovalUnavailableError(decision.decisionId, error);
  }
  const { ticket } = round;
  const pending = { kind: 'pending_approval' as const, decision, approvalId: ticket.approvalId, expiresAt: iso(ticket.expiresAt) };
  if (round.step === 'opened') return pending;
  if (round.step === 'wait_failed') {
    // Still pending after the wait: the caller may come back with the id.
    if (codeOf(round.error) === 'APPROVAL_WAIT_TIMEOUT') return pending;
    throw new ApprovalUnavailableError(decision.decisionId, round.error);
  }
  if (approvalAllows(round.outcome)) return { kind: 'proceed', decision, safe, approvalId: ticket.approvalId };
  return { kind: 'approval_refused', decision, approvalId: ticket.approvalId, approvalStatus: round.outcome.status };
}

async function resume<R extends GovernedRequest>(
  decision: Decision, safe: R, identity: Identity, approvals: AdapterApprovals | null, approvalId: string, digest: string,
): Promise<InputOutcome<R>> {
  const refused = (approvalStatus: string) => ({ kind: 'approval_refused' as const, decision, approvalId: approvalId.slice(0, 64), approvalStatus });
  if (!approvals?.get) return refused('unverifiable');
  let view: ApprovalView;
  try {
    view = await approvals.get(identity.orgId, approvalId);
  } catch (error) {
    const code = codeOf(error);
    // Another org's approval reads as "not found" too (row-level security).
    if (code === 'APPROVAL_NOT_FOUND' || code === 'INVALID_APPROVAL_REQUEST') return refused('not_found');
    throw new ApprovalUnavailableError(decision.decisionId, error);
  }
  if ((view.requestedBy ?? null) !== requesterOf(identity) || !reasonBindsDigest(view.reason, digest)) return refused('mismatch');
  if (approvalAllows(view)) return { kind: 'proceed', decision, safe, approvalId };
  if (view.status === 'pending') return { kind: 'pending_approval', decision, approvalId, expiresAt: iso(view.expiresAt) };
  return refused(view.status);
}
