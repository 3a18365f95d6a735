import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/errors.js';
import { createAuditKeys, InvalidAuditRecordError, toAuditRecord } from '../../src/audit/index.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import type { Decision } from '../../src/pdp/decision.js';

const secret = randomBytes(32);
const keys = createAuditKeys(secret);

const engine = createPolicyEngine({
  policies: {
    policies: [
      { id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'tokenize' } } },
      { id: 'mail', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
      { id: 'full', kind: 'detector', audit: 'full', types: { iban: { action: 'log' } } },
    ],
  },
});

const CARD = '4111 1111 1111 1111';
const MAIL = 'ana.lima@example.com';
const prompt = `Pay with ${CARD}, receipt to ${MAIL} and copy ${MAIL}`;

function decide(text = prompt, userId = 'user-42'): Decision {
  return engine.decide({ orgId: 'acme', clientId: 'web', userId, stage: 'input', text, traceId: 'trace-1' });
}

describe('toAuditRecord', () => {
  it('keeps finding types and counts, never the values, the restore tokens or the raw input', () => {
    const decision = decide();
    const restore = decision.obligations.find((o) => o.type === 'restore');
    expect(restore).toBeDefined(); // the decision does carry the originals…
    const record = toAuditRecord(decision, { keys, input: prompt, storeRedactedText: true });
    expect(record.findingCounts).toEqual({ credit_card: 1, email: 2 });
    const serialised = JSON.stringify(record, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    // …and none of them reaches the record.
    expect(serialised).not.toContain('4111');
    expect(serialised).not.toContain(MAIL);
    expect(serialised).not.toContain('restore');
    for (const token of Object.keys((restore as { tokens: Record<string, string> }).tokens)) expect(record.redactedText).toContain(token);
    expect(Object.keys(record)).not.toContain('obligations');
  });

  it('maps identity, verdict, stage, policies, trace id, version and timestamp', () => {
    const decision = decide();
    const record = toAuditRecord(decision, { keys, durationUs: 123.6 });
    expect(record).toMatchObject({
      decisionId: decision.decisionId,
      orgId: 'acme',
      clientId: 'web',
      userId: 'user-42',
      stage: 'input',
      verdict: 'redact',
      traceId: 'trace-1',
      policySetVersion: decision.policySetVersion,
      durationUs: 124,
      inputDigest: null,
    });
    expect(record.createdAt.toISOString()).toBe(new Date(decision.timestamp).toISOString());
    expect(record.evaluatedPolicies.map((p) => p.id)).toEqual(decision.evaluatedPolicies.map((p) => p.id));
  });

  it('digests the input with HMAC-SHA256 under a key derived per org, not a plain hash', () => {
    const a = toAuditRecord(decide(), { keys, input: prompt });
    const again = toAuditRecord(decide(), { keys, input: prompt });
    expect(Buffer.from(a.inputDigest!)).toEqual(Buffer.from(again.inputDigest!));
    expect(a.inputDigest).toHaveLength(32);
    // A dictionary of plain hashes does not find it.
    expect(Buffer.from(a.inputDigest!).equals(createHash('sha256').update(prompt).digest())).toBe(false);
    // It is the documented construction: HKDF per org, then HMAC with a purpose label.
    const orgKey = Buffer.from(hkdfSync('sha256', secret, 'gatehouse/audit/org-key/v1', 'org:acme', 32));
    expect(Buffer.from(a.inputDigest!)).toEqual(createHmac('sha256', orgKey).update('input\0').update(prompt).digest());
    // Another org, or another secret, gives another digest.
    const other = engine.decide({ orgId: 'globex', stage: 'input', text: prompt });
    expect(Buffer.from(toAuditRecord(other, { keys, input: prompt }).inputDigest!).equals(Buffer.from(a.inputDigest!))).toBe(false);
    expect(Buffer.from(toAuditRecord(decide(), { keys: randomBytes(32), input: prompt }).inputDigest!).equals(Buffer.from(a.inputDigest!))).toBe(false);
  });

  it('digests the user id the same way, so the chain can cover it instead of the raw id', () => {
    const record = toAuditRecord(decide(), { keys });
    expect(Buffer.from(record.userDigest!)).toEqual(Buffer.from(keys.digest('acme', 'user', 'user-42')));
    expect(Buffer.from(record.userDigest!).equals(Buffer.from(keys.digest('acme', 'input', 'user-42')))).toBe(false);
    expect(toAuditRecord(engine.decide({ orgId: 'acme', stage: 'input', text: 'hi' }), { keys }).userDigest).toBeNull();
  });

  it('keeps the redacted text only when opted in, or for audit: full decisions by default', () => {
    expect(toAuditRecord(decide(), { keys }).redactedText).toBeNull();
    expect(toAuditRecord(decide(), { keys, storeRedactedText: true }).redactedText).toMatch(/^Pay with \[\[credit_card_/);
    const full = decide('IBAN DE89 3704 0044 0532 0130 00 please');
    expect(full.obligations).toContainEqual({ type: 'audit', level: 'full' });
    // audit: full with nothing redacted: there is no redacted text to keep (never the raw text).
    expect(toAuditRecord(full, { keys }).redactedText).toBeNull();
    const both = decide(`IBAN DE89 3704 0044 0532 0130 00 and ${CARD}`);
    const kept = toAuditRecord(both, { keys });
    expect(kept.redactedText).not.toContain('4111');
    expect(kept.redactedText).toContain('DE89'); // logged, not redacted: the policy said so
    expect(Buffer.from(kept.textDigest!)).toEqual(Buffer.from(keys.digest('acme', 'text', kept.redactedText!)));
    expect(toAuditRecord(both, { keys, storeRedactedText: false }).redactedText).toBeNull();
  });

  it('records an invalid request (no stage) under stage "none"', () => {
    const decision = engine.decide({ orgId: 'acme', stage: 'nope' } as never);
    expect(decision.verdict).toBe('deny');
    expect(toAuditRecord(decision, { keys }).stage).toBe('none');
  });

  it.each([
    ['identity.orgId', (d: Decision) => ({ ...d, identity: { ...d.identity, orgId: null } })],
    ['identity.orgId', (d: Decision) => ({ ...d, identity: { ...d.identity, orgId: 'acme corp' } })],
    ['decisionId', (d: Decision) => ({ ...d, decisionId: 'not-a-uuid' })],
    ['verdict', (d: Decision) => ({ ...d, verdict: 'maybe' as never })],
    ['identity.userId', (d: Decision) => ({ ...d, identity: { ...d.identity, userId: 'a\0b' } })],
    ['identity.clientId', (d: Decision) => ({ ...d, identity: { ...d.identity, clientId: 'x\uD800' } })],
    ['timestamp', (d: Decision) => ({ ...d, timestamp: 'yesterday' })],
  ])('rejects a decision whose %s is unusable, with a typed error naming it', (path, change) => {
    const error = (() => {
      try {
        toAuditRecord(change(decide()), { keys });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidAuditRecordError);
    expect(error).toMatchObject({ code: 'AUDIT_RECORD_INVALID', path });
  });

  it('stores redacted text with NUL or unpaired surrogates as U+FFFD rather than failing', () => {
    const decision = { ...decide(), redactedText: 'a\0b\uD800c' };
    expect(toAuditRecord(decision, { keys, storeRedactedText: true }).redactedText).toBe('a\uFFFDb\uFFFDc');
  });

  it('refuses an audit secret shorter than 32 bytes, and accepts a Secret-like object', () => {
    expect(() => createAuditKeys('too short')).toThrow(InvalidOptionError);
    expect(() => createAuditKeys(randomBytes(31))).toThrow(/at least 32 bytes/);
    const bytes = randomBytes(32);
    const viaObject = createAuditKeys({ exposeBytes: () => Uint8Array.from(bytes) });
    expect(Buffer.from(viaObject.digest('acme', 'user', 'u'))).toEqual(Buffer.from(createAuditKeys(bytes).digest('acme', 'user', 'u')));
  });
});
