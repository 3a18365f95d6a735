/**
 * API-key lifecycle events in the audit trail (issue 5: "every change is recorded as an audit
 * event"): apiKeyAuditSink appends each change of createApiKeyManager to the org's hash chain.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyAuditError, apiKeyAuditSink, createAuditKeys, eraseSubject, queryAuditRecords, verifyChain } from '../../src/audit/index.js';
import { apiKeyDigest, createApiKeyManager, createKyselyApiKeyStore, createMemoryApiKeyStore, platformOperator, type ApiKeyEvent } from '../../src/crypto/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';
import { AUDIT_SECRET, qs, writeDecisions } from './helpers/audit-fixtures.js';

describe(`API-key events in the audit chain (${backend})`, () => {
  let store: TestStore;
  const org = uniqueName('keys');
  const other = uniqueName('other');
  const ana = { id: 'ana@example.com', orgId: org, roles: ['admin'] };
  const bo = { id: 'bo', orgId: org, roles: ['owner'] };
  const secrets: string[] = [];

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  it('records create, rotate and revoke in the org\'s chain after its decisions, and the chain stays valid', async () => {
    await writeDecisions(store, org, 3);
    const keys = createApiKeyManager({ store: createKyselyApiKeyStore(store), audit: apiKeyAuditSink(store, { auditSecret: AUDIT_SECRET }) });
    const created = await keys.create({ orgId: org, clientId: 'checkout', environment: 'test', actor: ana });
    const rotated = await keys.rotate(created.summary.keyId, { orgId: org, overlapMs: 60_000, actor: ana });
    await keys.revoke(rotated.summary.keyId, { orgId: org, actor: bo });
    secrets.push(created.key.expose(), rotated.key.expose());

    const { records } = await queryAuditRecords(store, org, { order: 'asc' });
    expect(records.map((r) => [r.seq, r.stage])).toEqual([
      [1, 'input'], [2, 'input'], [3, 'input'],
      [4, 'api_key.created'], [5, 'api_key.created'], [6, 'api_key.rotated'], [7, 'api_key.revoked'],
    ]);
    const [first, replacement, rotation, revocation] = records.slice(3);
    expect(first).toMatchObject({ clientId: 'checkout', userId: 'ana@example.com', verdict: 'allow' });
    expect(first!.evaluatedPolicies.map((p) => p.id)).toEqual([`api_key:${created.summary.keyId}`, 'kind:tenant', 'actor:member']);
    expect(replacement!.evaluatedPolicies[0]!.id).toBe(`api_key:${rotated.summary.keyId}`);
    expect(rotation!.evaluatedPolicies.map((p) => p.id)).toEqual([
      `api_key:${created.summary.keyId}`, 'kind:tenant', `replaced_by:${rotated.summary.keyId}`, expect.stringMatching(/^expires_at:\d{4}-/), 'actor:member',
    ]);
    expect(revocation).toMatchObject({ userId: 'bo', evaluatedPolicies: [{ id: `api_key:${rotated.summary.keyId}` }, { id: 'kind:tenant' }, { id: 'actor:member' }] });
    // The actor has the same keyed digest as a user id would, so erasure finds it.
    expect(Buffer.from(revocation!.userDigest!).equals(Buffer.from(createAuditKeys(AUDIT_SECRET).digest(org, 'user', 'bo')))).toBe(true);

    const verification = await verifyChain(store, org, { auditSecret: AUDIT_SECRET });
    expect(verification).toMatchObject({ valid: true, checked: 7, lastSeq: 7, problems: [] });
    expect((await queryAuditRecords(store, other)).records).toEqual([]);
  });

  it('no record holds a key, any part of its secret, or its digest', async () => {
    expect(secrets).toHaveLength(2);
    const { rows } = await sql<{ row: string }>`select row_to_json(d)::text as row from ${sql.raw(`${qs(store)}.decisions`)} d where d.org_id = ${org}`.execute(store.admin);
    const text = rows.map((r) => r.row).join('\n');
    expect(rows).toHaveLength(7);
    for (const key of secrets) {
      const digest = apiKeyDigest(key);
      const secretPart = key.split('_').at(-1)!.slice(-20);
      for (const needle of [key, secretPart, digest, digest.slice(0, 16), Buffer.from(digest, 'hex').toString('base64').slice(0, 16)]) {
        expect(text).not.toContain(needle);
      }
    }
  });

  it('erasing the actor clears the raw id from key records and the chain still verifies', async () => {
    await eraseSubject(store, org, { userId: 'ana@example.com', auditSecret: AUDIT_SECRET });
    const { records } = await queryAuditRecords(store, org, { order: 'asc' });
    expect(records.filter((r) => r.stage.startsWith('api_key.')).map((r) => r.userId)).toEqual([null, null, null, 'bo']);
    expect((await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).valid).toBe(true);
  });

  it('fails the manager\'s call, recording nothing, for a key of no org (an admin key)', async () => {
    const keys = createApiKeyManager({ store: createMemoryApiKeyStore(), audit: apiKeyAuditSink(store, { auditSecret: AUDIT_SECRET }) });
    await expect(keys.create({ orgId: null, kind: 'admin', clientId: 'ops', actor: platformOperator('ops') })).rejects.toThrow(ApiKeyAuditError);
  });

  it('rejects malformed events with a typed error and writes nothing', async () => {
    const sink = apiKeyAuditSink(store, { auditSecret: AUDIT_SECRET });
    const base: ApiKeyEvent = { type: 'api_key.revoked', at: new Date(), orgId: other, keyId: 'abc123', clientId: 'c', kind: 'tenant', actor: { type: 'platform_operator', id: 'ops', orgId: null, roles: [] } };
    await expect(sink({ ...base, keyId: 'not a key id' })).rejects.toMatchObject({ code: 'AUDIT_API_KEY_EVENT_INVALID' });
    await expect(sink({ ...base, at: new Date(Number.NaN) })).rejects.toThrow(ApiKeyAuditError);
    await expect(sink({ ...base, type: 'api_key.deleted' as 'api_key.revoked' })).rejects.toThrow(ApiKeyAuditError);
    // A change always names its actor; only a denied call may have none.
    await expect(sink({ ...base, actor: null as never })).rejects.toThrow(/must name its actor/);
    await expect(sink({ ...base, actor: { ...base.actor, id: '' } })).rejects.toThrow(ApiKeyAuditError);
    await expect(sink({ type: 'api_key.denied', at: new Date(), orgId: other, operation: 'revoke', permission: 'keys manage' as never, reason: 'not_granted', actor: null })).rejects.toThrow(ApiKeyAuditError);
    expect((await queryAuditRecords(store, other)).records).toEqual([]);
    await sink(base);
    expect((await queryAuditRecords(store, other)).records).toMatchObject([{ seq: 1, stage: 'api_key.revoked', userId: 'ops' }]);
  });
});
