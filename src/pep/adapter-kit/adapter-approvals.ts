/**
 * The approval queue as the adapters use it. `createApprovalService(store)` from
 * `gatehouse`'s approvals fits as is; `get` lets a caller resume with an approved request,
 * `waitFor` lets the adapter hold the request until a reviewer acts.
 */
import type { Decision } from '../../pdp/decision.js';

/** What the adapters read of an approval. */
export interface ApprovalView {
  status: string;
  /** `allow` only once approved (or overridden to allow). */
  outcome?: string | null;
  requestedBy?: string | null;
  reason?: string | null;
  expiresAt?: Date | string;
}

export interface AdapterApprovals {
  request(input: { orgId: string; decision: Decision; requestedBy?: string | null; reason?: string }): Promise<{ approvalId: string; expiresAt?: Date | string }>;
  get?(orgId: string, approvalId: string): Promise<ApprovalView>;
  waitFor?(orgId: string, approvalId: string, options: { timeoutMs: number }): Promise<ApprovalView>;
}

/**
 * What a `require_approval` decision does in an adapter:
 * - `respond` (default): open an approval and answer at once (HTTP 202, or an MCP error
 *   result) with its id; the caller sends the same request again with the id once approved.
 * - `wait`: open an approval and hold the request until a reviewer acts (needs `waitFor`).
 */
export type ApprovalMode = 'respond' | 'wait';

// Only an approval a reviewer granted (or an admin overrode to allow) lets a call through: the
// same rule as guard()'s.
export { approvalAllows } from '../guard/approval-round.js';
