import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createPolicyEngine, verdictRank, REDACTION_STYLES, PII_TYPES,
  type PolicyInput, type PolicySetInput, type DetectorType,
} from '../../src/index.js';
import { promptWith } from '../../src/testing/index.js';

const REDACTABLE: readonly DetectorType[] = ['credit_card', 'iban', 'email', 'ssn', 'aadhaar', 'nric', 'pan', 'phone'];

const actionArb = fc.constantFrom('block', 'require_approval', 'redact', 'warn', 'log', 'allow', 'off' as const);
const detectorPolicyArb = (id: string): fc.Arbitrary<PolicyInput> =>
  fc.record({
    types: fc.dictionary(fc.constantFrom(...REDACTABLE), fc.record({ action: actionArb, style: fc.constantFrom(...REDACTION_STYLES) }), { minKeys: 1, maxKeys: 4 }),
    priority: fc.integer({ min: -5, max: 5 }),
    level: fc.constantFrom('system', 'org', 'tenant' as const),
  }).map((p) => ({ id, kind: 'detector' as const, ...p }));
const policySetArb: fc.Arbitrary<PolicySetInput> = fc
  .array(fc.nat(), { minLength: 0, maxLength: 5 })
  .chain((xs) => fc.tuple(...xs.map((_, i) => detectorPolicyArb(`p${i}`))))
  .map((policies) => ({ policies }));

const promptArb = fc.constantFrom(...REDACTABLE).chain((t) => promptWith(t));
const textArb = fc.oneof(promptArb.map((p) => p.text), fc.string({ maxLength: 200 }));

describe('decide() properties', () => {
  it('monotonic: adding a block policy never loosens the verdict', () => {
    fc.assert(
      fc.property(policySetArb, textArb, fc.constantFrom(...REDACTABLE), (set, text, type) => {
        const before = createPolicyEngine({ policies: set }).decide({ orgId: 'o', stage: 'input', text });
        const tightened = { policies: [...(set.policies ?? []), { id: 'added-block', kind: 'detector' as const, types: { [type]: { action: 'block' as const } } }] };
        const after = createPolicyEngine({ policies: tightened }).decide({ orgId: 'o', stage: 'input', text });
        expect(verdictRank(after.verdict)).toBeGreaterThanOrEqual(verdictRank(before.verdict));
      }),
      { numRuns: 150 },
    );
  });

  it('monotonic: adding a finding to the text never loosens the verdict', () => {
    fc.assert(
      fc.property(policySetArb, textArb, promptArb, (set, text, extra) => {
        const engine = createPolicyEngine({ policies: set });
        const before = engine.decide({ orgId: 'o', stage: 'input', text });
        const after = engine.decide({ orgId: 'o', stage: 'input', text: `${text}\n\n${extra.text}` });
        expect(verdictRank(after.verdict)).toBeGreaterThanOrEqual(verdictRank(before.verdict));
      }),
      { numRuns: 150 },
    );
  });

  it('deterministic: the same request and set give the same verdict, findings and redaction', () => {
    fc.assert(
      fc.property(policySetArb, textArb, (set, text) => {
        const secret = new Uint8Array(32).fill(7);
        const a = createPolicyEngine({ policies: set, redactionSecret: secret }).decide({ orgId: 'o', stage: 'input', text });
        const b = createPolicyEngine({ policies: set, redactionSecret: secret }).decide({ orgId: 'o', stage: 'input', text });
        expect(b.verdict).toBe(a.verdict);
        expect(b.findings).toEqual(a.findings);
        expect(b.redactedText).toBe(a.redactedText);
        expect(b.evaluatedPolicies).toEqual(a.evaluatedPolicies);
      }),
      { numRuns: 100 },
    );
  });

  it('redaction never leaks a detected value, for every style', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REDACTION_STYLES), fc.array(promptArb, { minLength: 1, maxLength: 3 }), (style, prompts) => {
        const engine = createPolicyEngine({
          policies: { policies: [{ id: 'r', kind: 'detector', types: Object.fromEntries(PII_TYPES.map((t) => [t, { action: 'redact', style }])) }] },
        });
        const text = prompts.map((p) => p.text).join('\n');
        const d = engine.decide({ orgId: 'o', stage: 'input', text });
        expect(d.verdict).toBe('redact');
        for (const p of prompts) expect(d.redactedText).not.toContain(p.value);
        for (const f of d.findings) if (f.source === 'text') expect(d.redactedText).not.toContain(text.slice(f.start, f.end));
      }),
      { numRuns: 200 },
    );
  });

  it('round trip: restore(redact(x)) === x for tokenize and format_preserving', () => {
    fc.assert(
      fc.property(fc.constantFrom('tokenize', 'format_preserving' as const), fc.array(promptArb, { minLength: 1, maxLength: 3 }), (style, prompts) => {
        const engine = createPolicyEngine({
          policies: { policies: [{ id: 'r', kind: 'detector', types: Object.fromEntries(REDACTABLE.map((t) => [t, { action: 'redact', style }])) }] },
        });
        const text = prompts.map((p) => p.text).join(' | ');
        const d = engine.decide({ orgId: 'o', stage: 'input', text });
        expect(engine.restore(d.redactedText ?? text, d)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('robust: decide never throws on arbitrary requests', () => {
    const engine = createPolicyEngine({ policies: { packs: ['pci-dss', 'hipaa'], policies: [{ id: 't', kind: 'tool', denyTools: ['x'], args: [{ arg: 'q', scan: 'sql', action: 'block' }] }] } });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ orgId: fc.string(), stage: fc.string(), text: fc.oneof(fc.string(), fc.anything()), messages: fc.anything(), tool: fc.anything(), attributes: fc.anything() }, { requiredKeys: [] }),
          fc.record({ orgId: fc.constant('o'), stage: fc.constantFrom('input', 'output', 'tool_call', 'tool_result'), text: fc.string({ unit: 'binary' }), tool: fc.record({ name: fc.string({ minLength: 1 }), args: fc.jsonValue() }) }),
        ),
        (req) => {
          const d = engine.decide(req as never);
          expect(['allow', 'deny', 'redact', 'require_approval']).toContain(d.verdict);
          expect(typeof d.decisionId).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('valid values of every PII type are found by an engine that blocks them', () => {
    const engine = createPolicyEngine({ policies: { policies: [{ id: 'b', kind: 'detector', types: Object.fromEntries(PII_TYPES.map((t) => [t, { action: 'block' }])) }] } });
    fc.assert(
      fc.property(fc.constantFrom(...PII_TYPES).chain((t) => promptWith(t)), (p) => {
        expect(engine.decide({ orgId: 'o', stage: 'input', text: p.text }).verdict).toBe('deny');
      }),
      { numRuns: 200 },
    );
  });
});
