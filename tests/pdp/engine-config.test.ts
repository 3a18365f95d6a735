import { describe, expect, it } from 'vitest';
import { createPolicyEngine, GatehouseError, PolicyConfigError } from '../../src/index.js';

function configError(fn: () => unknown): PolicyConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyConfigError);
    expect(e).toBeInstanceOf(GatehouseError);
    return e as PolicyConfigError;
  }
  throw new Error('expected a PolicyConfigError');
}

describe('createPolicyEngine: configuration errors name the bad field', () => {
  it('a bad detector action is reported at its zod path', () => {
    const e = configError(() =>
      createPolicyEngine({ policies: { policies: [{ id: 'p', kind: 'detector', types: { credit_card: { action: 'explode' as never } } }] } }),
    );
    expect(e.code).toBe('POLICY_CONFIG_INVALID');
    expect(e.issues[0]!.path).toEqual(['policies', 0, 'types', 'credit_card', 'action']);
    expect(e.message).toContain('policies[0].types.credit_card.action');
  });

  it('an unknown detector type is reported', () => {
    const e = configError(() => createPolicyEngine({ policies: { policies: [{ id: 'p', kind: 'detector', types: { cc: { action: 'block' } } as never }] } }));
    expect(e.issues.some((i) => i.path.join('.').startsWith('policies.0.types'))).toBe(true);
  });

  it('duplicate policy ids are rejected with the second one\'s path', () => {
    const e = configError(() =>
      createPolicyEngine({
        policies: { policies: [
          { id: 'same', kind: 'condition', when: { field: 'model', op: 'equals', value: 'x' }, action: 'block' },
          { id: 'same', kind: 'condition', when: { field: 'model', op: 'equals', value: 'y' }, action: 'block' },
        ] },
      }),
    );
    expect(e.issues[0]!.path).toEqual(['policies', 1, 'id']);
    expect(e.issues[0]!.message).toContain('duplicate');
  });

  it('a check policy naming an unregistered check is rejected and lists the known ones', () => {
    const e = configError(() =>
      createPolicyEngine({ policies: { policies: [{ id: 'c', kind: 'check', check: 'nope', action: 'block' }] }, checks: { yes: () => true } }),
    );
    expect(e.issues[0]!.path).toEqual(['policies', 0, 'check']);
    expect(e.issues[0]!.message).toContain('yes');
  });

  it('an invalid regex in a text policy is reported at the pattern', () => {
    const e = configError(() => createPolicyEngine({ policies: { policies: [{ id: 't', kind: 'text', patterns: ['ok', '(unclosed'], action: 'block' }] } }));
    expect(e.issues[0]!.path).toEqual(['policies', 0, 'patterns', 1]);
  });

  it('an unknown field is rejected rather than silently ignored', () => {
    const e = configError(() =>
      createPolicyEngine({ policies: { policies: [{ id: 'p', kind: 'detector', types: {}, priorty: 5 } as never] } }),
    );
    expect(e.message).toContain('policies[0]');
  });

  it('an unknown compliance pack is rejected', () => {
    const e = configError(() => createPolicyEngine({ policies: { packs: ['sox' as never] } }));
    expect(e.issues[0]!.path).toEqual(['packs', 0]);
  });

  it('a user policy reusing a pack policy id is reported against the user policy', () => {
    const engine = createPolicyEngine({ policies: { packs: ['pci-dss'] } });
    const packId = engine.policySet.policies[0]!.id;
    const e = configError(() =>
      createPolicyEngine({ policies: { packs: ['pci-dss'], policies: [{ id: packId, kind: 'condition', when: { field: 'model', op: 'exists' }, action: 'log' }] } }),
    );
    expect(e.issues[0]!.path).toEqual(['policies', 0, 'id']);
  });

  it('a policy set without a version gets a stable content hash; a named version is used as is', () => {
    const set = { policies: [{ id: 'a', kind: 'condition' as const, when: { field: 'model' as const, op: 'equals' as const, value: 'x' }, action: 'block' as const }] };
    const v1 = createPolicyEngine({ policies: set }).version;
    const v2 = createPolicyEngine({ policies: JSON.parse(JSON.stringify(set)) }).version;
    expect(v1).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(v2).toBe(v1);
    const changed = createPolicyEngine({ policies: { policies: [{ ...set.policies[0]!, action: 'warn' }] } }).version;
    expect(changed).not.toBe(v1);
    expect(createPolicyEngine({ policies: { ...set, version: 'v7' } }).version).toBe('v7');
  });

  it('a bad redactionSecret is a typed error that does not echo the secret', () => {
    let caught: unknown;
    try {
      createPolicyEngine({ policies: {}, redactionSecret: 'short-secret-value' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GatehouseError);
    expect(String((caught as Error).message)).not.toContain('short-secret-value');
  });
});

describe('createPolicyEngine: hostile policy sets', () => {
  it('a condition nested 100,000 deep is a PolicyConfigError, not a stack overflow', () => {
    let when: unknown = { field: 'model', op: 'equals', value: 'x' };
    for (let i = 0; i < 100_000; i++) when = { not: when };
    const e = configError(() => createPolicyEngine({ policies: { policies: [{ id: 'deep', kind: 'condition', when, action: 'block' } as never] } }));
    expect(e.message).toContain('nested deeper than');
  });
});

describe('audit obligation and style conflicts', () => {
  it('a matched policy with audit: "full" adds an audit obligation (eu-ai-act does this for every request)', () => {
    const d = createPolicyEngine({ policies: { packs: ['eu-ai-act'] } }).decide({ orgId: 'o', stage: 'input', text: 'hi' });
    expect(d.obligations).toContainEqual({ type: 'audit', level: 'full' });
    const plain = createPolicyEngine({ policies: { packs: ['pci-dss'] } }).decide({ orgId: 'o', stage: 'input', text: 'hi' });
    expect(plain.obligations).toEqual([]);
  });

  it('two policies redacting the same value in different styles: the one that reveals least wins', () => {
    const engine = createPolicyEngine({
      policies: { policies: [
        { id: 'mask', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } },
        { id: 'label', kind: 'detector', types: { credit_card: { action: 'redact', style: 'label' } } },
      ] },
    });
    const d = engine.decide({ orgId: 'o', stage: 'input', text: 'card 4111 1111 1111 1111' });
    expect(d.redactedText).toBe('card [REDACTED:credit_card]');
    expect(d.obligations[0]).toEqual({ type: 'redact', styles: { credit_card: 'label' } });
  });
});
