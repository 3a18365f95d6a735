/**
 * The operational routes on a real server, with in-memory services: /health and /metrics
 * (unauthenticated), the audit query (tenant key + audit:read, scoped to the caller's org),
 * GDPR erasure and breaker operations (admin key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyDigest, generateApiKey } from '../../src/crypto/index.js';
import type { AuditQuery } from '../../src/audit/query-records.js';
import type { StoredAuditRecord } from '../../src/audit/stored-record.js';
import type { BreakerState } from '../../src/pdp/decision.js';
import type { TripInput, ResetInput } from '../../src/pep/breakers/index.js';
import type { AuditRecordsSource, BreakerAdmin } from '../../src/pep/http/index.js';
import { CARD, bearer, getJson, memoryAudit, memoryKeys, postJson, startServer, testEngine, type MemoryAudit, type RunningServer } from './helpers/http-kit.js';

const admin = generateApiKey('admin').value.expose();

function storedRecord(orgId: string, seq: number): StoredAuditRecord {
  return {
    decisionId: `0199aaaa-0000-7000-8000-${String(seq).padStart(12, '0')}`, orgId, clientId: 'gateway', userId: 'u-1', userDigest: new Uint8Array([1, 2]),
    stage: 'input', verdict: 'deny', evaluatedPolicies: [{ id: 'keys', matched: true, action: 'block' }], findingCounts: { aws_access_key_id: 1 },
    inputDigest: new Uint8Array([0xab]), redactedText: null, textDigest: null, createdAt: new Date('2026-01-02T03:04:05Z'), durationUs: 42,
    traceId: null, policySetVersion: 'v1', seq, prevHash: null, hash: new Uint8Array([0xff, 0x01]),
  };
}

/** Records for two orgs; query() returns only the org it is asked for. */
function fakeAuditRecords() {
  const calls: { orgId: string; query: AuditQuery }[] = [];
  const erasures: { orgId: string; userId: string; requestRef?: string }[] = [];
  const source: AuditRecordsSource = {
    async query(orgId, query) {
      calls.push({ orgId, query });
      const all = [storedRecord('acme', 1), storedRecord('globex', 1), storedRecord('acme', 2)];
      return { records: all.filter((r) => r.orgId === orgId), nextCursor: query.cursor ? null : 'next-page' };
    },
    async erase(orgId, input) {
      erasures.push({ orgId, ...input });
      return { orgId, userDigest: 'cafe', rows: { decisions: 3 } as never, erasureSeq: 9 };
    },
  };
  return { source, calls, erasures };
}

function fakeBreakers() {
  const tripped: (BreakerState & { trippedBy: string })[] = [];
  const service: BreakerAdmin & { snapshot(): readonly BreakerState[] } = {
    snapshot: () => tripped,
    async status(orgId) {
      return tripped.filter((b) => b.orgId === orgId).map((b) => ({ orgId, scope: b.scope, key: b.key, reason: b.reason ?? '', trippedBy: b.trippedBy, trippedAt: new Date('2026-01-01T00:00:00Z'), expiresAt: null }));
    },
    async trip(input: TripInput) {
      if (!input.actor.roles.includes('admin') || input.actor.orgId !== input.orgId) throw new Error('actor must be an admin of the org');
      const state = { scope: input.scope, key: input.key ?? input.orgId, orgId: input.orgId, reason: input.reason, trippedBy: input.actor.id };
      tripped.push(state);
      return state;
    },
    async reset(input: ResetInput) {
      const i = tripped.findIndex((b) => b.orgId === input.orgId && b.scope === input.scope && b.key === (input.key ?? input.orgId));
      if (i >= 0) tripped.splice(i, 1);
      return { wasTripped: i >= 0 };
    },
  };
  return { service, tripped };
}

let server: RunningServer;
let audit: MemoryAudit;
let acmeKey: string;
let viewerKey: string;
let records: ReturnType<typeof fakeAuditRecords>;
let breakers: ReturnType<typeof fakeBreakers>;
const adminKeyId = () => /^gh_admin_([0-9A-Za-z]{12})/.exec(admin)![1];

beforeAll(async () => {
  const keys = memoryKeys();
  acmeKey = (await keys.tenant('acme', 'auditor-svc')).key;
  viewerKey = (await keys.tenant('acme', 'dashboard')).key;
  audit = memoryAudit();
  records = fakeAuditRecords();
  breakers = fakeBreakers();
  const roles: Record<string, string[]> = { 'acme/auditor-svc': ['auditor'], 'acme/dashboard': ['viewer'] };
  server = await startServer({
    engine: testEngine(), apiKeys: keys.store, audit, breakers: breakers.service, auditRecords: records.source,
    adminKeyDigests: [apiKeyDigest(admin)],
    callerRoles: (caller) => roles[`${caller.orgId}/${caller.clientId}`] ?? [],
  });
});
afterAll(() => server.close());

describe('GET /health', () => {
  it('answers ok without credentials', async () => {
    const res = await getJson(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { breakers: 'ok', audit: 'ok' } });
  });

  it('answers 503 while breaker state is unreadable (decisions would all be denied)', async () => {
    const keys = memoryKeys();
    const s = await startServer({ engine: testEngine(), apiKeys: keys.store, breakers: { snapshot: () => { throw new Error('stale'); } } });
    try {
      const res = await getJson(`${s.url}/health`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { breakers: 'unavailable' } });
    } finally {
      await s.close();
    }
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with decisions by verdict, latency, audit queue depth and breaker state', async () => {
    await postJson(`${server.url}/api/v1/decide`, { stage: 'input', query: 'hello' }, bearer(acmeKey));
    await postJson(`${server.url}/api/v1/decide`, { stage: 'input', query: `card ${CARD}` }, bearer(acmeKey));
    await postJson(`${server.url}/api/v1/decide`, { stage: 'input', query: 'hi', org_id: 'globex' }, bearer(acmeKey));
    audit.counters = { queued: 7, failed: 1, rejected: 0 };
    breakers.tripped.push({ scope: 'tool', key: 'db.query', orgId: 'acme', trippedBy: 'ops' });
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toMatch(/^gatehouse_decisions_total\{verdict="allow"\} [1-9]/m);
      expect(text).toMatch(/^gatehouse_decisions_total\{verdict="redact"\} [1-9]/m);
      expect(text).toMatch(/^gatehouse_decide_duration_seconds_count [1-9]/m);
      expect(text).toMatch(/^gatehouse_decide_duration_seconds_bucket\{le="0\.005"\} \d+/m);
      expect(text).toMatch(/^gatehouse_audit_queue_depth 7$/m);
      expect(text).toMatch(/^gatehouse_breakers_open\{scope="tool"\} 1$/m);
      expect(text).toMatch(/^gatehouse_breakers_open\{scope="org"\} 0$/m);
      expect(text).toMatch(/^gatehouse_breaker_state_available 1$/m);
      expect(text).toMatch(/^gatehouse_identity_mismatch_total [1-9]/m);
      expect(text).toMatch(/^gatehouse_http_responses_total\{route="decide",status="403"\} [1-9]/m);
      // Its own registry: none of prom-client's default process metrics, and no tenant data.
      expect(text).not.toContain('process_cpu');
      expect(text).not.toContain('acme');
      // Not the card (a bare '4111' could legitimately appear inside a latency sum).
      expect(text).not.toMatch(/4111[ -]?1111/);
    } finally {
      breakers.tripped.length = 0;
      audit.counters = { queued: 0, failed: 0, rejected: 0 };
    }
  });

  it('reports unreadable breaker state as 0', async () => {
    const s = await startServer({ engine: testEngine(), breakers: { snapshot: () => { throw new Error('stale'); } } });
    try {
      const text = await (await fetch(`${s.url}/metrics`)).text();
      expect(text).toMatch(/^gatehouse_breaker_state_available 0$/m);
    } finally {
      await s.close();
    }
  });
});

describe('GET /api/v1/audit', () => {
  it('returns only the caller\'s org, with hex digests and a cursor for the next page', async () => {
    const res = await getJson(`${server.url}/api/v1/audit?limit=2&verdict=deny,redact&order=desc`, bearer(acmeKey));
    expect(res.status).toBe(200);
    expect(res.body.records.map((r: { org_id: string }) => r.org_id)).toEqual(['acme', 'acme']);
    expect(res.body.records[0]).toMatchObject({ seq: 1, hash: 'ff01', input_digest: 'ab', created_at: '2026-01-02T03:04:05.000Z', finding_counts: { aws_access_key_id: 1 } });
    expect(res.body.next_cursor).toBe('next-page');
    expect(records.calls.at(-1)).toEqual({ orgId: 'acme', query: { limit: 2, verdict: ['deny', 'redact'], order: 'desc' } });
    const next = await getJson(`${server.url}/api/v1/audit?cursor=${encodeURIComponent(res.body.next_cursor)}`, bearer(acmeKey));
    expect(next.body.next_cursor).toBeNull();
    expect(records.calls.at(-1)!.query.cursor).toBe('next-page');
  });

  it('refuses (403, audited) a query naming another org', async () => {
    const before = audit.records.length;
    const res = await getJson(`${server.url}/api/v1/audit?org_id=globex`, bearer(acmeKey));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ORG_MISMATCH');
    expect(audit.records.length).toBe(before + 1);
    expect(audit.records.at(-1)!.identity.orgId).toBe('acme');
    expect(records.calls.every((c) => c.orgId === 'acme')).toBe(true);
  });

  it('needs audit:read: a viewer key gets 403', async () => {
    const calls = records.calls.length;
    const res = await getJson(`${server.url}/api/v1/audit`, bearer(viewerKey));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PERMISSION_DENIED');
    expect(records.calls.length).toBe(calls);
  });

  it('answers 403 when no role source is configured (no role is assumed)', async () => {
    const keys = memoryKeys();
    const { key } = await keys.tenant('acme');
    const s = await startServer({ engine: testEngine(), apiKeys: keys.store, auditRecords: records.source });
    try {
      expect((await getJson(`${s.url}/api/v1/audit`, bearer(key))).status).toBe(403);
    } finally {
      await s.close();
    }
  });

  it('rejects bad query parameters with 400 and their names', async () => {
    const res = await getJson(`${server.url}/api/v1/audit?limit=0&verdict=maybe&colour=red`, bearer(acmeKey));
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['limit', 'verdict.0']));
    expect(res.body.error.issues.some((i: { message: string }) => /colour/.test(i.message))).toBe(true);
    expect((await getJson(`${server.url}/api/v1/audit?limit=1&limit=2`, bearer(acmeKey))).status).toBe(400);
  });

  it('needs a tenant key: an admin key is refused', async () => {
    expect((await getJson(`${server.url}/api/v1/audit`, bearer(admin))).status).toBe(401);
  });
});

describe('POST /api/v1/gdpr/delete', () => {
  it('erases the subject in the named org with an admin key, flushing the audit writer first', async () => {
    let flushed = 0;
    audit.flush = async () => { flushed++; };
    try {
      const res = await postJson(`${server.url}/api/v1/gdpr/delete`, { org_id: 'globex', user_id: 'user-42', request_ref: 'DSR-1' }, bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ org_id: 'globex', user_digest: 'cafe', rows: { decisions: 3 }, erasure_seq: 9 });
      expect(res.text).not.toContain('user-42');
      expect(records.erasures.at(-1)).toEqual({ orgId: 'globex', userId: 'user-42', requestRef: 'DSR-1' });
      expect(flushed).toBe(1);
    } finally {
      delete audit.flush;
    }
  });

  it('rejects a body without org or user with 400, and a tenant key with 401', async () => {
    const bad = await postJson(`${server.url}/api/v1/gdpr/delete`, { org_id: 'bad org!' }, bearer(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['org_id', 'user_id']);
    expect((await postJson(`${server.url}/api/v1/gdpr/delete`, { org_id: 'acme', user_id: 'u' }, bearer(acmeKey))).status).toBe(401);
  });
});

describe('admin breaker routes', () => {
  const base = () => `${server.url}/api/v1/admin/orgs/acme/breakers`;

  it('trip, status and reset with an admin key; a tripped tool is denied on decide', async () => {
    const trip = await postJson(`${base()}/trip`, { scope: 'tool', key: 'shell.run', reason: 'runaway agent', operator: 'ana' }, bearer(admin));
    expect(trip.status).toBe(200);
    expect(trip.body).toMatchObject({ org_id: 'acme', scope: 'tool', key: 'shell.run', reason: 'runaway agent' });
    expect(breakers.tripped[0]!.trippedBy).toBe(`ana (admin-key:${adminKeyId()})`);

    const status = await getJson(base(), bearer(admin));
    expect(status.body.breakers).toEqual([{ scope: 'tool', key: 'shell.run', reason: 'runaway agent', tripped_by: `ana (admin-key:${adminKeyId()})`, tripped_at: '2026-01-01T00:00:00.000Z', expires_at: null }]);

    const denied = await postJson(`${server.url}/api/v1/decide`, { stage: 'tool_call', query: {}, target: { type: 'tool', tool: 'shell.run' } }, bearer(acmeKey));
    expect(denied.body.verdict).toBe('deny');
    expect(denied.body.reasons[0].code).toBe('circuit_open');

    const reset = await postJson(`${base()}/reset`, { scope: 'tool', key: 'shell.run', reason: 'fixed' }, bearer(admin));
    expect(reset.body).toMatchObject({ was_tripped: true });
    expect(breakers.tripped).toEqual([]);
  });

  it('refuse tenant keys, bad org ids and bad bodies', async () => {
    expect((await postJson(`${base()}/trip`, { scope: 'org', reason: 'x' }, bearer(acmeKey))).status).toBe(401);
    expect((await getJson(`${server.url}/api/v1/admin/orgs/bad%20org/breakers`, bearer(admin))).status).toBe(400);
    const bad = await postJson(`${base()}/trip`, { scope: 'galaxy', reason: '' }, bearer(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['reason', 'scope']);
  });

  it('answer 404 when the server has no breaker service', async () => {
    const s = await startServer({ engine: testEngine(), adminKeyDigests: [apiKeyDigest(admin)] });
    try {
      const res = await getJson(`${s.url}/api/v1/admin/orgs/acme/breakers`, bearer(admin));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_CONFIGURED');
    } finally {
      await s.close();
    }
  });
});
