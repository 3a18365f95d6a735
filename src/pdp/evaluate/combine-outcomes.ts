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
  const evaluatedPolicies: EvaluatedPolicy[] = [];
  const reasons: Reason[] = [];
  const obligations: Obligation[] = [];
  let styles: Partial<Record<DetectorType | 'text_rule', RedactionStyle>> | undefined;
  const approvals: string[] = [];
  let auditFull = false;
  const visit = (o: PolicyOutcome): void => {
    const id = o.compiled.policy.id;
    evaluatedPolicies.push({ id, matched: o.matched, action: o.matched ? o.action : 'allow' });
    if (!o.matched) return;
    for (const r of o.reasons) reasons.push(r);
    if (o.compiled.policy.audit === 'full') auditFull = true;
    if (o.action === 'warn') obligations.push({ type: 'warn', policyId: id, message: o.reasons[0]?.message ?? `policy ${id} matched` });
    if (o.action === 'log') obligations.push({ type: 'log', policyId: id });
    if (o.action === 'require_approval') approvals.push(id);
    for (const s of o.spans) {
      styles ??= {};
      const current = styles[s.type];
      if (current === undefined || styleStrictness(s.style) > styleStrictness(current)) styles[s.type] = s.style;
    }
  };
  if (deciding) visit(deciding);
  for (const o of outcomes) if (o !== deciding) visit(o);

  if (verdict === 'require_approval') obligations.push({ type: 'approval', policyIds: approvals });
  if (styles !== undefined && verdict !== 'deny') obligations.unshift({ type: 'redact', styles });
  if (auditFull) obligations.push({ type: 'audit', level: 'full' });
  return { verdict, reasons, evaluatedPolicies, obligations };
}
