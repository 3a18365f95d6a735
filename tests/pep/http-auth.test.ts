/**
 * Authentication on a real server: tenant API keys (Bearer and Basic) on tenant routes only,
 * admin keys (configured as SHA-256 digests) on admin routes only, and 401s that say nothing
 * about which check failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyDigest, generateApiKey } from '../../src/crypto/index.js';
import { parseAdminKeyDigests } from '../../src/pep/http/index.js';
import { basic, bearer, getJson, memoryAudit, memoryKeys, postJson, recordingLogger, startServer, testEngine, type Keys, type RecordingLogger, type RunningServer } from './helpers/http-kit.js';

let server: RunningServer;
let keys: Keys;
let logger: RecordingLogger;
let acme: { key: string; keyId: string };
const admin = generateApiKey('admin').value.expose();
const otherAdmin = generateApiKey('admin').value.expose();
const body = { stage: 'input', query: 'hello' };

beforeAll(async () => {
  keys = memoryKeys();
  acme = await keys.tenant('acme', 'gateway');
  logger = recordingLogger();
  server = await startServer({
    engine: testEngine(), apiKeys: keys.store, apiKeyCacheTtlMs: 0, audit: memoryAudit(), logger,
    adminKeyDigests: parseAdminKeyDigests(`${apiKeyDigest(admin)}, ${'ab'.repeat(32)}`),
    auditRecords: { query: async () => ({ records: [], nextCursor: null }), erase: async (orgId) => ({ orgId, userDigest: '00', rows: {} as never, erasureSeq: 1 }) },
  });
});
afterAll(() => server.close());

const decideUrl = () => `${server.url}/api/v1/decide`;
const gdprUrl = () => `${server.url}/api/v1/gdpr/delete`;

describe('tenant routes', () => {
  it('answers 401 with a challenge when the Authorization header is missing', async () => {
    const res = await postJson(decideUrl(), body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(res.headers.get('www-authenticate')).toContain('Basic');
  });

  it('answers 401 for a malformed key, a wrong secret, an unknown key and a wrong Basic client id, with one message', async () => {
    const wrongSecret = acme.key.slice(0, 30) + (acme.key[30] === 'a' ? 'b' : 'a') + acme.key.slice(31);
    const unknown = generateApiKey('tenant', 'live').value.expose();
    const messages = new Set<string>();
    for (const headers of [bearer('not-a-key'), bearer(wrongSecret), bearer(unknown), basic('someone-else', acme.key), { authorization: 'Digest abc' }]) {
      const res = await postJson(decideUrl(), body, headers);
      expect(res.status, headers.authorization).toBe(401);
      messages.add(res.body.error.message);
      expect(res.text).not.toContain(acme.key.slice(20));
    }
    expect(messages.size).toBe(1);
    const reasons = logger.lines.filter((l) => l.message === 'authentication failed').map((l) => l.fields.reason);
    expect(reasons).toEqual(expect.arrayContaining(['malformed_credentials', 'unknown_key', 'client_mismatch']));
    for (const line of logger.lines) expect(JSON.stringify(line)).not.toContain(acme.key.slice(20));
  });

  it('answers 401 for a revoked key', async () => {
    const doomed = await keys.tenant('acme', 'old-gateway');
    expect((await postJson(decideUrl(), body, bearer(doomed.key))).status).toBe(200);
    await keys.manager.revoke(doomed.keyId, { orgId: 'acme', actor: { id: 'ops@acme.example', orgId: 'acme', roles: ['admin'] } });
    const res = await postJson(decideUrl(), body, bearer(doomed.key));
    expect(res.status).toBe(401);
    expect(logger.lines.at(-1)!.fields).toMatchObject({ reason: 'revoked', keyId: doomed.keyId });
  });

  it('refuses an admin key on a tenant route', async () => {
    const res = await postJson(decideUrl(), body, bearer(admin));
    expect(res.status).toBe(401);
    expect(logger.lines.at(-1)!.fields.reason).toBe('wrong_key_kind');
    expect((await getJson(`${server.url}/api/v1/audit`, bearer(admin))).status).toBe(401);
  });

  it('does not read the body of an unauthenticated request', async () => {
    const res = await postJson(decideUrl(), '{ not json', {});
    expect(res.status).toBe(401);
  });
});

describe('admin routes', () => {
  const erase = { org_id: 'acme', user_id: 'u-1' };

  it('accept a configured admin key', async () => {
    const res = await postJson(gdprUrl(), erase, bearer(admin));
    expect(res.status).toBe(200);
  });

  it('refuse a tenant key (401), naming the admin scheme in the challenge', async () => {
    const res = await postJson(gdprUrl(), erase, bearer(acme.key));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('gatehouse-admin');
    expect(logger.lines.at(-1)!.fields.reason).toBe('wrong_key_kind');
    expect((await postJson(gdprUrl(), erase, basic('gateway', acme.key))).status).toBe(401);
  });

  it('refuse an admin key that is not configured, and no key at all', async () => {
    expect((await postJson(gdprUrl(), erase, bearer(otherAdmin))).status).toBe(401);
    expect((await postJson(gdprUrl(), erase)).status).toBe(401);
  });

  it('refuse everyone when no admin keys are configured', async () => {
    const bare = await startServer({ engine: testEngine(), apiKeys: keys.store, auditRecords: { query: async () => ({ records: [], nextCursor: null }), erase: async () => { throw new Error('must not run'); } } });
    try {
      const res = await postJson(`${bare.url}/api/v1/gdpr/delete`, erase, bearer(admin));
      expect(res.status).toBe(401);
    } finally {
      await bare.close();
    }
  });

  it('rejects a digest list entry that is not a SHA-256 digest (an admin key pasted by mistake)', () => {
    expect(() => parseAdminKeyDigests(admin)).toThrow(/not a SHA-256 digest/);
    expect(() => parseAdminKeyDigests(admin)).not.toThrow(new RegExp(admin.slice(10, 30)));
    expect(parseAdminKeyDigests(undefined)).toEqual([]);
    expect(parseAdminKeyDigests(` ${'AB'.repeat(32)} ,${'cd'.repeat(32)}`)).toEqual(['ab'.repeat(32), 'cd'.repeat(32)]);
  });
});
