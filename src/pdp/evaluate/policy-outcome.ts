import type { DetectorType } from '../../detectors/types.js';
import type { SqlCategory } from '../../detectors/sql/scan-sql.js';
import type { Reason } from '../decision.js';
import type { PolicyAction, RedactionStyle } from '../policy-schema.js';
import type { CompiledPolicy } from '../policy-set/compiled-policy.js';
import type { ScanUnit } from './scan-units.js';

/** A span of one scan unit that a matched policy wants rewritten. */
export interface UnitSpan {
  unit: ScanUnit;
  start: number;
  end: number;
  type: DetectorType | 'text_rule';
  style: RedactionStyle;
}

/** What one policy concluded about one request. */
export interface PolicyOutcome {
  readonly compiled: CompiledPolicy;
  readonly matched: boolean;
  /** The most restrictive action among the policy's matched rules; `allow` when nothing matched. */
  readonly action: PolicyAction;
  readonly reasons: readonly Reason[];
  readonly spans: readonly UnitSpan[];
  readonly sqlCategories?: readonly SqlCategory[];
}

// Most policies match nothing on most requests: their outcomes share these, so that a
// decision allocates only for the policies that matched. Frozen, because every decision shares
// them: a push by mistake must throw, not leak into later decisions. (Frozen arrays are slow
// to iterate on Node 20, but these have no elements; see combine-outcomes.ts.)
const NO_REASONS: readonly Reason[] = Object.freeze([]);
const NO_SPANS: readonly UnitSpan[] = Object.freeze([]);

/** The outcome of a policy that matched nothing: one frozen object per compiled policy, shared by every decision. */
export function noMatch(compiled: CompiledPolicy): PolicyOutcome {
  return compiled.unmatched;
}

/** Builds {@link noMatch}'s shared outcome, once, when the policy is compiled. */
export function unmatchedOutcome(compiled: CompiledPolicy): PolicyOutcome {
  return Object.freeze({ compiled, matched: false, action: 'allow', reasons: NO_REASONS, spans: NO_SPANS });
}

/** A matched policy's outcome; `spans` defaults to none. */
export function matchedOutcome(compiled: CompiledPolicy, action: PolicyAction, reasons: readonly Reason[], spans: readonly UnitSpan[] = NO_SPANS): PolicyOutcome {
  return { compiled, matched: true, action, reasons, spans };
}
