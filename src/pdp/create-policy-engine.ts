import { DEFAULT_REGION } from '../detectors/detect.js';
import type { SqlCategory } from '../detectors/sql/scan-sql.js';
import type { BreakerState, Decision, DecisionFinding, Reason } from './decision.js';
import { applyRedaction } from './evaluate/apply-redaction.js';
import { trippedBreaker } from './evaluate/breakers.js';
import { combineOutcomes } from './evaluate/combine-outcomes.js';
import { evaluateCheckPolicy, evaluateConditionPolicy } from './evaluate/evaluate-check-policy.js';
import { evaluateDetectorPolicy } from './evaluate/evaluate-detector-policy.js';
import { evaluateTextPolicy } from './evaluate/evaluate-text-policy.js';
import { evaluateToolPolicy } from './evaluate/evaluate-tool-policy.js';
import type { PolicyOutcome, UnitSpan } from './evaluate/policy-outcome.js';
import { scanUnits, type ScanUnit } from './evaluate/scan-units.js';
import { styleStrictness } from './evaluate/style-strictness.js';
import { detectInUnits, type UnitFindings } from './evaluate/unit-findings.js';
import type { PolicySet, PolicySetInput } from './policy-schema.js';
import { compilePolicySet, type CompiledPolicySet } from './policy-set/compile-policy-set.js';
import type { CompiledPolicy, CustomCheck } from './policy-set/compiled-policy.js';
import { deriveOrgKeys, parseRedactionSecret, randomRedactionSecret, type OrgRedactionKeys } from './redaction/org-keys.js';
import { restore as restoreTokens } from './redaction/restore.js';
import { DecisionRequestSchema, type DecisionRequest, type DecisionRequestInput } from './request-schema.js';
import { uuidv7 } from './uuidv7.js';
import { isoTimestamp } from './iso-timestamp.js';
import { detectionFor, type StagePlan } from './policy-set/stage-plan.js';
import type { StageTextSearch } from './policy-set/stage-text-search.js';
import type { FirstOffsets } from './conditions/text-prefilter.js';
import { fastRequestCheck } from './fast-request-check.js';
import { sortStable } from '../stable-sort.js';
import { formatIssuePath, InvalidOptionError } from '../errors.js';

/** Options of {@link createPolicyEngine}. */
export interface PolicyEngineOptions {
  /** The policy set: plain JSON data, validated with zod. */
  policies: PolicySetInput;
  /** Code-level checks that `kind: 'check'` policies refer to by name. */
  checks?: Readonly<Record<string, CustomCheck>>;
  /**
   * Master secret (≥ 32 bytes, or its base64/hex) from which per-org keys for the `hash` and
   * `format_preserving` styles are derived. Default: random per engine, so hashes and
   * pseudonyms are stable only for the engine's lifetime. Set it to keep them stable.
   */
  redactionSecret?: Uint8Array | string;
  /** Current breaker state, read on every decision. If it throws, the decision fails closed. */
  breakers?: () => readonly BreakerState[];
  /** Default region for national phone numbers. Default `US`. */
  region?: string;
  /** Clock, for tests. */
  now?: () => number;
}

/** Per-call inputs besides the request. */
export interface DecideContext {
  /** Breaker state for this decision; overrides `options.breakers`. */
  breakers?: readonly BreakerState[];
}

/** A compiled policy set that decides requests. Create one per policy-set version and reuse it. */
export interface PolicyEngine {
  /**
   * Decides one request. Pure and synchronous; never throws: an invalid request is a `deny`
   * with reason `invalid_request`, an evaluation error a `deny` with `evaluation_error`.
   */
  decide(request: DecisionRequestInput, context?: DecideContext): Decision;
  /** Puts back the values that `tokenize` and `format_preserving` replaced, e.g. in a model reply. */
  restore(text: string, decision: Pick<Decision, 'obligations'>): string;
  /** The validated set with packs expanded and defaults applied. */
  readonly policySet: PolicySet;
  /** The set's `version`, or a content hash. Copied into every decision. */
  readonly version: string;
}

/**
 * Compiles a policy set into an engine. Throws `PolicyConfigError` naming every bad field.
 *
 * @example
 * ```ts
 * import { createPolicyEngine } from 'gatehouse';
 * const engine = createPolicyEngine({
 *   policies: { packs: ['pci-dss'], policies: [
 *     { id: 'secrets', kind: 'detector', types: { aws_secret_access_key: { action: 'block' } } },
 *   ] },
 * });
 * const d = engine.decide({ orgId: 'acme', stage: 'input', text: 'card 4111 1111 1111 1111' });
 * d.verdict;      // 'redact'
 * d.redactedText; // 'card **** **** **** 1111'
 * ```
 */
export function createPolicyEngine(options: PolicyEngineOptions): PolicyEngine {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('createPolicyEngine needs an options object such as { policies: { policies: [...] } }.');
  }
  const compiled = compilePolicySet(options.policies, options.checks ?? {});
  const master = options.redactionSecret === undefined ? randomRedactionSecret() : parseRedactionSecret(options.redactionSecret);
  const region = options.region ?? DEFAULT_REGION;
  const now = options.now ?? Date.now;
  return {
    decide: (request, context) => decide(compiled, request, context, { master, region, now, breakers: options.breakers }),
    restore: (text, decision) => restoreTokens(text, decision),
    policySet: compiled.set,
    version: compiled.version,
  };
}

const NO_BREAKERS: readonly BreakerState[] = Object.freeze([]);

interface EngineEnv {
  master: Uint8Array;
  region: string;
  now: () => number;
  breakers: (() => readonly BreakerState[]) | undefined;
}

function identityOf(raw: unknown): Decision['identity'] {
  const r = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 256 ? v : null);
  return { orgId: str(r.orgId), clientId: str(r.clientId), userId: str(r.userId) };
}

/** The fields every decision of a valid request starts with. */
type DecisionHead = Pick<Decision, 'decisionId' | 'timestamp' | 'policySetVersion' | 'stage' | 'identity' | 'traceId'>;

function decisionHead(decisionId: string, timestamp: string, version: string, req: DecisionRequest): DecisionHead {
  const head: DecisionHead = {
    decisionId,
    timestamp,
    policySetVersion: version,
    stage: req.stage,
    identity: { orgId: req.orgId, clientId: req.clientId ?? null, userId: req.userId ?? null },
  };
  if (req.traceId) head.traceId = req.traceId;
  return head;
}

function decide(cs: CompiledPolicySet, raw: unknown, context: DecideContext | undefined, env: EngineEnv): Decision {
  const t = env.now();
  const decisionId = uuidv7(t);
  const timestamp = isoTimestamp(t);
  const fast = fastRequestCheck(raw);
  const parsed = fast ? { success: true as const, data: fast } : DecisionRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
    return {
      decisionId,
      timestamp,
      policySetVersion: cs.version,
      verdict: 'deny',
      reasons: [{ code: 'invalid_request', message: `invalid request: ${issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; ')}` }],
      evaluatedPolicies: [],
      findings: [],
      obligations: [],
      stage: null,
      identity: identityOf(raw),
      issues,
    };
  }
  const req = parsed.data;
  try {
    // Filled in place, field by field in a fixed order: cheaper than spreading partial objects.
    return evaluate(cs, req, context, env, t, decisionHead(decisionId, timestamp, cs.version, req));
  } catch (error) {
    // A fresh head: the failed evaluation may have filled in part of the other one.
    const common = decisionHead(decisionId, timestamp, cs.version, req);
    const message = `evaluation failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    const reasons: Reason[] = [{ code: 'evaluation_error', message }];
    if (cs.set.failMode === 'open') {
      return {
        ...common, verdict: 'allow', failedOpen: true,
        reasons: [{ code: 'fail_open', message: 'failMode is "open": an evaluation error was allowed through' }, ...reasons],
        evaluatedPolicies: [], findings: [], obligations: [],
      };
    }
    return { ...common, verdict: 'deny', reasons, evaluatedPolicies: [], findings: [], obligations: [] };
  }
}

/** The applicable policies of the request's stage: those whose `when` holds, in evaluation order. */
function applicablePolicies(plan: StagePlan, req: DecisionRequest): CompiledPolicy[] {
  const applicable: CompiledPolicy[] = [];
  for (const p of plan.policies) if (p.when === null || p.when(req)) applicable.push(p);
  return applicable;
}

function evaluate(cs: CompiledPolicySet, req: DecisionRequest, context: DecideContext | undefined, env: EngineEnv, t: number, head: DecisionHead): Decision {
  const d = head as Decision;
  const plan = cs.stages.get(req.stage)!;
  const applicable = applicablePolicies(plan, req);

  const breakers = context?.breakers ?? env.breakers?.() ?? NO_BREAKERS;
  if (breakers.length > 0) {
    const tripped = trippedBreaker(breakers, req, new Set(applicable.map((p) => p.policy.id)), t);
    if (tripped) {
      d.verdict = 'deny';
      d.reasons = [{ code: 'circuit_open', message: `circuit breaker open for ${tripped.scope} ${tripped.key}${tripped.reason ? `: ${tripped.reason}` : ''}`, detail: { scope: tripped.scope, key: tripped.key } }];
      d.evaluatedPolicies = [];
      d.findings = [];
      d.obligations = [];
      return d;
    }
  }

  const units = scanUnits(req);
  // One detector pass per string, for every type any applicable rule at this stage wants.
  const need = detectionFor(plan, applicable, req.stage);
  const detected = detectInUnits(units, need.types, need.minConfidence, env.region);

  // Each string is searched once for the prefilters of every text policy that applies.
  const textOffsets = plan.text && applicable.some((p) => p.kind === 'text') ? units.map((u) => plan.text!.prefilter.firstOffsets(u.value)) : undefined;
  // map: the array is allocated at its final length, not grown push by push.
  const outcomes: PolicyOutcome[] = applicable.map((p) => evaluatePolicy(p, req, units, detected, env.region, plan.text, textOffsets));
  const combined = combineOutcomes(outcomes);
  d.verdict = combined.verdict;
  d.reasons = combined.reasons;
  d.evaluatedPolicies = combined.evaluatedPolicies;
  d.obligations = combined.obligations;

  const findings: DecisionFinding[] = [];
  for (const { unit, findings: fs } of detected) {
    for (const f of fs) findings.push({ type: f.type, start: f.start, end: f.end, confidence: f.confidence, source: unit.source });
  }
  d.findings = findings;
  let sqlCategories: Set<SqlCategory> | undefined;
  for (const o of outcomes) {
    if (o.sqlCategories === undefined) continue;
    sqlCategories ??= new Set();
    for (const c of o.sqlCategories) sqlCategories.add(c);
  }
  if (sqlCategories !== undefined && sqlCategories.size > 0) d.sqlCategories = [...sqlCategories];

  const spans: UnitSpan[] = [];
  if (combined.verdict !== 'deny') {
    for (const o of outcomes) if (o.matched) for (let i = 0; i < o.spans.length; i++) spans.push(o.spans[i]!);
  }
  // Equal spans redacted in different styles: the strictest goes first, and the first wins.
  if (spans.length > 1) sortStable(spans, bySpanThenStrictness);
  if (spans.length > 0) {
    let keys: OrgRedactionKeys | undefined;
    const redacted = applyRedaction(req, spans, () => (keys ??= deriveOrgKeys(env.master, req.orgId)));
    if (redacted.text !== undefined) d.redactedText = redacted.text;
    if (redacted.messages !== undefined) d.redactedMessages = redacted.messages;
    if (redacted.toolArgs !== undefined) d.redactedToolArgs = redacted.toolArgs;
    if (redacted.tokens.size > 0) d.obligations.push({ type: 'restore', tokens: Object.fromEntries(redacted.tokens) });
  }
  return d;
}

/** Start, then longest first, then strictest style first. */
function bySpanThenStrictness(a: UnitSpan, b: UnitSpan): number {
  return a.start - b.start || b.end - a.end || styleStrictness(b.style) - styleStrictness(a.style);
}

function evaluatePolicy(
  p: CompiledPolicy,
  req: DecisionRequest,
  units: readonly ScanUnit[],
  detected: readonly UnitFindings[],
  region: string,
  text: StageTextSearch | undefined,
  textOffsets: readonly (FirstOffsets | undefined)[] | undefined,
): PolicyOutcome {
  switch (p.kind) {
    case 'detector': return evaluateDetectorPolicy(p, req.stage, detected);
    case 'text': return evaluateTextPolicy(p, units, textOffsets, text?.partsOf.get(p));
    case 'condition': return evaluateConditionPolicy(p);
    case 'tool': return evaluateToolPolicy(p, req, units, region);
    case 'check': return evaluateCheckPolicy(p, req);
  }
}
