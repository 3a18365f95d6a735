import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastRequestCheck } from '../../src/pdp/fast-request-check.js';
import { DecisionRequestSchema } from '../../src/pdp/request-schema.js';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const shortOrLong = (max: number) => fc.oneof(fc.string({ maxLength: 8 }), fc.string({ minLength: max - 2, maxLength: max + 2 }));
const requestLike = fc.record(
  {
    orgId: fc.oneof(fc.constantFrom('acme', 'a.b:c-d_e', '', 'bad org', 'é'), fc.string({ maxLength: 130 }), fc.integer()),
    clientId: maybe(fc.oneof(shortOrLong(256), fc.constant(''), fc.integer())),
    userId: maybe(fc.oneof(shortOrLong(256), fc.constant(''))),
    roles: maybe(fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }), fc.constant('admin'))),
    stage: fc.oneof(fc.constantFrom('input', 'output', 'tool_call', 'tool_result', 'later'), fc.anything()),
    text: maybe(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
    messages: maybe(fc.oneof(
      fc.array(fc.record({ role: fc.oneof(fc.constantFrom('user', 'system', ''), fc.string({ minLength: 60, maxLength: 70 })), content: fc.oneof(fc.string(), fc.constant(null), fc.array(fc.record({ type: fc.constant('text'), text: fc.string() })), fc.integer()) }, { requiredKeys: ['role'] }), { maxLength: 3 }),
      fc.anything(),
    )),
    tool: maybe(fc.oneof(fc.record({ name: fc.oneof(fc.string({ maxLength: 5 }), fc.constant('')), server: maybe(fc.string({ maxLength: 3 })), args: maybe(fc.jsonValue()), extra: maybe(fc.integer()) }), fc.anything())),
    model: maybe(fc.oneof(shortOrLong(500), fc.integer())),
    provider: maybe(shortOrLong(500)),
    attributes: maybe(fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue()), fc.anything())),
    traceId: maybe(shortOrLong(256)),
    unknownKey: maybe(fc.string()),
  },
  { requiredKeys: [] },
);

// Mostly-valid requests, so the fast path is exercised, with fields near their limits.
const validish = fc.record(
  {
    orgId: fc.constantFrom('acme', 'a.b:c-d_e', 'x'.repeat(128), 'x'.repeat(129)),
    stage: fc.constantFrom('input', 'output', 'tool_call', 'tool_result'),
    clientId: fc.oneof(shortOrLong(256), fc.constant('')),
    userId: shortOrLong(256),
    roles: fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), fc.constant('')), { maxLength: 3 }),
    text: fc.string(),
    messages: fc.array(fc.record({ role: fc.oneof(fc.constantFrom('user', 'assistant'), fc.string({ minLength: 63, maxLength: 65 })), content: fc.oneof(fc.string(), fc.constant(null)), name: fc.string() }, { requiredKeys: ['role', 'content'] }), { maxLength: 3 }),
    tool: fc.record({ name: fc.string({ minLength: 1, maxLength: 5 }), server: fc.string({ maxLength: 3 }), args: fc.jsonValue() }, { requiredKeys: ['name'] }),
    model: shortOrLong(500),
    provider: fc.string({ maxLength: 5 }),
    attributes: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue()),
    traceId: shortOrLong(256),
  },
  { requiredKeys: ['orgId', 'stage'] },
);

describe('fastRequestCheck', () => {
  it('only ever accepts what the zod schema accepts, and returns what zod returns', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(validish, requestLike, fc.anything()), (raw) => {
        const fast = fastRequestCheck(raw);
        if (fast === undefined) return;
        accepted++;
        const zod = DecisionRequestSchema.safeParse(raw);
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
      }),
      { numRuns: 3000 },
    );
    // The fast path is actually exercised, not vacuous.
    expect(accepted).toBeGreaterThan(20);
  });

  it('accepts the common shapes', () => {
    expect(fastRequestCheck({ orgId: 'acme', stage: 'input', text: 'hi', model: 'm', attributes: { a: 1 } })).toBeDefined();
    expect(fastRequestCheck({ orgId: 'acme', stage: 'input', messages: [{ role: 'user', content: 'hi' }] })).toBeDefined();
    expect(fastRequestCheck({ orgId: 'acme', stage: 'tool_call', tool: { name: 'q', args: { sql: 'x' } } })).toBeDefined();
  });
});
