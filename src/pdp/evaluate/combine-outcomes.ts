import { actionRank, stricter, verdictOf, type EvaluatedPolicy, type Obligation, type Reason, type Verdict } from '../decision.js';
import type { DetectorType } from '../../detectors/types.js';
import type { RedactionStyle } from '../policy-schema.js';
import type { PolicyOutcome } from './policy-outcome.js';
import { styleStrictness } from './style-strictness.js';

export interface Combined {
  verdict: Verdict;
  reasons: Reason[];
  evaluatedPolicies: EvaluatedPolicy[];
  obligations: Obligation[];
}

/**
 * Most restrictive wins. The deciding policy is the first (in evaluation order: priority,
 * then layer, then declaration) among those that asked for the most restrictive action; it
 * leads `evaluatedPolicies` and its reasons lead `reasons`.
 */
export function combineOutcomes(outcomes: readonly PolicyOutcome[]): Combined {
  let verdict: Verdict = 'allow';
  let deciding: PolicyOutcome | null = null;
  for (const o of outcomes) {
    if (!o.matched) continue;
    verdict = stricter(verdict, verdictOf(o.action));
    if (!deciding || actionRank(o.action) > actionRank(deciding.action)) deciding = o;
  }

  // Everything below visits the deciding policy first, then the others in evaluation order.
  const acc: Accumulated = { evaluatedPolicies: [], reasons: [], obligations: [], styles: undefined, approvals: [], auditFull: false };
  if (deciding) visit(deciding, acc);
  for (const o of outcomes) if (o !== deciding) visit(o, acc);

  const { reasons, evaluatedPolicies, obligations, styles } = acc;
  if (verdict === 'require_approval') obligations.push({ type: 'approval', policyIds: acc.approvals });
  if (styles !== undefined && verdict !== 'deny') obligations.unshift({ type: 'redact', styles });
  if (acc.auditFull) obligations.push({ type: 'audit', level: 'full' });
  return { verdict, reasons, evaluatedPolicies, obligations };
}

/** What {@link visit} gathers; one object per decision, so that no closure is made per call. */
interface Accumulated {
  evaluatedPolicies: EvaluatedPolicy[];
  reasons: Reason[];
  obligations: Obligation[];
  styles: Partial<Record<DetectorType | 'text_rule', RedactionStyle>> | undefined;
  approvals: string[];
  auditFull: boolean;
}

function visit(o: PolicyOutcome, acc: Accumulated): void {
  if (!o.matched) {
    acc.evaluatedPolicies.push(o.compiled.notMatched);
    return;
  }
  const id = o.compiled.policy.id;
  acc.evaluatedPolicies.push({ id, matched: true, action: o.action });
  // Indexed loops: a matched outcome without spans (a check policy's) shares the frozen empty
  // NO_SPANS of policy-outcome.ts, and for-of over a frozen array allocates an iterator result
  // per element in V8 (Node 20). Unmatched outcomes, with the frozen NO_REASONS, returned above.
  for (let i = 0; i < o.reasons.length; i++) acc.reasons.push(o.reasons[i]!);
  if (o.compiled.policy.audit === 'full') acc.auditFull = true;
  if (o.action === 'warn') acc.obligations.push({ type: 'warn', policyId: id, message: o.reasons[0]?.message ?? `policy ${id} matched` });
  if (o.action === 'log') acc.obligations.push({ type: 'log', policyId: id });
  if (o.action === 'require_approval') acc.approvals.push(id);
  for (let i = 0; i < o.spans.length; i++) {
    const s = o.spans[i]!;
    const styles = (acc.styles ??= {});
    const current = styles[s.type];
    if (current === undefined || styleStrictness(s.style) > styleStrictness(current)) styles[s.type] = s.style;
  }
}
