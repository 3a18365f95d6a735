/**
 * The decide route's hand-written check of well-formed bodies agrees with DecideBodySchema:
 * it never accepts a body zod refuses, and the request it maps is the one zod's output maps to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecideBodySchema, mapDecideBody } from '../../src/pep/http/decide-request.js';
import { InvalidHttpRequestError } from '../../src/pep/http/http-errors.js';
import { wellFormedDecideBody } from '../../src/pep/http/well-formed-decide-body.js';

/** The fields the decide route reads, from either source. */
function routeFields(b: Record<string, any>) {
  return {
    stage: b.stage, query: b.query, include_restore_tokens: b.include_restore_tokens, context: b.context,
    user_id: b.caller_identity?.user_id, roles: b.caller_identity?.roles,
    target: b.target && { type: b.target.type, model: b.target.model, provider: b.target.provider, server: b.target.server, tool: b.target.tool },
  };
}

const text = (max: number) => fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: max - 1, maxLength: max + 1 }));
const anyValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 4 }), fc.constant([]), fc.constant({}));
/** Mostly absent or valid, sometimes of a wrong type. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof({ arbitrary: arb, weight: 6 }, { arbitrary: anyValue, weight: 1 }), { nil: undefined, freq: 2 });

/** Bodies near the valid shape: each field absent, valid, at a length bound, or of a wrong type. */
const nearlyValidBody = fc.record({
  stage: fc.oneof({ arbitrary: fc.constantFrom('input', 'output', 'tool_call', 'tool_result', 'inputs', ''), weight: 6 }, { arbitrary: anyValue, weight: 1 }),
  query: fc.oneof({ arbitrary: fc.string({ maxLength: 40 }), weight: 6 }, fc.constant([{ role: 'user', content: 'hi' }]), fc.constant({ sql: 'select 1' }), anyValue),
  caller_identity: maybe(fc.record({
    user_id: maybe(text(256)),
    roles: maybe(fc.array(fc.oneof(text(256), anyValue), { maxLength: 3 })),
    org_id: maybe(fc.constantFrom('acme', 'other')),
    client_id: maybe(fc.constant('gw')),
    extra: maybe(fc.string()),
  }, { requiredKeys: [] })),
  target: maybe(fc.record({
    type: maybe(fc.constantFrom('model', 'tool', 'mcp', 'robot')),
    model: maybe(text(500)),
    provider: maybe(fc.constant('openai')),
    server: maybe(fc.constant('files')),
    tool: maybe(text(500)),
  }, { requiredKeys: [] })),
  context: maybe(fc.dictionary(fc.constantFrom('tier', 'region', '__proto__'), anyValue)),
  org_id: maybe(fc.constant('acme')),
  include_restore_tokens: maybe(fc.boolean()),
  extra_field: maybe(fc.string()),
}, { requiredKeys: [] });

describe('wellFormedDecideBody', () => {
  it('accepts only bodies DecideBodySchema accepts, with the same values for the fields the route reads', () => {
    let taken = 0;
    fc.assert(fc.property(nearlyValidBody, (generated) => {
      // Through JSON, as the route sees bodies (a "__proto__" key becomes an own property).
      const body: unknown = JSON.parse(JSON.stringify(generated));
      const fields = wellFormedDecideBody(body);
      if (fields === undefined) return;
      taken++;
      const parsed = DecideBodySchema.safeParse(body);
      expect(parsed.success).toBe(true);
      expect(routeFields(fields)).toEqual(routeFields(parsed.data!));
    }), { numRuns: 5000 });
    expect(taken).toBeGreaterThan(250); // the property saw the fast path, not only refusals
  });

  it('maps a body zod refuses to the same 400 as before', () => {
    fc.assert(fc.property(nearlyValidBody, (generated) => {
      const body: unknown = JSON.parse(JSON.stringify(generated));
      const parsed = DecideBodySchema.safeParse(body);
      if (parsed.success) return;
      expect(wellFormedDecideBody(body)).toBeUndefined();
      expect(() => mapDecideBody(body)).toThrow(InvalidHttpRequestError);
    }), { numRuns: 2000 });
  });

  it('takes a typical gateway body without zod', () => {
    const body = { stage: 'input', query: 'hello', caller_identity: { user_id: 'u-1', roles: ['analyst'] }, target: { model: 'gpt-4o', provider: 'openai' }, context: { tier: 'gold' } };
    expect(wellFormedDecideBody(body)).toEqual({ ...body, target: { type: 'model', model: 'gpt-4o', provider: 'openai' } });
  });

  it('leaves messages, tool arguments and bodies with an error to zod', () => {
    expect(wellFormedDecideBody({ stage: 'input', query: [{ role: 'user', content: 'hi' }] })).toBeUndefined();
    expect(wellFormedDecideBody({ stage: 'tool_call', query: { path: '/etc' }, target: { type: 'tool', tool: 'read' } })).toBeUndefined();
    expect(wellFormedDecideBody({ stage: 'input', query: 'hi', target: { type: 'mcp', tool: 'read' } })).toBeUndefined();
    expect(wellFormedDecideBody({ stage: 'input', query: 'hi', caller_identity: { user_id: '' } })).toBeUndefined();
  });
});
