import { describe, expect, it } from 'vitest';
import { createPolicyEngine, explain, type PolicySetInput, type BreakerState } from '../../src/index.js';

const CARD = '4111 1111 1111 1111';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const base: PolicySetInput = {
  version: 'test-1',
  policies: [
    { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'label' }, email: { action: 'warn' } } },
    { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' } } },
  ],
};

describe('decide(): the decision record', () => {
  const engine = createPolicyEngine({ policies: base });

  it('allow when nothing matches, with every field of the contract', () => {
    const d = engine.decide({ orgId: 'acme', clientId: 'web', userId: 'u1', stage: 'input', text: 'hello there' });
    expect(d.verdict).toBe('allow');
    expect(d.decisionId).toMatch(UUID_V7);
    expect(new Date(d.timestamp).toISOString()).toBe(d.timestamp);
    expect(d.identity).toEqual({ orgId: 'acme', clientId: 'web', userId: 'u1' });
    expect(d.policySetVersion).toBe('test-1');
    expect(d.evaluatedPolicies.map((p) => p.id).sort()).toEqual(['cards', 'secrets']);
    expect(d.evaluatedPolicies.every((p) => !p.matched)).toBe(true);
    expect(d.findings).toEqual([]);
    expect(d.redactedText).toBeUndefined();
  });

  it('redacts a card, reports the finding without its value, and puts the deciding policy first', () => {
    const text = `My card is ${CARD}, thanks`;
    const d = engine.decide({ orgId: 'acme', stage: 'input', text });
    expect(d.verdict).toBe('redact');
    expect(d.redactedText).toBe('My card is [REDACTED:credit_card], thanks');
    expect(d.evaluatedPolicies[0]).toEqual({ id: 'cards', matched: true, action: 'redact' });
    expect(d.findings).toEqual([{ type: 'credit_card', start: 11, end: 30, confidence: expect.any(Number), source: 'text' }]);
    expect(JSON.stringify(d)).not.toContain(CARD);
    expect(d.obligations[0]).toEqual({ type: 'redact', styles: { credit_card: 'label' } });
  });

  it('a block beats a redact in the same request; no redacted text is produced for a deny', () => {
    const d = engine.decide({ orgId: 'acme', stage: 'input', text: `card ${CARD} key AKIAZ7QWERTYUIOP4XYZ` });
    expect(d.verdict).toBe('deny');
    expect(d.evaluatedPolicies[0]!.id).toBe('secrets');
    expect(d.evaluatedPolicies[1]).toEqual({ id: 'cards', matched: true, action: 'redact' });
    expect(d.redactedText).toBeUndefined();
  });

  it('warn does not restrict the verdict but is an obligation', () => {
    const d = engine.decide({ orgId: 'acme', stage: 'input', text: 'mail me at jane.doe@example.com' });
    expect(d.verdict).toBe('allow');
    expect(d.obligations).toContainEqual(expect.objectContaining({ type: 'warn', policyId: 'cards' }));
    expect(d.evaluatedPolicies[0]).toEqual({ id: 'cards', matched: true, action: 'warn' });
  });

  it('decision ids are UUIDv7 and sort in creation order', () => {
    const ids = Array.from({ length: 200 }, () => engine.decide({ orgId: 'acme', stage: 'input', text: 'x' }).decisionId);
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the trace id', () => {
    expect(engine.decide({ orgId: 'a', stage: 'output', text: 'x', traceId: 'abc' }).traceId).toBe('abc');
  });
});

describe('decide(): invalid requests are denied, never thrown', () => {
  const engine = createPolicyEngine({ policies: base });
  it.each([
    ['no org', { stage: 'input', text: 'x' }],
    ['empty org', { orgId: '', stage: 'input' }],
    ['bad stage', { orgId: 'a', stage: 'later' }],
    ['text not a string', { orgId: 'a', stage: 'input', text: 42 }],
    ['null', null],
    ['a string', 'decide this'],
  ])('%s', (_name, request) => {
    const d = engine.decide(request as never);
    expect(d.verdict).toBe('deny');
    expect(d.reasons[0]!.code).toBe('invalid_request');
    expect(d.issues!.length).toBeGreaterThan(0);
    expect(d.decisionId).toMatch(UUID_V7);
  });

  it('the issues name the bad field', () => {
    const d = engine.decide({ orgId: 'a', stage: 'input', messages: [{ role: 'user', content: 5 }] } as never);
    expect(d.issues![0]!.path.slice(0, 2)).toEqual(['messages', 0]);
    expect(d.identity.orgId).toBe('a');
  });
});

describe('precedence and layers', () => {
  it('deny > require_approval > redact > warn > allow, whatever the order of the policies', () => {
    const actions = ['warn', 'redact', 'require_approval', 'block'] as const;
    const expected = { warn: 'allow', redact: 'redact', require_approval: 'require_approval', block: 'deny' } as const;
    for (let n = 1; n <= actions.length; n++) {
      const used = actions.slice(0, n);
      for (const order of [used, [...used].reverse()]) {
        const engine = createPolicyEngine({
          policies: { policies: order.map((a) => ({ id: `p-${a}`, kind: 'detector' as const, types: { credit_card: { action: a } } })) },
        });
        const d = engine.decide({ orgId: 'o', stage: 'input', text: `card ${CARD}` });
        expect(d.verdict).toBe(expected[used[n - 1]!]);
        expect(d.evaluatedPolicies[0]!.id).toBe(`p-${used[n - 1]}`);
      }
    }
  });

  it('a tenant policy cannot loosen a system policy: neither "off" nor "allow" at a higher priority', () => {
    const engine = createPolicyEngine({
      policies: { policies: [
        { id: 'system-cards', level: 'system', kind: 'detector', types: { credit_card: { action: 'block' } } },
        { id: 'tenant-off', level: 'tenant', priority: 1000, kind: 'detector', types: { credit_card: { action: 'off' } } },
        { id: 'tenant-allow', level: 'tenant', priority: 1000, kind: 'condition', when: { field: 'orgId', op: 'equals', value: 'o' }, action: 'allow' },
      ] },
    });
    const d = engine.decide({ orgId: 'o', stage: 'input', text: `card ${CARD}` });
    expect(d.verdict).toBe('deny');
    expect(d.evaluatedPolicies[0]!.id).toBe('system-cards');
  });

  it('a tenant policy can tighten', () => {
    const engine = createPolicyEngine({
      policies: { policies: [
        { id: 'org-cards', level: 'org', kind: 'detector', types: { credit_card: { action: 'redact' } } },
        { id: 'tenant-cards', level: 'tenant', kind: 'detector', when: { field: 'clientId', op: 'equals', value: 'kiosk' }, types: { credit_card: { action: 'block' } } },
      ] },
    });
    expect(engine.decide({ orgId: 'o', clientId: 'web', stage: 'input', text: `card ${CARD}` }).verdict).toBe('redact');
    expect(engine.decide({ orgId: 'o', clientId: 'kiosk', stage: 'input', text: `card ${CARD}` }).verdict).toBe('deny');
  });

  it('between equally restrictive policies the higher priority decides, then system before org before tenant', () => {
    const engine = createPolicyEngine({
      policies: { policies: [
        { id: 'tenant', level: 'tenant', kind: 'detector', types: { credit_card: { action: 'block' } } },
        { id: 'org', level: 'org', kind: 'detector', types: { credit_card: { action: 'block' } } },
        { id: 'system', level: 'system', kind: 'detector', types: { credit_card: { action: 'block' } } },
        { id: 'low', level: 'system', priority: -5, kind: 'detector', types: { credit_card: { action: 'block' } } },
      ] },
    });
    expect(engine.decide({ orgId: 'o', stage: 'input', text: `card ${CARD}` }).evaluatedPolicies.map((p) => p.id)).toEqual(['system', 'org', 'tenant', 'low']);
  });

  it('stages: a policy limited to output does not act on input; a rule can narrow its stages', () => {
    const engine = createPolicyEngine({
      policies: { policies: [
        { id: 'out', stages: ['output'], kind: 'detector', types: { credit_card: { action: 'block' } } },
        { id: 'narrow', kind: 'detector', types: { email: { action: 'block', stages: ['tool_call'] } } },
      ] },
    });
    expect(engine.decide({ orgId: 'o', stage: 'input', text: `card ${CARD}` }).verdict).toBe('allow');
    expect(engine.decide({ orgId: 'o', stage: 'output', text: `card ${CARD}` }).verdict).toBe('deny');
    expect(engine.decide({ orgId: 'o', stage: 'input', text: 'a@example.com' }).verdict).toBe('allow');
    expect(engine.decide({ orgId: 'o', stage: 'tool_call', text: 'a@example.com' }).verdict).toBe('deny');
  });

  it('minConfidence per rule: an unlabelled Aadhaar-shaped number is below a 0.9 floor', () => {
    const engine = createPolicyEngine({ policies: { policies: [{ id: 'a', kind: 'detector', types: { aadhaar: { action: 'block', minConfidence: 0.95 } } }] } });
    // 2345 6789 0124 passes Verhoeff; unlabelled it is low confidence, labelled it is high.
    expect(engine.decide({ orgId: 'o', stage: 'input', text: 'ref 2345 6789 0124 ok' }).verdict).toBe('allow');
    expect(engine.decide({ orgId: 'o', stage: 'input', text: 'my Aadhaar number is 2345 6789 0124' }).verdict).toBe('deny');
  });
});

describe('messages, JSON and tool arguments', () => {
  const engine = createPolicyEngine({ policies: { policies: [{ id: 'r', kind: 'detector', types: { credit_card: { action: 'redact', style: 'label' }, email: { action: 'redact', style: 'label' } } }] } });

  it('redacts inside chat messages, including content parts, and leaves the request untouched', () => {
    const messages = [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: `pay with ${CARD}` },
      { role: 'user', content: [{ type: 'text', text: 'mail bob@example.com' }, { type: 'image_url', image_url: { url: 'x' } }] },
    ];
    const d = engine.decide({ orgId: 'o', stage: 'input', messages });
    expect(d.verdict).toBe('redact');
    expect(d.redactedMessages![0]).toEqual(messages[0]);
    expect(d.redactedMessages![1]!.content).toBe('pay with [REDACTED:credit_card]');
    expect((d.redactedMessages![2]!.content as Array<{ text?: string }>)[0]!.text).toBe('mail [REDACTED:email]');
    expect((d.redactedMessages![2]!.content as unknown[])[1]).toEqual(messages[2]!.content[1]);
    expect(messages[1]!.content).toBe(`pay with ${CARD}`);
    expect(d.findings.map((f) => f.source)).toEqual(['messages[1].content', 'messages[2].content[0].text']);
  });

  it('a JSON text is redacted leaf by leaf and stays valid JSON', () => {
    const text = JSON.stringify({ user: { email: 'ann@example.com', note: `card ${CARD}` }, n: 12345678901234567890 }, null, 2);
    const d = engine.decide({ orgId: 'o', stage: 'tool_result', text });
    expect(d.verdict).toBe('redact');
    const parsed = JSON.parse(d.redactedText!);
    expect(parsed.user.email).toBe('[REDACTED:email]');
    expect(parsed.user.note).toBe('card [REDACTED:credit_card]');
    expect(d.findings.map((f) => f.source).sort()).toEqual(['text$.user.email', 'text$.user.note']);
  });

  it('JSON keys act as labels for their values', () => {
    const e = createPolicyEngine({ policies: { policies: [{ id: 'a', kind: 'detector', types: { aadhaar: { action: 'block', minConfidence: 0.9 } } }] } });
    expect(e.decide({ orgId: 'o', stage: 'input', text: '{"aadhaar_number": "2345 6789 0124"}' }).verdict).toBe('deny');
    expect(e.decide({ orgId: 'o', stage: 'input', text: '{"ref": "2345 6789 0124"}' }).verdict).toBe('allow');
  });

  it('tool arguments are scanned and redacted into redactedToolArgs', () => {
    const args = { to: 'carol@example.com', body: { lines: ['hi', `card ${CARD}`] } };
    const d = engine.decide({ orgId: 'o', stage: 'tool_call', tool: { name: 'send_mail', args } });
    expect(d.verdict).toBe('redact');
    expect(d.redactedToolArgs).toEqual({ to: '[REDACTED:email]', body: { lines: ['hi', 'card [REDACTED:credit_card]'] } });
    expect(args.to).toBe('carol@example.com');
  });

  it('a card written as a JSON number in tool arguments is found and redacted', () => {
    const d = engine.decide({ orgId: 'o', stage: 'tool_call', tool: { name: 'pay', args: { amount: 12, card_number: 4111111111111111 } } });
    expect(d.verdict).toBe('redact');
    expect(d.redactedToolArgs).toEqual({ amount: 12, card_number: '[REDACTED:credit_card]' });
  });

  it('cyclic tool arguments fail closed instead of throwing', () => {
    const args: Record<string, unknown> = { a: 'x' };
    args.self = args;
    const d = engine.decide({ orgId: 'o', stage: 'tool_call', tool: { name: 'pay', args } });
    expect(d.verdict).toBe('deny');
  });
});

describe('tool policies', () => {
  const engine = createPolicyEngine({
    policies: { policies: [
      {
        id: 'tools', kind: 'tool',
        allowTools: ['db.*', 'search', 'send_mail'], denyTools: ['db.admin'], denyServers: ['untrusted'],
        readOnlyTools: ['db.query'],
        args: [{ arg: 'sql', scan: 'sql', action: 'block' }],
      },
    ] },
  });
  const call = (name: string, args: unknown = {}, server?: string) => engine.decide({ orgId: 'o', stage: 'tool_call', tool: { name, args, ...(server ? { server } : {}) } });

  it('allow list with prefix wildcard, deny list beats it', () => {
    expect(call('db.query', { sql: 'SELECT id FROM users WHERE id = 4' }).verdict).toBe('allow');
    expect(call('shell').verdict).toBe('deny');
    expect(call('shell').reasons[0]!.code).toBe('tool_not_allowed');
    expect(call('db.admin').reasons.map((r) => r.code)).toContain('tool_denied');
  });

  it('deny list of MCP servers', () => {
    expect(call('search', {}, 'untrusted').reasons[0]!.code).toBe('server_denied');
    expect(call('search', {}, 'trusted').verdict).toBe('allow');
  });

  it('SQL injection in the sql argument is blocked, with its category', () => {
    const d = call('db.query', { sql: "SELECT * FROM users WHERE name = '' OR '1'='1'" });
    expect(d.verdict).toBe('deny');
    expect(d.reasons[0]!.code).toBe('sql_injection');
    expect(d.sqlCategories).toContain('boolean_blind');
  });

  it('a destructive statement is blocked on a read-only tool but not on a writable one', () => {
    expect(call('db.query', { sql: 'DROP TABLE users' }).reasons.map((r) => r.code)).toContain('dangerous_query');
    expect(call('db.query', { sql: 'DROP TABLE users' }).verdict).toBe('deny');
    expect(call('db.migrate', { sql: 'DROP TABLE users' }).verdict).toBe('allow');
  });

  it('a request without a tool is not affected', () => {
    expect(engine.decide({ orgId: 'o', stage: 'input', text: 'run shell' }).verdict).toBe('allow');
  });
});

describe('circuit breakers', () => {
  const engine = createPolicyEngine({ policies: base });
  const req = { orgId: 'acme', clientId: 'web', stage: 'input' as const, text: 'hi', model: 'gpt-x', tool: { name: 'search' } };
  it.each<[BreakerState, boolean]>([
    [{ scope: 'org', key: 'acme' }, true],
    [{ scope: 'org', key: 'other' }, false],
    [{ scope: 'client', key: 'web' }, true],
    [{ scope: 'model', key: 'gpt-x' }, true],
    [{ scope: 'tool', key: 'search' }, true],
    [{ scope: 'policy', key: 'cards' }, true],
    [{ scope: 'policy', key: 'nonexistent' }, false],
    [{ scope: 'client', key: 'web', orgId: 'other-org' }, false],
    [{ scope: 'org', key: 'acme', expiresAt: '2000-01-01T00:00:00Z' }, false],
    [{ scope: 'org', key: 'acme', expiresAt: '2999-01-01T00:00:00Z' }, true],
    [{ scope: 'org', key: 'acme', expiresAt: 'not a date' }, true],
  ])('%j tripped → deny: %s', (breaker, denied) => {
    const d = engine.decide(req, { breakers: [breaker] });
    expect(d.verdict).toBe(denied ? 'deny' : 'allow');
    if (denied) expect(d.reasons[0]!.code).toBe('circuit_open');
  });

  it('reads breakers from the engine option, and fails closed when they cannot be read', () => {
    let state: BreakerState[] = [];
    const e = createPolicyEngine({ policies: base, breakers: () => state });
    expect(e.decide(req).verdict).toBe('allow');
    state = [{ scope: 'org', key: 'acme', reason: 'incident 42' }];
    expect(e.decide(req).reasons[0]!.message).toContain('incident 42');
    const broken = createPolicyEngine({ policies: base, breakers: () => { throw new Error('store down'); } });
    const d = broken.decide(req);
    expect(d.verdict).toBe('deny');
    expect(d.reasons[0]!.code).toBe('evaluation_error');
  });
});

describe('custom checks and fail modes', () => {
  const set = (failMode?: 'open' | 'closed'): PolicySetInput => ({
    ...(failMode ? { failMode } : {}),
    policies: [{ id: 'chk', kind: 'check', check: 'risky', action: 'require_approval', params: { limit: 3 } }],
  });

  it('a check gets the request and its params; a match applies the action', () => {
    const seen: unknown[] = [];
    const e = createPolicyEngine({ policies: set(), checks: { risky: (req, params) => { seen.push(params); return { matched: req.attributes?.amount as number > 3, reason: 'big amount' }; } } });
    const d = e.decide({ orgId: 'o', stage: 'tool_call', attributes: { amount: 10 } });
    expect(d.verdict).toBe('require_approval');
    expect(d.obligations).toContainEqual({ type: 'approval', policyIds: ['chk'] });
    expect(d.reasons[0]!.message).toContain('big amount');
    expect(e.decide({ orgId: 'o', stage: 'tool_call', attributes: { amount: 1 } }).verdict).toBe('allow');
    expect(seen[0]).toEqual({ limit: 3 });
  });

  it('a throwing check fails closed with evaluation_error', () => {
    const e = createPolicyEngine({ policies: set(), checks: { risky: () => { throw new Error('boom'); } } });
    const d = e.decide({ orgId: 'o', stage: 'input' });
    expect(d.verdict).toBe('deny');
    expect(d.reasons[0]!.code).toBe('evaluation_error');
    expect(d.reasons[0]!.message).toContain('boom');
  });

  it('a check returning a non-boolean fails closed', () => {
    const e = createPolicyEngine({ policies: set(), checks: { risky: () => 'yes' as never } });
    expect(e.decide({ orgId: 'o', stage: 'input' }).reasons[0]!.code).toBe('evaluation_error');
  });

  it('failMode open allows, and says so in the decision', () => {
    const e = createPolicyEngine({ policies: set('open'), checks: { risky: () => { throw new Error('boom'); } } });
    const d = e.decide({ orgId: 'o', stage: 'input' });
    expect(d.verdict).toBe('allow');
    expect(d.failedOpen).toBe(true);
    expect(d.reasons.map((r) => r.code)).toEqual(['fail_open', 'evaluation_error']);
  });

  it('failMode open does not let an invalid request through', () => {
    const e = createPolicyEngine({ policies: set('open'), checks: { risky: () => true } });
    expect(e.decide({ stage: 'input' } as never).verdict).toBe('deny');
  });
});

describe('explain()', () => {
  it('names the deciding policy, the other matches and the findings, without values', () => {
    const engine = createPolicyEngine({ policies: base });
    const text = `card ${CARD} and bob@example.com`;
    const out = explain(engine.decide({ orgId: 'acme', stage: 'input', text }));
    expect(out).toContain('verdict: redact (decided by cards)');
    expect(out).toContain('credit_card');
    expect(out).toContain('· secrets: no match');
    expect(out).not.toContain(CARD);
    expect(out).not.toContain('bob@example.com');
    expect(explain(engine.decide({ orgId: 'acme', stage: 'input', text: 'hi' }))).toContain('no policy matched');
  });
});

describe('repeated values', () => {
  it('a value written twice is masked the same way both times', () => {
    const e = createPolicyEngine({ policies: { policies: [{ id: 'c', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } }] } });
    expect(e.decide({ orgId: 'o', stage: 'output', text: `card ${CARD} and card ${CARD}` }).redactedText).toBe('card **** **** **** 1111 and card **** **** **** 1111');
  });
});
