import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyConfigError } from '../../src/errors.js';
import { compileCondition } from '../../src/pdp/conditions/compile-condition.js';
import { compileTextRule } from '../../src/pdp/conditions/text-rules.js';
import { AUDIT_ALL_SUFFIX, COMPLIANCE_PACK_DEFINITIONS, expandPacks } from '../../src/pdp/packs/index.js';
import {
  COMPLIANCE_PACKS,
  PolicySchema,
  PolicySetSchema,
  TextPolicySchema,
  type CompliancePackName,
  type DetectorPolicy,
  type PolicyInput,
} from '../../src/pdp/policy-schema.js';
import type { DecisionRequest } from '../../src/pdp/request-schema.js';

const ids = (policies: PolicyInput[]) => policies.map((p) => p.id);
const policyById = (id: string) => PolicySchema.parse(Object.values(COMPLIANCE_PACK_DEFINITIONS).flatMap((p) => p.policies).find((p) => p.id === id));
const textMatcher = (id: string) => compileTextRule(TextPolicySchema.parse(policyById(id)), ['packs', 0]);
const matched = (id: string, text: string) => textMatcher(id)(text).map((s) => text.slice(s.start, s.end));
const detectorRules = (id: string) => (policyById(id) as DetectorPolicy).types;

describe('compliance pack definitions', () => {
  it('defines every pack named in the schema, under its own name', () => {
    expect(Object.keys(COMPLIANCE_PACK_DEFINITIONS).sort()).toEqual([...COMPLIANCE_PACKS].sort());
    for (const name of COMPLIANCE_PACKS) {
      const pack = COMPLIANCE_PACK_DEFINITIONS[name];
      expect(pack.name).toBe(name);
      expect(pack.title.length).toBeGreaterThan(0);
      expect(pack.summary.length).toBeGreaterThan(40);
      expect(pack.policies.length).toBeGreaterThan(0);
    }
  });

  it.each(COMPLIANCE_PACKS)('%s: validates as a policy set, at system level, with pack-prefixed ids and a description', (name) => {
    const pack = COMPLIANCE_PACK_DEFINITIONS[name];
    const parsed = PolicySetSchema.safeParse({ policies: pack.policies });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    for (const policy of pack.policies) {
      expect(policy.id.startsWith(`pack:${name}/`)).toBe(true);
      expect(policy.level).toBe('system');
      expect(policy.description?.length).toBeGreaterThan(20);
    }
  });

  it.each(COMPLIANCE_PACKS)('%s: conditions and text rules compile', (name) => {
    COMPLIANCE_PACK_DEFINITIONS[name].policies.forEach((input, i) => {
      const policy = PolicySchema.parse(input);
      if (policy.when) expect(() => compileCondition(policy.when!, ['packs', i, 'when'])).not.toThrow();
      if (policy.kind === 'text') expect(() => compileTextRule(policy, ['packs', i])).not.toThrow();
    });
  });

  it('has unique policy ids across all packs, and all packs together validate', () => {
    const all = expandPacks(COMPLIANCE_PACKS);
    expect(new Set(ids(all)).size).toBe(all.length);
    const parsed = PolicySetSchema.safeParse({ packs: [...COMPLIANCE_PACKS], policies: all });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('is frozen, so no caller can change a pack for everyone', () => {
    const pack = COMPLIANCE_PACK_DEFINITIONS['pci-dss'];
    expect(Object.isFrozen(COMPLIANCE_PACK_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(pack.policies[0])).toBe(true);
    expect(() => {
      (pack.policies[0] as { id: string }).id = 'changed';
    }).toThrow(TypeError);
  });
});

describe('expandPacks', () => {
  it('expands packs in the order named', () => {
    expect(ids(expandPacks(['ojk', 'pci-dss']))).toEqual(['pack:ojk/nik-npwp', 'pack:pci-dss/card-numbers', 'pack:pci-dss/card-verification-codes']);
    expect(expandPacks([])).toEqual([]);
  });

  it('keeps one copy of the Aadhaar and PAN rules when rbi and sebi are both named', () => {
    expect(ids(expandPacks(['rbi', 'sebi']))).toEqual(['pack:rbi/aadhaar', 'pack:rbi/pan', 'pack:sebi/demat-accounts']);
    expect(ids(expandPacks(['sebi', 'rbi']))).toEqual(['pack:sebi/aadhaar', 'pack:sebi/pan', 'pack:sebi/demat-accounts']);
  });

  it('expands a pack named twice once', () => {
    expect(ids(expandPacks(['hipaa', 'hipaa']))).toEqual(ids(expandPacks(['hipaa'])));
  });

  it('returns copies the caller may change', () => {
    const [first] = expandPacks(['pci-dss']);
    (first as { id: string }).id = 'mine';
    expect(COMPLIANCE_PACK_DEFINITIONS['pci-dss'].policies[0]!.id).toBe('pack:pci-dss/card-numbers');
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('rejects an unknown pack name at its index', () => {
    try {
      expandPacks(['hipaa', 'gdpr' as CompliancePackName, 'toString' as CompliancePackName]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyConfigError);
      expect((e as PolicyConfigError).issues.map((i) => i.path)).toEqual([['packs', 1], ['packs', 2]]);
      expect((e as PolicyConfigError).message).toContain('pci-dss');
    }
    expect(() => expandPacks('hipaa' as never)).toThrow(PolicyConfigError);
  });
});

describe('what each pack enforces', () => {
  it('pci-dss masks card numbers at every stage', () => {
    const policy = policyById('pack:pci-dss/card-numbers');
    expect(policy.stages).toBeUndefined();
    expect(detectorRules('pack:pci-dss/card-numbers')).toEqual({ credit_card: { action: 'redact', style: 'mask' } });
  });

  it('pci-dss removes card verification codes that follow their label, and nothing else', () => {
    const id = 'pack:pci-dss/card-verification-codes';
    expect(matched(id, 'CVV: 123, cvc2 4567, security code is 987, CID#0042')).toEqual(['123', '4567', '987', '0042']);
    expect(matched(id, 'Card Verification Value 321')).toEqual(['321']);
    expect(matched(id, 'cvv 12345, call 123, order 456')).toEqual([]);
  });

  it('hipaa replaces Safe Harbor identifiers with a label on input, output and tool results', () => {
    const policy = policyById('pack:hipaa/identifiers');
    expect(policy.stages).toEqual(['input', 'output', 'tool_result']);
    const rules = detectorRules('pack:hipaa/identifiers');
    expect(Object.keys(rules).sort()).toEqual(['credit_card', 'dob', 'email', 'iban', 'passport', 'phone', 'ssn']);
    for (const rule of Object.values(rules)) expect(rule).toEqual({ action: 'redact', style: 'label' });
  });

  it('hipaa finds labelled record and plan numbers and IPv4 addresses', () => {
    const id = 'pack:hipaa/record-numbers';
    expect(matched(id, 'MRN: A12-3456; Medical record no. 00123456; member ID XK-99812')).toEqual(['A12-3456', '00123456', 'XK-99812']);
    expect(matched(id, 'MRN is pending, member id unknown')).toEqual([]);
    expect(matched(id, 'from 10.0.0.12 via 192.168.1.254')).toEqual(['10.0.0.12', '192.168.1.254']);
    expect(matched(id, 'version 1.2.3.4.5 and 256.1.1.1')).toEqual([]);
  });

  it('rbi and sebi mask Aadhaar and PAN; sebi also masks demat account numbers', () => {
    for (const pack of ['rbi', 'sebi'] as const) {
      expect(detectorRules(`pack:${pack}/aadhaar`)).toEqual({ aadhaar: { action: 'redact', style: 'mask' } });
      expect(detectorRules(`pack:${pack}/pan`)).toEqual({ pan: { action: 'redact', style: 'mask' } });
    }
    const id = 'pack:sebi/demat-accounts';
    expect(matched(id, 'Demat IN30012345678901, BO ID: 1201234500012345')).toEqual(['IN30012345678901', '1201234500012345']);
    expect(matched(id, 'ref 1201234500012345 and IN3001234567890')).toEqual([]);
  });

  it('mas-feat masks NRIC and FIN, and logs UENs', () => {
    expect(detectorRules('pack:mas-feat/nric-fin')).toEqual({ nric: { action: 'redact', style: 'mask' }, fin: { action: 'redact', style: 'mask' } });
    expect(detectorRules('pack:mas-feat/uen')).toEqual({ uen: { action: 'log' } });
  });

  it('ojk masks NIK and NPWP', () => {
    expect(detectorRules('pack:ojk/nik-npwp')).toEqual({ nik: { action: 'redact', style: 'mask' }, npwp: { action: 'redact', style: 'mask' } });
  });

  describe('eu-ai-act', () => {
    const request = (extra: Partial<DecisionRequest>): DecisionRequest => ({ orgId: 'acme', stage: 'tool_call', ...extra });
    const when = (id: string) => compileCondition(policyById(id).when!, ['packs', 0, 'when']);

    it('audits every request, through a log policy whose id ends in /audit-all', () => {
      const policy = policyById(`pack:eu-ai-act${AUDIT_ALL_SUFFIX}`);
      expect(policy).toMatchObject({ kind: 'condition', action: 'log' });
      expect(policy.stages).toBeUndefined();
      const audit = when(policy.id);
      for (const stage of ['input', 'output', 'tool_call', 'tool_result'] as const) expect(audit(request({ stage }))).toBe(true);
    });

    it('requires approval of tool calls when the host marks the request high-risk', () => {
      const policy = policyById('pack:eu-ai-act/human-oversight');
      expect(policy).toMatchObject({ kind: 'condition', action: 'require_approval', stages: ['tool_call'] });
      const highRisk = when(policy.id);
      expect(highRisk(request({ attributes: { risk: 'high' } }))).toBe(true);
      expect(highRisk(request({ attributes: { risk: 'limited' } }))).toBe(false);
      expect(highRisk(request({}))).toBe(false);
    });

    it('blocks requests the host marks as a prohibited practice', () => {
      const policy = policyById('pack:eu-ai-act/prohibited-practices');
      expect(policy).toMatchObject({ kind: 'condition', action: 'block' });
      expect(when(policy.id)(request({ attributes: { risk: 'unacceptable' } }))).toBe(true);
      expect(when(policy.id)(request({ attributes: { risk: 'high' } }))).toBe(false);
    });
  });
});

describe('docs/compliance-packs.md', () => {
  const doc = readFileSync(new URL('../../docs/compliance-packs.md', import.meta.url), 'utf8');

  it('documents every pack and every pack policy id', () => {
    for (const name of COMPLIANCE_PACKS) {
      expect(doc).toContain(`\`${name}\``);
      for (const policy of COMPLIANCE_PACK_DEFINITIONS[name].policies) expect(doc, policy.id).toContain(policy.id);
    }
  });
});
