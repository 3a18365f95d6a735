import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../../src/pdp/index.js';
import type { Decision } from '../../src/pdp/decision.js';
import type { PolicyInput } from '../../src/pdp/policy-schema.js';
import { GatehouseError } from '../../src/errors.js';
import { DETECTOR_TYPES, type DetectorType } from '../../src/detectors/types.js';
import {
  benignSql, expectAlwaysDenied, expectNeverReaches, expectNoFalsePositives, expectVerdictAtLeast, InvalidTestingArgumentError,
  nearMissValue, PolicyLawError, promptWith, sqlInjection, type LawEngine,
} from '../../src/testing/index.js';

const RUNS = { numRuns: 60 };

function engineFor(...policies: PolicyInput[]) {
  return createPolicyEngine({ policies: { policies } });
}
const detectorPolicy = (types: Partial<Record<DetectorType, object>>, extra: Partial<PolicyInput> = {}): PolicyInput =>
  ({ id: 'detectors', kind: 'detector', types, ...extra }) as PolicyInput;

/** Runs `law` and returns the PolicyLawError it throws (failing the test when it does not throw one). */
function lawError(law: () => void): PolicyLawError {
  try {
    law();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyLawError);
    return error as PolicyLawError;
  }
  throw new Error('expected the law to fail, but it held');
}

describe('expectNeverReaches', () => {
  it('holds for every type on a policy that blocks it', () => {
    const engine = engineFor(detectorPolicy(Object.fromEntries(DETECTOR_TYPES.map((t) => [t, { action: 'block' }]))));
    for (const type of DETECTOR_TYPES) {
      expectNeverReaches(engine, type, { stage: 'input' }, RUNS);
    }
  });

  it('holds for phone numbers in every wrapping, parentheses included (once a known detector gap)', () => {
    const engine = engineFor(detectorPolicy({ phone: { action: 'block' } }));
    expectNeverReaches(engine, 'phone', { stage: 'input' }, { numRuns: 300 });
  });

  for (const style of ['mask', 'label', 'partial', 'hash', 'tokenize', 'format_preserving'] as const) {
    it(`holds for every type on a policy that redacts it with style ${style}`, () => {
      const engine = engineFor(detectorPolicy(Object.fromEntries(DETECTOR_TYPES.map((t) => [t, { action: 'redact', style }]))));
      for (const type of DETECTOR_TYPES) {
        expectNeverReaches(engine, type, { stage: 'input' }, { numRuns: 40 });
      }
    });
  }

  it('holds on a policy that asks for approval, and for a message rather than the text', () => {
    const engine = engineFor(detectorPolicy({ aadhaar: { action: 'require_approval' }, iban: { action: 'redact' } }));
    expectNeverReaches(engine, 'aadhaar', { stage: 'input', userId: 'u1' }, RUNS);
    expectNeverReaches(engine, 'iban', { stage: 'input', messages: [{ role: 'system', content: 'Be brief.' }] }, { ...RUNS, placement: 'messages' });
  });

  it('holds for the PCI DSS pack and cards, at every stage', () => {
    const engine = createPolicyEngine({ policies: { packs: ['pci-dss'] } });
    for (const stage of ['input', 'output', 'tool_call', 'tool_result'] as const) expectNeverReaches(engine, 'credit_card', { stage }, RUNS);
  });

  it('fails, with the prompt that got through, on a policy that only warns', () => {
    const engine = engineFor(detectorPolicy({ credit_card: { action: 'warn' } }));
    const error = lawError(() => expectNeverReaches(engine, 'credit_card', { stage: 'input' }, RUNS));
    expect(error.code).toBe('POLICY_LAW_VIOLATED');
    expect(error.law).toBe('expectNeverReaches(credit_card, stage input)');
    expect(error.message).toMatch(/verdict "allow": the credit_card value ".+" would reach the model/);
    expect(error.message).toMatch(/Counterexample: \[\{"text":/);
    expect(error.message).toMatch(/seed: -?\d+, path: "[\d:]+"/);
    expect(error).toBeInstanceOf(GatehouseError);
  });

  it('fails on a type the policy leaves alone, on a stage the policy does not cover, and on a pack that only logs', () => {
    const cardsOnInput = engineFor(detectorPolicy({ credit_card: { action: 'block' } }, { stages: ['input'] }));
    lawError(() => expectNeverReaches(cardsOnInput, 'iban', { stage: 'input' }, RUNS));
    lawError(() => expectNeverReaches(cardsOnInput, 'credit_card', { stage: 'output' }, RUNS));
    // mas-feat logs UENs on purpose (they are public): the law says so.
    const masFeat = createPolicyEngine({ policies: { packs: ['mas-feat'] } });
    expectNeverReaches(masFeat, 'nric', { stage: 'input' }, RUNS);
    lawError(() => expectNeverReaches(masFeat, 'uen', { stage: 'input' }, RUNS));
  });

  it('fails when a redaction leaves the value in place', () => {
    // A hand-made engine whose "redaction" forgets to change the text: the structural interface is all a law needs.
    const leaky: LawEngine = {
      decide: (request) => ({ ...allowDecision(), verdict: 'redact', redactedText: request.text ?? '' }),
    };
    const error = lawError(() => expectNeverReaches(leaky, 'email', { stage: 'input' }, RUNS));
    expect(error.message).toContain('survived redaction');
  });

  it('reports the same counterexample when replayed with the printed seed and path', () => {
    const engine = engineFor(detectorPolicy({ email: { action: 'log' } }));
    const first = lawError(() => expectNeverReaches(engine, 'email', { stage: 'input' }, { numRuns: 30, seed: 1234 }));
    const seed = Number(/seed: (-?\d+)/.exec(first.message)![1]);
    const path = /path: "([\d:]+)"/.exec(first.message)![1]!;
    const replay = lawError(() => expectNeverReaches(engine, 'email', { stage: 'input' }, { seed, path }));
    const counterexample = (m: string) => /Counterexample: (.*)/.exec(m)![1];
    expect(counterexample(replay.message)).toBe(counterexample(first.message));
  });
});

describe('expectAlwaysDenied, expectVerdictAtLeast and expectNoFalsePositives', () => {
  const sqlTool = (action: 'block' | 'warn') =>
    engineFor({ id: 'sql', kind: 'tool', args: [{ arg: 'query', scan: 'sql', action }] } as PolicyInput);
  const asToolCall = (query: string) => ({ tool: { name: 'run_sql', args: { query } } });

  it('every SQL injection in a tool argument is denied by a blocking SQL rule, and fails when the rule only warns', () => {
    expectAlwaysDenied(sqlTool('block'), sqlInjection().map(asToolCall), { stage: 'tool_call' }, RUNS);
    const error = lawError(() => expectAlwaysDenied(sqlTool('warn'), sqlInjection().map(asToolCall), { stage: 'tool_call' }, RUNS));
    expect(error.law).toBe('expectAlwaysDenied');
    expect(error.message).toContain('verdict "allow" is less strict than "deny"');
  });

  it('benign SQL passes the same blocking rule; a rule that blocks every tool call is caught', () => {
    expectNoFalsePositives(sqlTool('block'), benignSql().map(asToolCall), { stage: 'tool_call' }, RUNS);
    const denyAll = engineFor({ id: 'no-tools', kind: 'tool', denyTools: ['*'] } as PolicyInput);
    const error = lawError(() => expectNoFalsePositives(denyAll, benignSql().map(asToolCall), { stage: 'tool_call' }, RUNS));
    expect(error.message).toContain('verdict "deny" on a sample that should be allowed');
  });

  it('near-miss card numbers pass a card policy; a keyword rule on "card" does not', () => {
    const nearMisses = promptWith('credit_card', { values: nearMissValue('credit_card') }).map((p) => p.text);
    expectNoFalsePositives(engineFor(detectorPolicy({ credit_card: { action: 'block' } })), nearMisses, { stage: 'input' }, RUNS);
    const keyword = engineFor({ id: 'kw', kind: 'text', keywords: ['card'], action: 'block' } as PolicyInput);
    lawError(() => expectNoFalsePositives(keyword, fc.constant('my card number is 4111 1111 1111 1112'), { stage: 'input' }, RUNS));
  });

  it('expectVerdictAtLeast holds at the policy\'s verdict and fails one step stricter', () => {
    const engine = engineFor(detectorPolicy({ pan: { action: 'redact' } }));
    const prompts = promptWith('pan').map((p) => p.text);
    expectVerdictAtLeast(engine, prompts, { stage: 'input' }, 'redact', RUNS);
    const error = lawError(() => expectVerdictAtLeast(engine, prompts, { stage: 'input' }, 'require_approval', RUNS));
    expect(error.law).toBe('expectVerdictAtLeast(require_approval)');
  });
});

describe('misuse', () => {
  const engine = engineFor(detectorPolicy({ email: { action: 'block' } }));

  it('a request template the engine rejects is an InvalidTestingArgumentError, not a vacuous pass', () => {
    expect(() => expectNeverReaches(engine, 'email', { stage: 'nope' } as never, RUNS)).toThrow(InvalidTestingArgumentError);
    expect(() => expectAlwaysDenied(engine, fc.constant('x'), { stage: 'input', orgId: '' }, RUNS)).toThrow(/rejects the request template as invalid/);
  });

  it('a sample the engine rejects as invalid fails the law instead of counting as denied', () => {
    const error = lawError(() => expectAlwaysDenied(engine, fc.constant({ model: 'x'.repeat(600) }), { stage: 'input' }, RUNS));
    expect(error.message).toContain('invalid request');
  });

  it('rejects a non-engine, an unknown verdict and an unknown placement', () => {
    expect(() => expectNeverReaches({} as never, 'email', { stage: 'input' })).toThrow(/must be a policy engine/);
    expect(() => expectVerdictAtLeast(engine, fc.constant('x'), { stage: 'input' }, 'block' as never)).toThrow(/verdict must be one of/);
    expect(() => expectNeverReaches(engine, 'email', { stage: 'input' }, { placement: 'body' as never })).toThrow(InvalidTestingArgumentError);
    expect(() => expectNeverReaches(engine, 'emails' as never, { stage: 'input' })).toThrow(InvalidTestingArgumentError);
  });
});

function allowDecision(): Decision {
  return {
    decisionId: '00000000-0000-7000-8000-000000000000', verdict: 'allow', reasons: [], evaluatedPolicies: [], findings: [], obligations: [],
    timestamp: new Date(0).toISOString(), stage: 'input', identity: { orgId: 'o', clientId: null, userId: null }, policySetVersion: 'v',
  };
}
