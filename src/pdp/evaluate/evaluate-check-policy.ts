import type { CompiledCheckPolicy, CompiledConditionPolicy } from '../policy-set/compiled-policy.js';
import type { DecisionRequest } from '../request-schema.js';
import { matchedOutcome, noMatch, type PolicyOutcome } from './policy-outcome.js';

/** A condition policy matches when it applies at all (its `when` was already checked). */
export function evaluateConditionPolicy(p: CompiledConditionPolicy): PolicyOutcome {
  return matchedOutcome(p, p.action, [{ code: 'condition', policyId: p.policy.id, message: p.matchedMessage }]);
}

/** Runs a code-level check. A throw propagates: the engine turns it into `evaluation_error`. */
export function evaluateCheckPolicy(p: CompiledCheckPolicy, req: DecisionRequest): PolicyOutcome {
  const result = p.check(req, p.policy.params);
  let matched: boolean;
  if (typeof result === 'boolean') matched = result;
  else if (result !== null && typeof result === 'object' && typeof result.matched === 'boolean') matched = result.matched;
  // Anything else is a broken check: fail closed rather than guess.
  else throw new TypeError(`check ${JSON.stringify(p.policy.check)} returned ${result === null ? 'null' : typeof result}; it must return a boolean or { matched: boolean }`);
  if (!matched) return noMatch(p);
  const why = typeof result === 'object' && typeof result.reason === 'string' ? `: ${result.reason}` : '';
  return matchedOutcome(p, p.policy.action, [{ code: 'custom_check', policyId: p.policy.id, message: `check ${p.policy.check} matched${why} → ${p.policy.action}` }]);
}
