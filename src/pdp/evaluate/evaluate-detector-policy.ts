import type { Reason } from '../decision.js';
import { actionRank } from '../decision.js';
import type { DetectorType } from '../../detectors/types.js';
import type { PolicyAction, Stage } from '../policy-schema.js';
import type { CompiledDetectorPolicy } from '../policy-set/compiled-policy.js';
import { matchedOutcome, noMatch, type PolicyOutcome, type UnitSpan } from './policy-outcome.js';
import type { UnitFindings } from './unit-findings.js';

/** Applies a detector policy's per-type rules to the findings. */
export function evaluateDetectorPolicy(p: CompiledDetectorPolicy, stage: Stage, detected: readonly UnitFindings[]): PolicyOutcome {
  // The matched types in order of first finding, and their counts: a request has a few
  // findings, so two short arrays cost less than a Map and its iterators.
  let types: DetectorType[] | undefined;
  let counts: number[] | undefined;
  let action: PolicyAction = 'allow';
  let spans: UnitSpan[] | undefined; // allocated only for a policy that redacts something
  for (let u = 0; u < detected.length; u++) {
    const { unit, findings } = detected[u]!;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      const rule = p.rules.get(f.type);
      if (!rule || f.confidence < rule.minConfidence) continue;
      if (rule.stages && !rule.stages.includes(stage)) continue;
      if (actionRank(rule.action) > actionRank(action)) action = rule.action;
      const k = types === undefined ? -1 : types.indexOf(f.type);
      if (types === undefined || counts === undefined) {
        types = [f.type];
        counts = [1];
      } else if (k < 0) {
        types.push(f.type);
        counts.push(1);
      } else counts[k]!++;
      if (rule.action === 'redact') (spans ??= []).push({ unit, start: f.start, end: f.end, type: f.type, style: rule.style ?? 'label' });
    }
  }
  if (types === undefined || counts === undefined) return noMatch(p);
  const reasons: Reason[] = [];
  for (let k = 0; k < types.length; k++) {
    const type = types[k]!;
    const count = counts[k]!;
    const rule = p.rules.get(type)!;
    reasons.push({
      code: 'detector_finding',
      policyId: p.policy.id,
      message: `${count} ${type} finding${count === 1 ? '' : 's'} → ${rule.action}`,
      detail: { type, count, action: rule.action },
    });
  }
  return matchedOutcome(p, action, reasons, spans);
}
