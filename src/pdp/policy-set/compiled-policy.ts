import type { DetectorType } from '../../detectors/types.js';
import type { CheckPolicy, DetectorRule, Policy, PolicyAction, RedactionStyle, Stage, ToolPolicy } from '../policy-schema.js';
import type { EvaluatedPolicy } from '../decision.js';
import type { DecisionRequest } from '../request-schema.js';
import type { CompiledTextRules } from '../conditions/text-rules.js';
import type { PolicyOutcome } from '../evaluate/policy-outcome.js';

/** A condition compiled to a predicate. */
export type CompiledCondition = (req: DecisionRequest) => boolean;

/** Result of a code-level check registered in `createPolicyEngine({ checks })`. */
export type CheckResult = boolean | { matched: boolean; reason?: string };

/**
 * A check written in code. It must be synchronous and pure; if it throws, the decision is
 * `deny` with reason `evaluation_error` (unless the set's failMode is `open`).
 *
 * @example
 * ```ts
 * const checks = { offHours: (req) => new Date().getUTCHours() < 6 };
 * ```
 */
export type CustomCheck = (request: DecisionRequest, params: Record<string, unknown> | undefined) => CheckResult;

interface CompiledBase {
  readonly policy: Policy;
  /** Position in the resolved set (packs first), used as the last tie-breaker. */
  readonly index: number;
  readonly stages: ReadonlySet<Stage> | null;
  readonly when: CompiledCondition | null;
  /**
   * This policy's `evaluatedPolicies` entry when it did not match: most policies match nothing
   * on most requests, so their decisions share one frozen entry instead of allocating one each.
   */
  readonly notMatched: Readonly<EvaluatedPolicy>;
  /** This policy's outcome when it matched nothing, shared for the same reason (see `noMatch`). */
  readonly unmatched: PolicyOutcome;
}

export interface CompiledDetectorPolicy extends CompiledBase {
  readonly kind: 'detector';
  readonly rules: ReadonlyMap<DetectorType, DetectorRule & { minConfidence: number }>;
  /** Per stage, the types this policy's rules want and their lowest threshold: worked out once, at compile time. */
  readonly needs: ReadonlyMap<Stage, { readonly types: readonly DetectorType[]; readonly minConfidence: number }>;
}

export interface CompiledTextPolicy extends CompiledBase {
  readonly kind: 'text';
  /** See `CompiledTextRules` in `text-rules.ts`: the spans its rules match, searched part by part. */
  readonly match: CompiledTextRules['match'];
  /** Per part, a prefilter source or `undefined`. */
  readonly prefilters: CompiledTextRules['prefilters'];
  readonly action: PolicyAction;
  readonly style: RedactionStyle;
}

export interface CompiledConditionPolicy extends CompiledBase {
  readonly kind: 'condition';
  readonly action: PolicyAction;
  /** The reason's message, built once. */
  readonly matchedMessage: string;
}

export interface CompiledToolPolicy extends CompiledBase {
  readonly kind: 'tool';
  readonly tool: ToolPolicy;
}

export interface CompiledCheckPolicy extends CompiledBase {
  readonly kind: 'check';
  readonly check: CustomCheck;
  readonly policy: CheckPolicy;
}

export type CompiledPolicy =
  | CompiledDetectorPolicy
  | CompiledTextPolicy
  | CompiledConditionPolicy
  | CompiledToolPolicy
  | CompiledCheckPolicy;
