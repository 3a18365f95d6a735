/**
 * The decide route writes its response with decideResponseJson, which must give exactly the
 * text of JSON.stringify(toDecideResponse(...)); and mismatchedField names the id a request
 * named differently from its credentials.
 */
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/pdp/decision.js';
import type { TenantCaller } from '../../src/crypto/api-keys/authenticate.js';
import { decideResponseJson, toDecideResponse, type DecideResponseOptions } from '../../src/pep/http/decide-response.js';
import { mismatchedField } from '../../src/pep/http/identity-mismatch.js';
import { testEngine, CARD, AWS_KEY } from './helpers/http-kit.js';

const engine = testEngine();
const identity = { orgId: 'acme', clientId: 'gw' };

function decisions(): Decision[] {
  return [
    engine.decide({ ...identity, stage: 'input', text: 'hello there' }),
    engine.decide({ ...identity, stage: 'input', text: `card ${CARD} for ana@example.com "quoted" \u2028 é` }),
    engine.decide({ ...identity, stage: 'input', text: `key ${AWS_KEY}` }),
    engine.decide({ ...identity, stage: 'input', text: 'refund it', attributes: { action: 'refund' } }),
    engine.decide({ ...identity, stage: 'input', messages: [{ role: 'user', content: `card ${CARD}` }] }),
    engine.decide({ ...identity, stage: 'tool_call', tool: { name: 'shell.exec', args: { cmd: 'ls' } } }),
    engine.decide({ ...identity, stage: 'input', text: 'x', roles: ['blocked_role'], traceId: '0af7651916cd43dd8448eb211c80319c' }),
  ];
}

const OPTIONS: DecideResponseOptions[] = [
  { queryForm: 'text', includeRestoreTokens: false, approval: null },
  { queryForm: 'text', includeRestoreTokens: true, approval: { approvalId: 'ap-1', expiresAt: new Date(Date.UTC(2030, 0, 1)) } },
  { queryForm: 'messages', includeRestoreTokens: false, approval: { approvalId: 'ap-2' } },
  { queryForm: 'tool_args', includeRestoreTokens: false, approval: null },
];

describe('decideResponseJson', () => {
  it('writes the same text as JSON.stringify(toDecideResponse()) for every verdict and option', () => {
    for (const decision of decisions()) {
      for (const options of OPTIONS) {
        expect(decideResponseJson(decision, options)).toBe(JSON.stringify(toDecideResponse(decision, options)));
      }
    }
  });

  it('stays the same when a decision is answered again (its reused entries come from the cache)', () => {
    const [, redacted] = decisions();
    const first = decideResponseJson(redacted!, OPTIONS[0]!);
    expect(decideResponseJson(redacted!, OPTIONS[0]!)).toBe(first);
    expect(JSON.parse(first).evaluated_policies.length).toBe(redacted!.evaluatedPolicies.length);
  });

  it('reads a mutable entry afresh each time', () => {
    const decision = decisions()[0]!;
    const entry = { id: 'p', matched: true, action: 'block' as const };
    const copy = { ...decision, evaluatedPolicies: [entry] };
    expect(JSON.parse(decideResponseJson(copy, OPTIONS[0]!)).evaluated_policies).toEqual([{ id: 'p', matched: true, action: 'block' }]);
    entry.id = 'q';
    expect(JSON.parse(decideResponseJson(copy, OPTIONS[0]!)).evaluated_policies).toEqual([{ id: 'q', matched: true, action: 'block' }]);
  });
});

describe('mismatchedField', () => {
  const caller: TenantCaller = { kind: 'tenant', orgId: 'acme', clientId: 'gw', keyId: 'k1', environment: 'live' };

  it('is null when the request names nothing, or only the caller\'s own org and client', () => {
    expect(mismatchedField(caller, { orgIds: [], clientIds: [] })).toBeNull();
    expect(mismatchedField(caller, { orgIds: ['acme', 'acme'], clientIds: ['gw'] })).toBeNull();
  });

  it('names the org first, then the client, for any other value (of any type)', () => {
    expect(mismatchedField(caller, { orgIds: ['acme', 'other'], clientIds: ['other'] })).toBe('org');
    expect(mismatchedField(caller, { orgIds: [42], clientIds: [] })).toBe('org');
    expect(mismatchedField(caller, { orgIds: ['acme'], clientIds: ['gw', 'other'] })).toBe('client');
    expect(mismatchedField(caller, { orgIds: [], clientIds: [{}] })).toBe('client');
  });
});
