/**
 * Policy laws: properties of a user's own policy set, checked by fast-check over generated
 * prompts. Each law runs the engine on many samples and throws a {@link PolicyLawError} with
 * the shrunk counterexample when one breaks it, so it works inside vitest, jest, node:test or a
 * plain script in CI.
 */
import fc from 'fast-check';
import type { Decision, Verdict } from '../pdp/decision.js';
import { verdictRank, VERDICTS } from '../pdp/decision.js';
import type { DetectorType } from '../detectors/types.js';
import type { DecisionRequestInput, Message } from '../pdp/request-schema.js';
import { promptWith, type EmbeddedValue, type PromptShape } from './arbitraries/prompts.js';
import { InvalidTestingArgumentError, PolicyLawError } from './errors.js';

/** What the laws need of an engine: `createPolicyEngine(...)` returns one. */
export interface LawEngine {
  decide(request: DecisionRequestInput): Decision;
}

/**
 * The request each sample is decided in: everything but the text. `orgId` defaults to
 * `"gatehouse-testing"`.
 */
export type RequestTemplate = Omit<DecisionRequestInput, 'orgId' | 'text'> & { orgId?: string };

export interface LawOptions {
  /** Samples to try. Default 200. */
  numRuns?: number;
  /** Seed, to replay a failure (the error message prints it). */
  seed?: number;
  /** Replay path printed with a failure, used together with `seed`. */
  path?: string;
}

export interface NeverReachesOptions extends LawOptions {
  /**
   * Where the prompt goes: `text` (default) or a user message appended to `request.messages`,
   * which is then what is checked after redaction.
   */
  placement?: 'text' | 'messages';
  /** Prompt shapes to draw from (see `promptWith`). Default: all. */
  shapes?: readonly PromptShape[];
  /** Values to embed instead of `validValue(type)`. */
  values?: fc.Arbitrary<string>;
}

/** A sample for the general laws: a text, or fields merged into the request (`{ tool: {...} }`). */
export type LawSample = string | Partial<DecisionRequestInput>;

const DEFAULT_RUNS = 200;
const DEFAULT_ORG = 'gatehouse-testing';

/**
 * No valid value of `type` reaches the model: for prompts that embed one (`promptWith(type)`),
 * the decision is `deny` or `require_approval`, or it is `redact` and the redacted text no
 * longer contains the value. `allow` fails the law: the prompt would go out as it is.
 *
 * @throws PolicyLawError with the smallest prompt that got through, the verdict and the seed.
 * @throws InvalidTestingArgumentError when the engine rejects the request template as invalid.
 * @example
 * ```ts
 * import { createPolicyEngine } from 'gatehouse';
 * import { expectNeverReaches } from 'gatehouse/testing';
 *
 * const engine = createPolicyEngine({ policies: { packs: ['pci-dss'] } });
 * expectNeverReaches(engine, 'credit_card', { stage: 'input' });
 * ```
 */
export function expectNeverReaches(engine: LawEngine, type: DetectorType, request: RequestTemplate, options: NeverReachesOptions = {}): void {
  const placement = options.placement ?? 'text';
  if (placement !== 'text' && placement !== 'messages') {
    throw new InvalidTestingArgumentError(`options.placement must be "text" or "messages"; got ${JSON.stringify(placement)}.`);
  }
  const prompts = promptWith(type, { ...(options.shapes ? { shapes: options.shapes } : {}), ...(options.values ? { values: options.values } : {}) });
  const law = `expectNeverReaches(${type}, stage ${String(request.stage)})`;
  probe(engine, request, law);
  runLaw(law, prompts, options, (sample: EmbeddedValue) => {
    const full = placement === 'text'
      ? { ...withOrg(request), text: sample.text }
      : { ...withOrg(request), messages: [...(request.messages ?? []), { role: 'user', content: sample.text }] };
    const decision = decideOrThrow(engine, full);
    if (decision.verdict === 'deny' || decision.verdict === 'require_approval') return;
    const outgoing = placement === 'text'
      ? [decision.verdict === 'redact' && decision.redactedText !== undefined ? decision.redactedText : sample.text]
      : messageTexts(decision.verdict === 'redact' && decision.redactedMessages !== undefined ? decision.redactedMessages : full.messages ?? []);
    if (outgoing.some((t) => t.includes(sample.value))) {
      throw new Error(
        `verdict "${decision.verdict}": the ${type} value ${JSON.stringify(sample.value)} would reach the model` +
          `${decision.verdict === 'redact' ? ' (it survived redaction)' : ''}.\n${describe(decision)}`,
      );
    }
  });
}

/**
 * Every sample is denied. A sample is a text, or fields merged into the request (for tool
 * calls: `{ tool: { name: 'sql', args: { query } } }`).
 *
 * @example
 * ```ts
 * expectAlwaysDenied(engine, sqlInjection().map((query) => ({ tool: { name: 'run_sql', args: { query } } })), { stage: 'tool_call' });
 * ```
 */
export function expectAlwaysDenied(engine: LawEngine, samples: fc.Arbitrary<LawSample>, request: RequestTemplate, options: LawOptions = {}): void {
  expectVerdictAtLeast(engine, samples, request, 'deny', options);
}

/**
 * Every sample gets `verdict` or a stricter one (`allow` < `redact` < `require_approval` < `deny`).
 *
 * @example
 * ```ts
 * expectVerdictAtLeast(engine, promptWith('aadhaar').map((p) => p.text), { stage: 'input' }, 'redact');
 * ```
 */
export function expectVerdictAtLeast(engine: LawEngine, samples: fc.Arbitrary<LawSample>, request: RequestTemplate, verdict: Verdict, options: LawOptions = {}): void {
  if (!VERDICTS.includes(verdict)) throw new InvalidTestingArgumentError(`verdict must be one of ${VERDICTS.join(', ')}; got ${JSON.stringify(verdict)}.`);
  const law = verdict === 'deny' ? 'expectAlwaysDenied' : `expectVerdictAtLeast(${verdict})`;
  probe(engine, request, law);
  runLaw(law, samples, options, (sample) => {
    const decision = decideOrThrow(engine, merge(request, sample));
    if (verdictRank(decision.verdict) < verdictRank(verdict)) {
      throw new Error(`verdict "${decision.verdict}" is less strict than "${verdict}".\n${describe(decision)}`);
    }
  });
}

/**
 * Every sample is allowed: the policy set raises no false positives on traffic that should
 * pass (benign SQL for a database tool, prompts with near-miss numbers, ordinary prose).
 *
 * @example
 * ```ts
 * expectNoFalsePositives(engine, benignSql().map((query) => ({ tool: { name: 'run_sql', args: { query } } })), { stage: 'tool_call' });
 * ```
 */
export function expectNoFalsePositives(engine: LawEngine, samples: fc.Arbitrary<LawSample>, request: RequestTemplate, options: LawOptions = {}): void {
  const law = 'expectNoFalsePositives';
  probe(engine, request, law);
  runLaw(law, samples, options, (sample) => {
    const decision = decideOrThrow(engine, merge(request, sample));
    if (decision.verdict !== 'allow') throw new Error(`verdict "${decision.verdict}" on a sample that should be allowed.\n${describe(decision)}`);
  });
}

// ---------------------------------------------------------------------------------------

function withOrg(request: RequestTemplate): DecisionRequestInput {
  return { ...request, orgId: request.orgId ?? DEFAULT_ORG } as DecisionRequestInput;
}

function merge(request: RequestTemplate, sample: LawSample): DecisionRequestInput {
  const base = withOrg(request);
  return typeof sample === 'string' ? { ...base, text: sample } : { ...base, ...sample };
}

/** The template must be a request the engine accepts, or every sample would be denied as invalid and the law would prove nothing. */
function probe(engine: LawEngine, request: RequestTemplate, law: string): void {
  if (engine === null || typeof engine !== 'object' || typeof engine.decide !== 'function') {
    throw new InvalidTestingArgumentError(`${law}: the first argument must be a policy engine (createPolicyEngine(...)), with a decide() method.`);
  }
  if (request === null || typeof request !== 'object') {
    throw new InvalidTestingArgumentError(`${law}: the request template must be an object such as { stage: 'input' }.`);
  }
  const decision = engine.decide({ ...withOrg(request), text: 'law probe' });
  if (isInvalidRequest(decision)) {
    throw new InvalidTestingArgumentError(`${law}: the engine rejects the request template as invalid (${decision.reasons[0]?.message ?? 'invalid_request'}). Fix the template, e.g. { stage: 'input' }.`);
  }
}

function isInvalidRequest(decision: Decision): boolean {
  return decision.reasons.some((r) => r.code === 'invalid_request');
}

function decideOrThrow(engine: LawEngine, request: DecisionRequestInput): Decision {
  const decision = engine.decide(request);
  if (isInvalidRequest(decision)) {
    // A denial for a malformed sample says nothing about the policy.
    throw new Error(`the engine rejected the sample as an invalid request, so the law cannot judge it.\n${describe(decision)}`);
  }
  return decision;
}

function messageTexts(messages: readonly Message[]): string[] {
  const out: string[] = [];
  for (const m of messages) {
    if (typeof m.content === 'string') out.push(m.content);
    else if (Array.isArray(m.content)) for (const part of m.content) if (typeof (part as { text?: unknown }).text === 'string') out.push((part as { text: string }).text);
  }
  return out;
}

/** A short account of a decision for failure messages: verdict, reasons, deciding policies, finding types. */
function describe(decision: Decision): string {
  const reasons = decision.reasons.map((r) => `${r.code}${r.policyId ? ` (${r.policyId})` : ''}`).join(', ') || 'none';
  const policies = decision.evaluatedPolicies.filter((p) => p.matched).map((p) => `${p.id}:${p.action}`).join(', ') || 'none';
  const findings = decision.findings.map((f) => `${f.type}@${f.source}[${f.start},${f.end}) ${f.confidence}`).join(', ') || 'none';
  return `  reasons: ${reasons}\n  matched policies: ${policies}\n  findings: ${findings}`;
}

function runLaw<T>(law: string, samples: fc.Arbitrary<T>, options: LawOptions, check: (sample: T) => void): void {
  const details = fc.check(fc.property(samples, (sample) => { check(sample); }), {
    numRuns: options.numRuns ?? DEFAULT_RUNS,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  if (details.failed) {
    const cause = details.errorInstance;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new PolicyLawError(law, `${why}\n${fc.defaultReportMessage(details) ?? ''}`, cause);
  }
}
