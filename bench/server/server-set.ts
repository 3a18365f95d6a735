/**
 * What the server bench sends: the decide bench's policy set as plain JSON (its code-level
 * `check` policy dropped, since `gatehouse serve` loads policies from a file), and Decision Mode
 * bodies around 1 KB prompts cut from the seeded corpus (a third keep their planted PII).
 */
import type { PolicySetInput } from '../../src/index.js';
import { createPolicyEngine } from '../../src/index.js';
import { BENCH_ATTRIBUTES, BENCH_PACKS, BENCH_POLICY_COUNT, benchPolicySet } from '../decide/gatehouse-set.js';
import { buildPrompts } from '../decide/prompts.js';

/** The decide bench's 25-policy set without its code check: 24 policies, all JSON. */
export function serverPolicySet(): PolicySetInput {
  const packCount = createPolicyEngine({ policies: { packs: [...BENCH_PACKS] } }).policySet.policies.length;
  const set = benchPolicySet(BENCH_POLICY_COUNT - packCount);
  return { ...set, version: 'bench-server', policies: (set.policies ?? []).filter((p) => p.kind !== 'check') };
}

/** `count` decide bodies with 1 KB prompts. */
export function decideBodies(count: number, seed = 7): string[] {
  return buildPrompts(1024, count, 1 / 3, seed).map((p) => JSON.stringify({
    stage: 'input',
    query: p.text,
    caller_identity: { user_id: 'u-42', roles: ['analyst'] },
    target: { type: 'model', model: 'gpt-4o', provider: 'openai' },
    context: BENCH_ATTRIBUTES,
  }));
}
