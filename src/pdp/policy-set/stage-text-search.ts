/**
 * The text policies of one stage share one prefilter search (see `text-prefilter.ts`): each
 * scanned string is searched once for the prefilters of every part of every text policy, and
 * each policy then searches its parts only from where they can first match.
 */
import type { PartPrefilter } from '../conditions/prefilter-literals.js';
import { buildTextPrefilter, type FirstOffsets, type TextPrefilter } from '../conditions/text-prefilter.js';
import type { CompiledPolicy, CompiledTextPolicy } from './compiled-policy.js';

export interface StageTextSearch {
  readonly prefilter: TextPrefilter;
  /** Per text policy: for each of its parts, the part's index in the prefilter, or -1 when it has none (always searched). */
  readonly partsOf: ReadonlyMap<CompiledTextPolicy, Int32Array>;
}

/** The shared prefilter of the text policies among `policies`; `undefined` when none has a prefilter. */
export function buildStageTextSearch(policies: readonly CompiledPolicy[]): StageTextSearch | undefined {
  const sources: PartPrefilter[] = [];
  const partsOf = new Map<CompiledTextPolicy, Int32Array>();
  for (const p of policies) {
    if (p.kind !== 'text') continue;
    const parts = new Int32Array(p.prefilters.length).fill(-1);
    p.prefilters.forEach((source, k) => {
      if (source === undefined) return;
      parts[k] = sources.length;
      sources.push(source);
    });
    partsOf.set(p, parts);
  }
  return sources.length === 0 ? undefined : { prefilter: buildTextPrefilter(sources), partsOf };
}

/**
 * Where each part of a policy is to be searched from, given the first offsets of the
 * prefilter parts: the offset, 0 for a part without a prefilter, -1 for a part that cannot
 * match. `null` when no part can match.
 */
export function partStarts(parts: Int32Array, offsets: FirstOffsets): number[] | null {
  let any = false;
  for (let k = 0; k < parts.length && !any; k++) any = parts[k]! < 0 || offsets[parts[k]!]! >= 0;
  if (!any) return null;
  const starts: number[] = [];
  for (let k = 0; k < parts.length; k++) starts.push(parts[k]! < 0 ? 0 : offsets[parts[k]!]!);
  return starts;
}
