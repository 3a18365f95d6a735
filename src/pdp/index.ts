/**
 * The policy decision point: pure, synchronous, no I/O.
 */
export { createPolicyEngine, type PolicyEngine, type PolicyEngineOptions, type DecideContext } from './create-policy-engine.js';
export { explain } from './explain.js';
export { restore, createRestorer, type RestoreSource } from './redaction/restore.js';
export { parseRedactionSecret, randomRedactionSecret } from './redaction/org-keys.js';
export { InvalidRedactionSecretError, CyclicValueError, ValueTooDeepError } from './redaction/errors.js';
export { uuidv7, uuidv7Time } from './uuidv7.js';
export type { CustomCheck, CheckResult } from './policy-set/compiled-policy.js';
export {
  VERDICTS, stricter, verdictRank, verdictOf,
  type Verdict, type Decision, type DecisionFinding, type EvaluatedPolicy, type Reason, type Obligation, type BreakerState,
} from './decision.js';
export {
  STAGES, POLICY_ACTIONS, REDACTION_STYLES, POLICY_LEVELS, CONDITION_OPERATORS, COMPLIANCE_PACKS,
  PolicySetSchema, PolicySchema, ConditionSchema,
  type Stage, type PolicyAction, type RedactionStyle, type PolicyLevel, type Condition, type Comparison,
  type Policy, type PolicyInput, type PolicySet, type PolicySetInput, type CompliancePackName,
} from './policy-schema.js';
export { DecisionRequestSchema, type DecisionRequest, type DecisionRequestInput, type Message, type ToolCall } from './request-schema.js';
