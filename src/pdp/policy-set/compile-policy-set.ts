import type { z } from 'zod';
import { PolicyConfigError, type ConfigIssue } from '../../errors.js';
import { compileCondition } from '../conditions/compile-condition.js';
import { compileTextRules } from '../conditions/text-rules.js';
import { expandPacks } from '../packs/index.js';
import { PolicySetSchema, POLICY_LEVELS, STAGES, type Policy, type PolicySet, type Stage } from '../policy-schema.js';
import { DEFAULT_MIN_CONFIDENCE } from '../../detectors/detect.js';
import type { DetectorType } from '../../detectors/types.js';
import type { CompiledPolicy, CustomCheck } from './compiled-policy.js';
import { contentVersion } from './policy-set-version.js';
import { MAX_POLICY_SET_DEPTH, tooDeepAt } from './nesting-depth.js';
import { buildStagePlans, type StagePlan } from './stage-plan.js';
import { unmatchedOutcome, type PolicyOutcome } from '../evaluate/policy-outcome.js';

/** A validated, compiled policy set, in evaluation order. */
export interface CompiledPolicySet {
  readonly set: PolicySet;
  readonly version: string;
  /** Enabled policies, highest priority first, then system → org → tenant, then declaration order. */
  readonly policies: readonly CompiledPolicy[];
  /** Per stage, the policies that can apply and the detection they need. */
  readonly stages: ReadonlyMap<Stage, StagePlan>;
}

function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/**
 * Validates a policy set (throwing `PolicyConfigError` with the path of every bad field),
 * expands its compliance packs, and compiles conditions, text rules and check references.
 */
export function compilePolicySet(input: unknown, checks: Readonly<Record<string, CustomCheck>>): CompiledPolicySet {
  const deep = tooDeepAt(input, MAX_POLICY_SET_DEPTH);
  if (deep) throw new PolicyConfigError([{ path: deep, message: `nested deeper than ${MAX_POLICY_SET_DEPTH} levels` }]);
  const first = PolicySetSchema.safeParse(input);
  if (!first.success) throw new PolicyConfigError(issuesOf(first.error));

  // Pack policies go first; the merged set is validated again so an id clash is reported.
  const packPolicies = expandPacks(first.data.packs);
  const merged = PolicySetSchema.safeParse({ ...(input as object), policies: [...packPolicies, ...((input as { policies?: unknown[] }).policies ?? [])] });
  if (!merged.success) {
    // Report paths relative to what the user wrote, not the merged array.
    const offset = packPolicies.length;
    throw new PolicyConfigError(
      issuesOf(merged.error).map((i) =>
        i.path[0] === 'policies' && typeof i.path[1] === 'number'
          ? i.path[1] < offset
            ? { path: ['packs', ...i.path.slice(1)], message: `${i.message} (a policy of a compliance pack)` }
            : { path: ['policies', i.path[1] - offset, ...i.path.slice(2)], message: i.message }
          : i,
      ),
    );
  }
  const set = merged.data;
  const issues: ConfigIssue[] = [];
  const compiled: CompiledPolicy[] = [];
  set.policies.forEach((policy, index) => {
    const userIndex = index - packPolicies.length;
    const path: (string | number)[] = userIndex >= 0 ? ['policies', userIndex] : ['packs', index];
    try {
      const c = compileOne(policy, index, path, checks);
      if (c && policy.enabled) {
        (c as { unmatched: PolicyOutcome }).unmatched = unmatchedOutcome(c);
        compiled.push(c);
      }
    } catch (e) {
      if (e instanceof PolicyConfigError) issues.push(...e.issues);
      else throw e;
    }
  });
  if (issues.length > 0) throw new PolicyConfigError(issues);

  const levelRank = (p: CompiledPolicy) => POLICY_LEVELS.indexOf(p.policy.level);
  compiled.sort((a, b) => b.policy.priority - a.policy.priority || levelRank(a) - levelRank(b) || a.index - b.index);
  return { set, version: set.version ?? contentVersion(set), policies: compiled, stages: buildStagePlans(compiled) };
}

function compileOne(
  policy: Policy,
  index: number,
  path: (string | number)[],
  checks: Readonly<Record<string, CustomCheck>>,
): CompiledPolicy {
  const base = {
    // Set once the policy is compiled (see compilePolicySet): it refers to the compiled policy.
    unmatched: undefined as unknown as PolicyOutcome,
    index,
    stages: policy.stages ? new Set(policy.stages) : null,
    when: policy.when ? compileCondition(policy.when, [...path, 'when']) : null,
    notMatched: Object.freeze({ id: policy.id, matched: false, action: 'allow' } as const),
  };
  switch (policy.kind) {
    case 'detector': {
      const rules = new Map();
      for (const [type, rule] of Object.entries(policy.types)) {
        if (!rule || rule.action === 'off') continue;
        rules.set(type as DetectorType, { ...rule, minConfidence: rule.minConfidence ?? DEFAULT_MIN_CONFIDENCE });
      }
      const needs = new Map<Stage, { types: DetectorType[]; minConfidence: number }>();
      for (const stage of STAGES) {
        const need = { types: [] as DetectorType[], minConfidence: 1 };
        for (const [type, rule] of rules as Map<DetectorType, { stages?: Stage[]; minConfidence: number }>) {
          if (rule.stages && !rule.stages.includes(stage)) continue;
          need.types.push(type);
          if (rule.minConfidence < need.minConfidence) need.minConfidence = rule.minConfidence;
        }
        needs.set(stage, need);
      }
      return { ...base, kind: 'detector', policy, rules, needs };
    }
    case 'text':
      if (!policy.keywords?.length && !policy.patterns?.length) {
        throw new PolicyConfigError([{ path: [...path, 'keywords'], message: 'a text policy needs at least one keyword or pattern' }]);
      }
      return { ...base, kind: 'text', policy, ...compileTextRules(policy, path), action: policy.action, style: policy.style ?? 'label' };
    case 'condition':
      return { ...base, kind: 'condition', policy, action: policy.action, matchedMessage: `condition held → ${policy.action}` };
    case 'tool':
      return { ...base, kind: 'tool', policy, tool: policy };
    case 'check': {
      const check = Object.hasOwn(checks, policy.check) ? checks[policy.check] : undefined;
      if (typeof check !== 'function') {
        const known = Object.keys(checks);
        throw new PolicyConfigError([{
          path: [...path, 'check'],
          message: `no check named ${JSON.stringify(policy.check)} was passed to createPolicyEngine({ checks }); known checks: ${known.length ? known.join(', ') : '(none)'}`,
        }]);
      }
      return { ...base, kind: 'check', policy, check };
    }
  }
}
