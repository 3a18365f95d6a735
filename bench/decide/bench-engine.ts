/** The engine the decide bench times: the 25-policy set of gatehouse-set.ts, with a fixed redaction secret. */
import { createPolicyEngine, type PolicyEngine } from '../../src/index.js';
import { BENCH_CHECKS, BENCH_PACKS, BENCH_POLICY_COUNT, benchPolicySet } from './gatehouse-set.js';

/** A fixed secret, so hash and format-preserving output is the same on every run. */
const REDACTION_SECRET = 'gatehouse-bench-redaction-secret-0123456789';

/** Builds the bench engine; throws if the set does not resolve to exactly {@link BENCH_POLICY_COUNT} policies. */
export function createBenchEngine(): PolicyEngine {
  const packCount = createPolicyEngine({ policies: { packs: [...BENCH_PACKS] } }).policySet.policies.length;
  const engine = createPolicyEngine({ policies: benchPolicySet(BENCH_POLICY_COUNT - packCount), checks: BENCH_CHECKS, redactionSecret: REDACTION_SECRET });
  const n = engine.policySet.policies.length;
  if (n !== BENCH_POLICY_COUNT) throw new Error(`the bench set resolved to ${n} policies, not ${BENCH_POLICY_COUNT}`);
  return engine;
}
