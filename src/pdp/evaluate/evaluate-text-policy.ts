import type { CompiledTextPolicy } from '../policy-set/compiled-policy.js';
import { noMatch, type PolicyOutcome } from './policy-outcome.js';
import type { ScanUnit } from './scan-units.js';

/** Keyword and pattern rules over every scanned string. */
export function evaluateTextPolicy(p: CompiledTextPolicy, units: readonly ScanUnit[]): PolicyOutcome {
  const out = noMatch(p);
  const rules = new Set<string>();
  for (const unit of units) {
    for (const m of p.match(unit.value)) {
      out.matched = true;
      rules.add(m.rule);
      if (p.action === 'redact') out.spans.push({ unit, start: m.start, end: m.end, type: 'text_rule', style: p.style });
    }
  }
  if (out.matched) {
    out.action = p.action;
    // Rule names, never the matched text: a keyword list can itself be sensitive-adjacent.
    out.reasons.push({ code: 'text_rule', policyId: p.policy.id, message: `text rule matched → ${p.action}`, detail: { rules: [...rules].slice(0, 20) } });
  }
  return out;
}
