import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRecord, type HashedFields } from '../../src/audit/index.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';

const base: HashedFields = {
  orgId: 'acme',
  seq: 7,
  decisionId: '019aa3c8-5f1e-7c2a-9b41-3f6d2a8e1c07',
  clientId: 'web',
  userDigest: new Uint8Array(32).fill(1),
  stage: 'input',
  verdict: 'redact',
  evaluatedPolicies: [{ id: 'cards', matched: true, action: 'redact' }],
  findingCounts: { credit_card: 1 },
  inputDigest: new Uint8Array(32).fill(2),
  textDigest: null,
  createdAt: new Date('2025-03-01T10:00:00.123Z'),
  durationUs: 140,
  traceId: 'trace-1',
  policySetVersion: 'v3',
  prevHash: new Uint8Array(32).fill(3),
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const GOLDEN = '198dc266fd062ee85e838800a2b135b996d5e804a41b9651e10e96b9363bdb50';

/** The documented encoding, written out independently: tag, then kind (0/1/2) + u32 length + bytes per field. */
function specEncoding(r: HashedFields): Buffer {
  const parts: Buffer[] = [Buffer.from('gatehouse.audit.record.v1\n')];
  const field = (v: string | Uint8Array | null) => {
    if (v === null) return parts.push(Buffer.from([0]));
    const data = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
    const head = Buffer.alloc(5);
    head[0] = typeof v === 'string' ? 1 : 2;
    head.writeUInt32BE(data.length, 1);
    return parts.push(head, data);
  };
  [r.orgId, String(r.seq), r.decisionId, r.clientId, r.userDigest, r.stage, r.verdict, canonicalJson(r.evaluatedPolicies),
    canonicalJson(r.findingCounts), r.inputDigest, r.textDigest, r.createdAt.toISOString(), String(r.durationUs), r.traceId,
    r.policySetVersion, r.prevHash].forEach(field);
  return Buffer.concat(parts);
}

describe('hashRecord', () => {
  it('is SHA-256 over the documented encoding (stored chains depend on it never changing)', () => {
    for (const record of [base, { ...base, clientId: null, traceId: 'ü€𝄞', userDigest: null, prevHash: null }]) {
      expect(hex(hashRecord(record))).toBe(createHash('sha256').update(specEncoding(record)).digest('hex'));
    }
    expect(hex(hashRecord(base))).toBe(GOLDEN);
  });

  it('is SHA-256 (32 bytes) and deterministic', () => {
    expect(hashRecord(base)).toHaveLength(32);
    expect(hex(hashRecord({ ...base }))).toBe(hex(hashRecord(base)));
  });

  it('changes when any covered field changes', () => {
    const changes: Partial<HashedFields>[] = [
      { orgId: 'acme2' }, { seq: 8 }, { decisionId: '019aa3c8-5f1e-7c2a-9b41-3f6d2a8e1c08' }, { clientId: null },
      { userDigest: new Uint8Array(32).fill(9) }, { userDigest: null }, { stage: 'output' }, { verdict: 'deny' },
      { evaluatedPolicies: [{ id: 'cards', matched: false, action: 'allow' }] }, { findingCounts: { credit_card: 2 } },
      { inputDigest: null }, { textDigest: new Uint8Array(32) }, { createdAt: new Date('2025-03-01T10:00:00.124Z') },
      { durationUs: 141 }, { traceId: null }, { policySetVersion: 'v4' }, { prevHash: null },
    ];
    const seen = new Set([hex(hashRecord(base))]);
    for (const change of changes) seen.add(hex(hashRecord({ ...base, ...change })));
    expect(seen.size).toBe(changes.length + 1);
  });

  it('is unambiguous: moving characters between neighbouring fields changes the hash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.nat(12), (a, b, k) => {
        const joined = a + b;
        const cut = Math.min(k, joined.length);
        const left = joined.slice(0, cut);
        const right = joined.slice(cut);
        fc.pre(left !== a);
        const one = hashRecord({ ...base, traceId: a, policySetVersion: b });
        const two = hashRecord({ ...base, traceId: left, policySetVersion: right });
        expect(hex(one)).not.toBe(hex(two));
      }),
    );
    // null and the empty string are different values.
    expect(hex(hashRecord({ ...base, traceId: null }))).not.toBe(hex(hashRecord({ ...base, traceId: '' })));
  });

  it('does not depend on the key order of its JSON fields (jsonb reorders keys)', () => {
    const counts = { email: 2, credit_card: 1, iban: 3 };
    const reordered = { iban: 3, credit_card: 1, email: 2 };
    expect(hex(hashRecord({ ...base, findingCounts: counts }))).toBe(hex(hashRecord({ ...base, findingCounts: reordered })));
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
  });

  it('chains: the hash commits to the previous hash', () => {
    const prev = randomBytes(32);
    const a = hashRecord({ ...base, prevHash: prev });
    prev[0] = prev[0]! ^ 1;
    expect(hex(hashRecord({ ...base, prevHash: prev }))).not.toBe(hex(a));
  });
});
