/**
 * What an approval keeps of the decision that asked for it: ids, the verdict's reasons and the
 * policies involved, finding counts by type, and the redacted text when there is one. Never
 * the raw input, and never the `restore` obligation (it maps tokens back to original values).
 */
import { z } from 'zod';
import type { Decision } from '../../pdp/decision.js';

export interface StoredDecision {
  decisionId: string;
  verdict: Decision['verdict'];
  stage: Decision['stage'];
  policySetVersion: string;
  clientId: string | null;
  userId: string | null;
  traceId?: string;
  reasons: { code: string; policyId?: string; message: string }[];
  /** The policies whose `require_approval` action asked for this approval. */
  approvalPolicyIds: string[];
  /** Detector findings by type: counts only. */
  findingCounts: Record<string, number>;
  /** Present when the decision redacted the text. */
  redactedText?: string;
}

/** Only the fields kept are read; anything else on the object is ignored. */
export const DecisionForApprovalSchema = z.object({
  decisionId: z.string().uuid('must be the decision\'s UUID'),
  verdict: z.literal('require_approval', { message: 'must be "require_approval": only such decisions wait for a human' }),
  stage: z.string().max(64).nullable(),
  policySetVersion: z.string().max(256),
  identity: z.object({ orgId: z.string().nullable(), clientId: z.string().max(256).nullable(), userId: z.string().max(256).nullable() }),
  traceId: z.string().max(256).optional(),
  reasons: z.array(z.object({ code: z.string().max(64), policyId: z.string().max(256).optional(), message: z.string() })).max(1000),
  findings: z.array(z.object({ type: z.string().max(64) })).max(100_000),
  obligations: z.array(z.object({ type: z.string() }).loose()).max(1000),
  redactedText: z.string().max(1_000_000).optional(),
});

type DecisionInput = z.infer<typeof DecisionForApprovalSchema>;

const MAX_MESSAGE = 500;

/** The stored form of a validated decision. */
export function summarizeDecision(d: DecisionInput): StoredDecision {
  const findingCounts: Record<string, number> = {};
  for (const f of d.findings) findingCounts[f.type] = (findingCounts[f.type] ?? 0) + 1;
  const approvalPolicyIds = d.obligations.flatMap((o) => {
    const ids = o.type === 'approval' ? o.policyIds : undefined;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  });
  return {
    decisionId: d.decisionId,
    verdict: d.verdict,
    stage: d.stage as Decision['stage'],
    policySetVersion: d.policySetVersion,
    clientId: d.identity.clientId,
    userId: d.identity.userId,
    ...(d.traceId !== undefined ? { traceId: d.traceId } : {}),
    reasons: d.reasons.map((r) => ({ code: r.code, ...(r.policyId !== undefined ? { policyId: r.policyId } : {}), message: r.message.slice(0, MAX_MESSAGE) })),
    approvalPolicyIds,
    findingCounts,
    ...(d.redactedText !== undefined ? { redactedText: d.redactedText } : {}),
  };
}
