/**
 * The writer's encoding of a record's JSON columns is canonicalJson(), byte for byte, whatever
 * the lists hold, and is computed once per record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/index.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { recordJson } from '../../src/audit/record-json.js';

const recordWith = (evaluatedPolicies: unknown, findingCounts: unknown = {}) => ({ evaluatedPolicies, findingCounts }) as unknown as AuditRecord;

const policy = fc.record({
  id: fc.string(),
  matched: fc.boolean(),
  action: fc.oneof(fc.constantFrom('allow', 'redact', 'block', 'require_approval'), fc.constant(null), fc.string()),
});
/** Entries of the shape toAuditRecord makes, and others: extra or missing keys, other key orders, other types. */
const oddEntry = fc.oneof(
  fc.record({ id: fc.string(), matched: fc.boolean(), action: fc.string(), extra: fc.integer() }),
  fc.record({ action: fc.string(), id: fc.string(), matched: fc.boolean() }),
  fc.record({ id: fc.string(), matched: fc.boolean() }),
  fc.record({ id: fc.integer(), matched: fc.boolean(), action: fc.string() }),
  fc.record({ id: fc.string(), matched: fc.constantFrom(0, 1), action: fc.string() }),
  fc.constant(null),
);

describe('recordJson', () => {
  it('is canonicalJson() of the policies and counts, for the usual shape and any other', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof({ arbitrary: policy, weight: 5 }, { arbitrary: oddEntry, weight: 1 }), { maxLength: 30 }),
      fc.dictionary(fc.string(), fc.nat()),
      (policies, counts) => {
        const json = recordJson(recordWith(policies, counts));
        expect(json.policies).toBe(canonicalJson(policies));
        expect(json.counts).toBe(canonicalJson(counts));
      },
    ), { numRuns: 2000 });
  });

  it('encodes a record once: later calls return the same text', () => {
    const record = recordWith([{ id: 'cards', matched: true, action: 'redact' }], { credit_card: 1 });
    const first = recordJson(record);
    expect(first).toEqual({ policies: '[{"action":"redact","id":"cards","matched":true}]', counts: '{"credit_card":1}' });
    expect(recordJson(record)).toBe(first);
  });
});
