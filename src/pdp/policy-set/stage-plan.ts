/**
 * What a policy set does at one stage, worked out once when the engine is created: which
 * policies can apply, which detector types the detector policies without a `when` need, and
 * one prefilter search for all its text policies.
 * A decision then only evaluates `when` conditions and adds the detector needs of the
 * conditional policies that hold.
 */
import type { DetectorType } from '../../detectors/types.js';
import { STAGES, type Stage } from '../policy-schema.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { buildStageTextSearch, type StageTextSearch } from './stage-text-search.js';

/** Detector types to run, and the lowest confidence any rule accepts. */
export interface DetectionNeed {
  readonly types: readonly DetectorType[];
  readonly minConfidence: number;
}

export interface StagePlan {
  /** The enabled policies whose `stages` include this stage, in evaluation order. */
  readonly policies: readonly CompiledPolicy[];
  /** The needs of this stage's detector policies that have no `when`. */
  readonly detection: DetectionNeed;
  /** Does some detector policy of this stage have a `when`? Then its needs are added per decision. */
  readonly conditionalDetection: boolean;
  /** The shared prefilter of this stage's text policies, when any has one. */
  readonly text: StageTextSearch | undefined;
}

const NO_DETECTION: DetectionNeed = { types: [], minConfidence: 1 };

/** `base` plus the needs at `stage` of the detector policies among `policies` that `include` picks. */
function withNeedsOf(base: DetectionNeed, policies: readonly CompiledPolicy[], stage: Stage, include: (p: CompiledPolicy) => boolean): DetectionNeed {
  const types = new Set<DetectorType>(base.types);
  let minConfidence = base.minConfidence;
  for (const p of policies) {
    if (p.kind !== 'detector' || !include(p)) continue;
    const need = p.needs.get(stage)!;
    for (const type of need.types) types.add(type);
    if (need.minConfidence < minConfidence) minConfidence = need.minConfidence;
  }
  return { types: [...types], minConfidence };
}

/** The plan of every stage, from the compiled policies in evaluation order. */
export function buildStagePlans(policies: readonly CompiledPolicy[]): ReadonlyMap<Stage, StagePlan> {
  const plans = new Map<Stage, StagePlan>();
  for (const stage of STAGES) {
    const atStage = policies.filter((p) => p.stages === null || p.stages.has(stage));
    const detection = withNeedsOf(NO_DETECTION, atStage, stage, (p) => p.when === null);
    plans.set(stage, {
      // Not frozen: V8 (Node 20) reads frozen arrays' elements several times slower, and every decision walks this one.
      policies: atStage,
      detection: Object.freeze({ types: Object.freeze(detection.types), minConfidence: detection.minConfidence }),
      conditionalDetection: atStage.some((p) => p.kind === 'detector' && p.when !== null),
      text: buildStageTextSearch(atStage),
    });
  }
  return plans;
}

/** The detection a decision at `stage` needs: the plan's, plus that of the conditional detector policies among `applicable`. */
export function detectionFor(plan: StagePlan, applicable: readonly CompiledPolicy[], stage: Stage): DetectionNeed {
  return plan.conditionalDetection ? withNeedsOf(plan.detection, applicable, stage, (p) => p.when !== null) : plan.detection;
}
