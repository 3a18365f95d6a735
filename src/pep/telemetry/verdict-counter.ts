import type { Verdict } from '../../pdp/decision.js';
import type { VerdictCounts } from './heartbeat.js';

/** Counts decisions by verdict; `count` is the core's `onDecision` hook. */
export interface VerdictCounter {
  count(decision: { verdict: Verdict }): void;
  /** A copy, so a sink cannot change the counts. */
  snapshot(): VerdictCounts;
}

/**
 * A counter of verdicts. It keeps numbers only: the decision itself is not retained.
 *
 * @example
 * ```ts
 * const counter = createVerdictCounter();
 * const core = createGatehouseCore({ engine, onDecision: counter.count });
 * counter.snapshot(); // { allow: 0, deny: 0, redact: 0, require_approval: 0 }
 * ```
 */
export function createVerdictCounter(): VerdictCounter {
  const counts: VerdictCounts = { allow: 0, deny: 0, redact: 0, require_approval: 0 };
  return {
    count(decision) {
      if (Object.hasOwn(counts, decision.verdict)) counts[decision.verdict as keyof VerdictCounts] += 1;
    },
    snapshot: () => ({ ...counts }),
  };
}
