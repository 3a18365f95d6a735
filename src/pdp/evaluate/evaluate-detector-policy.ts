import { actionRank } from '../decision.js';
import type { Stage } from '../policy-schema.js';
import type { CompiledDetectorPolicy } from '../policy-set/compiled-policy.js';
import { noMatch, type PolicyOutcome } from './policy-outcome.js';
import type { UnitFindings } from './unit-findings.js';

/** Applies a detector policy's per-type rules to the findings. */
export function evaluateDetectorPolicy(p: CompiledDetectorPolicy, stage: Stage, detected: readonly UnitFindings[]): PolicyOutcome {
  const out = noMatch(p);
  const counts = new Map<string, number>();
  for (const { unit, findings } of detected) {
    for (const f of findings) {
      const rule = p.rules.get(f.type);
      if (!rule || f.confidence < rule.minConfidence) continue;
      if (rule.stages && !rule.stages.includes(stage)) continue;
      out.matched = true;
      if (actionRank(rule.action) > actionRank(out.action)) out.action = rule.action;
      counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
      if (rule.action === 'redact') out.spans.push({ unit, start: f.start, end: f.end, type: f.type, style: rule.style ?? 'label' });
    }
  }
  for (const [type, count] of counts) {
    const rule = p.rules.get(type as never)!;
    out.reasons.push({
      code: 'detector_finding',
      policyId: p.policy.id,
      message: `${count} ${type} finding${count === 1 ? '' : 's'} → ${rule.action}`,
      detail: { type, count, action: rule.action },
    });
  }
  return out;
}
