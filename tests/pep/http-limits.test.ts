/**
 * What the server refuses, on a real server: bad bodies (400 with the zod issues), bodies over
 * the limit (413, without reading them), unknown routes (404), wrong methods (405), other media
 * types (415), and requests that take too long (408/503). No error echoes the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCachedApiKeyLookup } from '../../src/pep/http/index.js';
import type { ApiKeyLookup, ApiKeyRecord } from '../../src/crypto/index.js';
import { CARD, bearer, getJson, memoryKeys, postJson, rawRequest, recordingLogger, startServer, testEngine, type RunningServer } from './helpers/http-kit.js';

const LIMIT = 4096;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  const keys = memoryKeys();
  key = (await keys.tenant('acme')).key;
  server = await startServer({ engine: testEngine(), apiKeys: keys.store, bodyLimitBytes: LIMIT, requestTimeoutMs: 400, logger: recordingLogger() });
});
afterAll(() => server.close());

const decide = () => `${server.url}/api/v1/decide`;

describe('400: invalid requests', () => {
  it('lists every bad field by path, without the values sent', async () => {
    const res = await postJson(decide(), { stage: 'upload', query: 42, target: { type: 'tool' }, caller_identity: { roles: 'admin' } }, bearer(key));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    const paths = res.body.error.issues.map((i: { path: (string | number)[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['stage', 'query', 'target.tool', 'caller_identity.roles']));
    for (const issue of res.body.error.issues) expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
    expect(res.text).not.toContain('upload');
  });

  it('refuses an object query for a model target', async () => {
    const res = await postJson(decide(), { stage: 'input', query: { card: CARD } }, bearer(key));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toEqual(['query']);
    expect(res.text).not.toContain(CARD);
  });

  it('answers malformed JSON with 400 and never quotes it', async () => {
    const res = await postJson(decide(), `{"stage":"input","query":"${CARD}"`, bearer(key));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
    expect(res.text).not.toContain('4111');
    expect((await postJson(decide(), '', bearer(key))).body.error.code).toBe('INVALID_JSON');
  });

  it('answers 415 for a body that is not declared JSON', async () => {
    const res = await fetch(decide(), { method: 'POST', headers: { ...bearer(key), 'content-type': 'text/plain' }, body: '{"stage":"input","query":"hi"}' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('413: bodies over the limit', () => {
  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const big = JSON.stringify({ stage: 'input', query: 'x'.repeat(LIMIT) });
    const res = await postJson(decide(), big, bearer(key));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('BODY_TOO_LARGE');
    expect(res.text).not.toContain('xxxx');
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    const chunk = 'y'.repeat(1024);
    const res = await rawRequest(server.url, {
      path: '/api/v1/decide',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      chunks: ['{"stage":"input","query":"', ...Array.from({ length: 8 }, () => chunk), '"}'],
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body!).error.code).toBe('BODY_TOO_LARGE');
    // The server still answers afterwards.
    expect((await postJson(decide(), { stage: 'input', query: 'hi' }, bearer(key))).status).toBe(200);
  });

  it('accepts a body just under the limit', async () => {
    const query = 'z '.repeat((LIMIT - 100) / 2);
    const res = await postJson(decide(), { stage: 'input', query }, bearer(key));
    expect(res.status).toBe(200);
  });
});

describe('404 and 405', () => {
  it('answers an unknown path with 404', async () => {
    for (const path of ['/', '/api/v1/decide/', '/api/v2/decide', '/api/v1/admin/orgs/acme/breakers/melt']) {
      const res = await getJson(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers a known path with the wrong method with 405 and an Allow header', async () => {
    const get = await getJson(decide());
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await postJson(`${server.url}/health`, {});
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const del = await fetch(`${server.url}/api/v1/audit`, { method: 'DELETE' });
    expect(del.status).toBe(405);
  });
});

describe('timeouts', () => {
  it('answers 408 when the body does not arrive in time', async () => {
    const res = await rawRequest(server.url, {
      path: '/api/v1/decide',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      contentLength: 100,
      chunks: ['{"stage":"input",'],
      holdOpen: true,
    });
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body!).error.code).toBe('REQUEST_TIMEOUT');
  });

  it('answers 503 when a route waits too long on a dependency, and drops the late answer', async () => {
    const keys = memoryKeys();
    const { key: k } = await keys.tenant('acme');
    let release!: () => void;
    const slow = await startServer({
      engine: testEngine(), apiKeys: keys.store, requestTimeoutMs: 200,
      audit: { record: () => new Promise<void>((r) => (release = r)) },
    });
    try {
      const res = await postJson(`${slow.url}/api/v1/decide`, { stage: 'input', query: 'hi' }, bearer(k));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('REQUEST_TIMEOUT');
      release();
    } finally {
      await slow.close();
    }
  });
});

describe('the API key cache', () => {
  it('reuses a record for its TTL, then reads it again; misses and failures are not cached', async () => {
    let t = 0;
    let calls = 0;
    let record: ApiKeyRecord | undefined = { keyId: 'k', kind: 'tenant', environment: 'live', orgId: 'acme', clientId: 'c', name: null, digest: '00', createdAt: new Date(0), expiresAt: null, revokedAt: null, replacedBy: null };
    let failNext = false;
    const lookup: ApiKeyLookup = {
      async findByKeyId() {
        calls++;
        if (failNext) {
          failNext = false;
          throw new Error('db down');
        }
        return record;
      },
    };
    const cached = createCachedApiKeyLookup(lookup, { ttlMs: 1000, now: () => t });
    await cached.findByKeyId('k');
    await cached.findByKeyId('k');
    expect(calls).toBe(1);
    record = { ...record!, revokedAt: new Date(0) };
    t = 999;
    expect((await cached.findByKeyId('k'))!.revokedAt).toBeNull();
    t = 1000;
    expect((await cached.findByKeyId('k'))!.revokedAt).not.toBeNull();
    expect(calls).toBe(2);

    record = undefined;
    await cached.findByKeyId('new');
    await cached.findByKeyId('new');
    expect(calls).toBe(4);

    failNext = true;
    await expect(cached.findByKeyId('x')).rejects.toThrow('db down');
    await Promise.resolve();
    await cached.findByKeyId('x');
    expect(calls).toBe(6);
  });
});
