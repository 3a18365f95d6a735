import type { Reason } from '../decision.js';
import { actionRank } from '../decision.js';
import type { PolicyAction, Stage } from '../policy-schema.js';
import type { CompiledDetectorPolicy } from '../policy-set/compiled-policy.js';
import { matchedOutcome, noMatch, type PolicyOutcome, type UnitSpan } from './policy-outcome.js';
import type { UnitFindings } from './unit-findings.js';

/** Applies a detector policy's per-type rules to the findings. */
export function evaluateDetectorPolicy(p: CompiledDetectorPolicy, stage: Stage, detected: readonly UnitFindings[]): PolicyOutcome {
  let counts: Map<string, number> | undefined;
  let action: PolicyAction = 'allow';
  let spans: UnitSpan[] | undefined; // allocated only for a policy that redacts something
  for (const { unit, findings } of detected) {
    for (const f of findings) {
      const rule = p.rules.get(f.type);
      if (!rule || f.confidence < rule.minConfidence) continue;
      if (rule.stages && !rule.stages.includes(stage)) continue;
      counts ??= new Map();
      if (actionRank(rule.action) > actionRank(action)) action = rule.action;
      counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
      if (rule.action === 'redact') (spans ??= []).push({ unit, start: f.start, end: f.end, type: f.type, style: rule.style ?? 'label' });
    }
  }
  if (counts === undefined) return noMatch(p);
  const reasons: Reason[] = [];
  for (const [type, count] of counts) {
    const rule = p.rules.get(type as never)!;
    reasons.push({
      code: 'detector_finding',
      policyId: p.policy.id,
      message: `${count} ${type} finding${count === 1 ? '' : 's'} → ${rule.action}`,
      detail: { type, count, action: rule.action },
    });
  }
  return matchedOutcome(p, action, reasons, spans);
}
