/**
 * Decision Mode end to end on a real server on 127.0.0.1 over a real store (PGlite, and
 * PostgreSQL when DATABASE_URL is set): API keys resolved through the store's lookup function,
 * decisions in the hash-chained audit trail, the audit route held to the caller's org,
 * GDPR erasure, approvals and breakers in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAuditRecords, verifyChain, type AuditWriter } from '../../src/audit/index.js';
import {
  apiKeyDigest, createApiKeyManager, createAuthorizer, createKyselyApiKeyLookup, createKyselyApiKeyStore, createKyselyRoleStore,
  generateApiKey, platformOperator, type ApiKeyManager, type KyselyRoleStore,
} from '../../src/crypto/index.js';
import { createApprovalService, type ApprovalService } from '../../src/pep/approvals/approval-service.js';
import { createBreakerService, type BreakerService } from '../../src/pep/breakers/index.js';
import { ORG_MISMATCH_POLICY_ID, storeAuditRecords } from '../../src/pep/http/index.js';
import { CARD, bearer, getJson, postJson, recordingLogger, startServer, testEngine, type RunningServer } from '../pep/helpers/http-kit.js';
import { AUDIT_SECRET, testWriter } from './helpers/audit-fixtures.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe(`Decision Mode over HTTP on a store (${backend})`, () => {
  let store: TestStore;
  let writer: AuditWriter;
  let breakers: BreakerService;
  let approvals: ApprovalService;
  let keys: ApiKeyManager;
  let roles: KyselyRoleStore;
  let server: RunningServer;
  const orgA = uniqueName('acme');
  const orgB = uniqueName('globex');
  const admin = generateApiKey('admin').value.expose();
  const operator = platformOperator('test-setup');
  let keyA = '';
  let keyAId = '';
  let keyB = '';

  beforeAll(async () => {
    store = await openTestStore();
    writer = await testWriter(store);
    breakers = createBreakerService(store, { listenUrl: false, pollIntervalMs: 50, logger: recordingLogger() });
    await breakers.start();
    approvals = createApprovalService(store, { listenUrl: false, logger: recordingLogger() });
    keys = createApiKeyManager({ store: createKyselyApiKeyStore(store), audit: 'off' });
    roles = createKyselyRoleStore(store);
    const a = await keys.create({ orgId: orgA, clientId: 'gateway', actor: operator });
    keyA = a.key.expose();
    keyAId = a.summary.keyId;
    keyB = (await keys.create({ orgId: orgB, clientId: 'gateway', actor: operator })).key.expose();
    await roles.bindRole(orgA, 'client:gateway', 'auditor');
    await roles.bindRole(orgB, 'client:gateway', 'auditor');
    server = await startServer({
      engine: testEngine(),
      audit: writer,
      breakers: { snapshot: breakers.snapshot, status: breakers.status, trip: breakers.trip, reset: breakers.reset },
      approvals,
      apiKeys: createKyselyApiKeyLookup(store),
      apiKeyCacheTtlMs: 0,
      adminKeyDigests: [apiKeyDigest(admin)],
      auditRecords: storeAuditRecords(store, { auditSecret: AUDIT_SECRET }),
      callerRoles: (caller) => roles.rolesOf(caller.orgId, `client:${caller.clientId}`),
      authorize: createAuthorizer(roles).can,
    });
  });
  afterAll(async () => {
    await server?.close();
    await writer?.close();
    await breakers?.close();
    await approvals?.close();
    await store?.dispose();
  });

  const decide = (body: unknown, key: string, headers: Record<string, string> = {}) => postJson(`${server.url}/api/v1/decide`, body, { ...bearer(key), ...headers });

  it('authenticates a stored key and records the decision in the key\'s org chain, without the card', async () => {
    const res = await decide({ stage: 'input', query: `refund ${CARD}`, caller_identity: { user_id: 'user-1' } }, keyA);
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('allow');
    await writer.flush();
    const page = await queryAuditRecords(store, orgA, { order: 'desc', limit: 1 });
    expect(page.records[0]).toMatchObject({ decisionId: res.body.decision_id, orgId: orgA, clientId: 'gateway', userId: 'user-1', verdict: 'redact', findingCounts: { credit_card: 1 } });
    // Ids and hashes are random hex, which can hold "4111" by chance: they are left out of the
    // search for a piece of the card, and the whole record is searched for the card's digits.
    const withoutHex = JSON.stringify(page.records[0], (_k, v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{16,}$/i.test(v) ? undefined : v));
    expect(withoutHex).not.toContain('4111');
    expect(JSON.stringify(page.records[0]).replace(/[^0-9]/g, '')).not.toContain(CARD.replace(/ /g, ''));
    expect((await queryAuditRecords(store, orgB)).records.map((r) => r.decisionId)).not.toContain(res.body.decision_id);
  });

  it('refuses a body naming another org (403) and audits the attempt in the caller\'s chain; the chain still verifies', async () => {
    const res = await decide({ stage: 'input', query: 'hi', org_id: orgB }, keyA);
    expect(res.status).toBe(403);
    await writer.flush();
    const last = (await queryAuditRecords(store, orgA, { order: 'desc', limit: 1 })).records[0]!;
    expect(last).toMatchObject({ verdict: 'deny', clientId: 'gateway', evaluatedPolicies: [{ id: ORG_MISMATCH_POLICY_ID, matched: true, action: 'block' }] });
    expect((await queryAuditRecords(store, orgB, { verdict: 'deny' })).records).toEqual([]);
    expect((await verifyChain(store, orgA, { auditSecret: AUDIT_SECRET })).valid).toBe(true);
  });

  it('GET /api/v1/audit returns only the caller\'s org, page by page', async () => {
    for (let i = 0; i < 3; i++) await decide({ stage: 'input', query: `b${i}` }, keyB);
    await writer.flush();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await getJson(`${server.url}/api/v1/audit?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, bearer(keyA));
      expect(res.status).toBe(200);
      for (const r of res.body.records) {
        expect(r.org_id).toBe(orgA);
        seen.push(r.decision_id);
      }
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor !== null && pages < 20);
    const all = (await queryAuditRecords(store, orgA, { limit: 1000 })).records.map((r) => r.decisionId);
    expect(seen).toEqual(all);
    expect(pages).toBeGreaterThan(1);
    const fromB = await getJson(`${server.url}/api/v1/audit`, bearer(keyB));
    expect(fromB.body.records).toHaveLength(3);
    expect(fromB.body.records.every((r: { org_id: string }) => r.org_id === orgB)).toBe(true);
    const bad = await getJson(`${server.url}/api/v1/audit?cursor=bm9wZQ`, bearer(keyA));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('AUDIT_CURSOR_INVALID');
  });

  it('a client without audit:read gets 403 from the audit route', async () => {
    const { key } = await keys.create({ orgId: orgA, clientId: 'chatbot', actor: operator });
    expect((await decide({ stage: 'input', query: 'hi' }, key.expose())).status).toBe(200);
    expect((await getJson(`${server.url}/api/v1/audit`, bearer(key.expose()))).status).toBe(403);
  });

  it('a key revoked in the store is refused', async () => {
    const { key, summary } = await keys.create({ orgId: orgA, clientId: 'temp', actor: operator });
    expect((await decide({ stage: 'input', query: 'hi' }, key.expose())).status).toBe(200);
    await keys.revoke(summary.keyId, { orgId: orgA, actor: operator });
    expect((await decide({ stage: 'input', query: 'hi' }, key.expose())).status).toBe(401);
  });

  it('needs_approval opens a pending approval in the store', async () => {
    const res = await decide({ stage: 'input', query: 'refund 30 EUR', context: { action: 'refund' }, caller_identity: { user_id: 'user-2' } }, keyA);
    expect(res.body.verdict).toBe('needs_approval');
    const approval = res.body.obligations.find((o: { type: string }) => o.type === 'approval');
    expect(approval.status).toBe('pending');
    const stored = await approvals.get(orgA, approval.approval_id);
    expect(stored).toMatchObject({ status: 'pending', decisionId: res.body.decision_id, requestedBy: 'user-2' });
    expect(new Date(res.body.expires_at).getTime()).toBe(stored.expiresAt.getTime());
  });

  it('admin breaker routes trip and reset in the store; decide denies while tripped', async () => {
    const trip = await postJson(`${server.url}/api/v1/admin/orgs/${orgA}/breakers/trip`, { scope: 'org', reason: 'incident 42' }, bearer(admin));
    expect(trip.status).toBe(200);
    expect((await decide({ stage: 'input', query: 'hi' }, keyA)).body.verdict).toBe('deny');
    expect((await decide({ stage: 'input', query: 'hi' }, keyB)).body.verdict).toBe('allow');
    const status = await getJson(`${server.url}/api/v1/admin/orgs/${orgA}/breakers`, bearer(admin));
    expect(status.body.breakers).toEqual([expect.objectContaining({ scope: 'org', key: orgA, reason: 'incident 42', tripped_by: expect.stringMatching(/^admin-key:/) })]);
    expect((await postJson(`${server.url}/api/v1/admin/orgs/${orgA}/breakers/reset`, { scope: 'org', reason: 'resolved' }, bearer(admin))).body.was_tripped).toBe(true);
    expect((await decide({ stage: 'input', query: 'hi' }, keyA)).body.verdict).toBe('allow');
    expect((await postJson(`${server.url}/api/v1/admin/orgs/${orgA}/breakers/trip`, { scope: 'org', reason: 'x' }, bearer(keyA))).status).toBe(401);
  });

  it('POST /api/v1/gdpr/delete with the admin key erases the subject; the chain still verifies', async () => {
    await decide({ stage: 'input', query: 'mine', caller_identity: { user_id: 'user-9' } }, keyA);
    const tenant = await postJson(`${server.url}/api/v1/gdpr/delete`, { org_id: orgA, user_id: 'user-9' }, bearer(keyA));
    expect(tenant.status).toBe(401);
    const res = await postJson(`${server.url}/api/v1/gdpr/delete`, { org_id: orgA, user_id: 'user-9', request_ref: 'DSR-7' }, bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.org_id).toBe(orgA);
    expect(res.body.rows.decisions).toBeGreaterThanOrEqual(1);
    expect((await queryAuditRecords(store, orgA, { userId: 'user-9' })).records).toEqual([]);
    expect((await verifyChain(store, orgA, { auditSecret: AUDIT_SECRET })).valid).toBe(true);
    expect(keyAId).toMatch(/^[0-9A-Za-z]{12}$/);
  });
});
