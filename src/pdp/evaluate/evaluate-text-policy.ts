import type { FirstOffsets } from '../conditions/text-prefilter.js';
import type { CompiledTextPolicy } from '../policy-set/compiled-policy.js';
import { partStarts } from '../policy-set/stage-text-search.js';
import { matchedOutcome, noMatch, type PolicyOutcome, type UnitSpan } from './policy-outcome.js';
import type { ScanUnit } from './scan-units.js';

/**
 * Keyword and pattern rules over every scanned string. `offsets[u]` holds, when known, the
 * first offsets of the stage's prefilter parts in `units[u]`, and `parts` maps this policy's
 * parts to them, so parts that cannot match are not searched.
 */
export function evaluateTextPolicy(
  p: CompiledTextPolicy,
  units: readonly ScanUnit[],
  offsets?: readonly (FirstOffsets | undefined)[],
  parts?: Int32Array,
): PolicyOutcome {
  let rules: Set<string> | undefined;
  let spans: UnitSpan[] | undefined; // allocated only for a policy that redacts something
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const found = offsets?.[u];
    let starts: number[] | undefined;
    if (found !== undefined && parts !== undefined) {
      const known = partStarts(parts, found);
      if (known === null) continue;
      starts = known;
    }
    for (const m of p.match(unit.value, starts)) {
      rules ??= new Set();
      rules.add(m.rule);
      if (p.action === 'redact') (spans ??= []).push({ unit, start: m.start, end: m.end, type: 'text_rule', style: p.style });
    }
  }
  if (rules === undefined) return noMatch(p);
  // Rule names, never the matched text: a keyword list can itself be sensitive-adjacent.
  return matchedOutcome(p, p.action, [{ code: 'text_rule', policyId: p.policy.id, message: `text rule matched → ${p.action}`, detail: { rules: [...rules].slice(0, 20) } }], spans);
}
