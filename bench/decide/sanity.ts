/**
 * Untimed checks that run before anything is timed, so the bench can never report the speed
 * of an error path: every contender must give the answer we expect on the inputs it is timed on.
 */
import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Decision, DetectorType, PolicyEngine, PolicySet, Stage } from '../../src/index.js';
import { CEDAR_POLICY_SET_ID, cedarEntities, cedarRequests } from './cedar-set.js';
import { expectedDecisions } from './gatehouse-set.js';
import type { BenchPrompt } from './prompts.js';

export class BenchSanityError extends Error {
  override name = 'BenchSanityError';
}

const ERROR_REASONS = new Set(['invalid_request', 'evaluation_error', 'fail_open', 'circuit_open']);

function assertNoErrorPath(d: Decision, what: string): void {
  const bad = d.reasons.find((r) => ERROR_REASONS.has(r.code));
  if (bad) throw new BenchSanityError(`${what}: decide() took an error path (${bad.code}: ${bad.message})`);
}

/** Detector types that some enabled policy redacts at `stage` (ignoring `when`, which the bench set never puts on detector policies). */
export function typesWithAction(set: PolicySet, stage: Stage, action: string): Set<DetectorType> {
  const out = new Set<DetectorType>();
  for (const p of set.policies) {
    if (p.kind !== 'detector' || !p.enabled || (p.stages && !p.stages.includes(stage))) continue;
    for (const [type, rule] of Object.entries(p.types)) {
      if (rule && rule.action === action && (!rule.stages || rule.stages.includes(stage))) out.add(type as DetectorType);
    }
  }
  return out;
}

/**
 * The detector types and minimum confidence decide() asks detect() for at `stage`, computed
 * the engine's way, so "detect() alone" times the same scan. Throws if a detector policy has a
 * `when`, which would make the set depend on the request.
 */
export function detectionPlan(set: PolicySet, stage: Stage): { types: DetectorType[]; minConfidence: number } {
  const types = new Set<DetectorType>();
  let minConfidence = 1;
  for (const p of set.policies) {
    if (p.kind !== 'detector' || !p.enabled || (p.stages && !p.stages.includes(stage))) continue;
    if (p.when) throw new BenchSanityError(`detector policy ${p.id} has a condition; the bench cannot predict its detection plan`);
    for (const [type, rule] of Object.entries(p.types)) {
      if (!rule || rule.action === 'off' || (rule.stages && !rule.stages.includes(stage))) continue;
      types.add(type as DetectorType);
      minConfidence = Math.min(minConfidence, rule.minConfidence ?? 0.5);
    }
  }
  return { types: [...types].sort(), minConfidence };
}

export interface PromptVerdicts {
  /** Verdict counts over the prompt pool. */
  verdicts: Record<string, number>;
  withRedactedText: number;
  meanFindings: number;
}

/**
 * Decides every prompt once: no error path; every planted value of a type the set redacts at
 * input, when found, is gone from `redactedText`; and some prompts are actually redacted.
 */
export function checkPromptDecisions(engine: PolicyEngine, prompts: readonly BenchPrompt[], request: (text: string) => object, label: string): PromptVerdicts {
  const redacted = typesWithAction(engine.policySet, 'input', 'redact');
  const verdicts: Record<string, number> = {};
  let withRedactedText = 0;
  let findings = 0;
  prompts.forEach((prompt, i) => {
    const d = engine.decide(request(prompt.text) as Parameters<PolicyEngine['decide']>[0]);
    assertNoErrorPath(d, `${label} prompt ${i}`);
    verdicts[d.verdict] = (verdicts[d.verdict] ?? 0) + 1;
    findings += d.findings.length;
    if (d.redactedText !== undefined) withRedactedText++;
    if (d.verdict !== 'redact') return;
    if (d.redactedText === undefined) throw new BenchSanityError(`${label} prompt ${i}: verdict redact without redactedText`);
    for (const p of prompt.planted) {
      const found = d.findings.some((f) => f.source === 'text' && f.type === p.type && f.start <= p.start && f.end >= p.end);
      const value = prompt.text.slice(p.start, p.end);
      if (found && redacted.has(p.type) && d.redactedText.includes(value)) {
        throw new BenchSanityError(`${label} prompt ${i}: redactedText still contains a ${p.type} the set redacts`);
      }
    }
  });
  if (!verdicts.redact) throw new BenchSanityError(`${label}: no prompt was redacted; the prompts or the policy set are not what the bench expects`);
  return { verdicts, withRedactedText, meanFindings: findings / prompts.length };
}

/** The condition and tool situations of gatehouse-set.ts give the verdicts and deciding policies listed there. */
export function checkExpectedDecisions(engine: PolicyEngine): number {
  const cases = expectedDecisions();
  for (const c of cases) {
    const d = engine.decide(c.request);
    assertNoErrorPath(d, c.name);
    const deciding = d.evaluatedPolicies[0]?.id;
    if (d.verdict !== c.verdict || (c.decidingPolicy !== undefined && deciding !== c.decidingPolicy)) {
      throw new BenchSanityError(`decide(${c.name}): expected ${c.verdict}${c.decidingPolicy ? ` by ${c.decidingPolicy}` : ''}, got ${d.verdict} by ${deciding ?? '(none)'}`);
    }
  }
  return cases.length;
}

/** Every Cedar request of cedar-set.ts succeeds, with the expected decision and determining policies. */
export function checkCedarAnswers(cedar: typeof Cedar): number {
  const entities = cedarEntities();
  const cases = cedarRequests();
  for (const c of cases) {
    const answer = cedar.statefulIsAuthorized({ ...c.call, preparsedPolicySetId: CEDAR_POLICY_SET_ID, entities });
    if (answer.type !== 'success') throw new BenchSanityError(`Cedar (${c.name}) failed: ${answer.errors.map((e) => e.message).join('; ')}`);
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length > 0) throw new BenchSanityError(`Cedar (${c.name}) policy errors: ${diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`).join('; ')}`);
    const reasons = [...diagnostics.reason].sort().join(',');
    if (decision !== c.expected || reasons !== [...c.expectedReasons].sort().join(',')) {
      throw new BenchSanityError(`Cedar (${c.name}): expected ${c.expected} by [${c.expectedReasons.join(', ')}], got ${decision} by [${diagnostics.reason.join(', ')}]`);
    }
  }
  return cases.length;
}
