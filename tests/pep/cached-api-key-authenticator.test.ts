/**
 * The server's tenant authenticator reuses a verified credential only while its key record is
 * fresh and the key is neither expired nor revoked, and never remembers a refusal.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryApiKeyStore, type ApiKeyLookup } from '../../src/crypto/index.js';
import { apiKeyDigest, generateApiKey } from '../../src/crypto/api-keys/api-key-format.js';
import { cachedApiKeyAuthenticator } from '../../src/pep/http/cached-api-key-authenticator.js';

async function keyStore(record: { expiresAt?: Date | null; revokedAt?: Date | null } = {}) {
  const store = createMemoryApiKeyStore();
  const generated = generateApiKey('tenant', 'live');
  await store.insert({
    keyId: generated.keyId, kind: 'tenant', environment: 'live', orgId: 'acme', clientId: 'gateway', name: null,
    digest: apiKeyDigest(generated.value), createdAt: new Date(), expiresAt: record.expiresAt ?? null, revokedAt: record.revokedAt ?? null, replacedBy: null,
  });
  let reads = 0;
  const lookup: ApiKeyLookup = { findByKeyId: (keyId) => (reads++, store.findByKeyId(keyId)) };
  const key = generated.value.expose();
  return { store, lookup, keyId: generated.keyId, key, bearer: `Bearer ${key}`, reads: () => reads };
}

const basic = (clientId: string, key: string) => `Basic ${Buffer.from(`${clientId}:${key}`).toString('base64')}`;
const reasonOf = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: { reason?: string }) => e.reason);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cachedApiKeyAuthenticator', () => {
  it('verifies a credential once, then knows its caller until the record is ttlMs old', async () => {
    const keys = await keyStore();
    let t = 1_000;
    const authenticate = cachedApiKeyAuthenticator(keys.lookup, { ttlMs: 5_000, now: () => t });
    for (let i = 0; i < 5; i++) expect(await authenticate(keys.bearer)).toMatchObject({ kind: 'tenant', orgId: 'acme', clientId: 'gateway', keyId: keys.keyId });
    expect(keys.reads()).toBe(1);
    t = 5_999;
    await authenticate(keys.bearer);
    expect(keys.reads()).toBe(1);
    t = 6_000;
    await authenticate(keys.bearer);
    expect(keys.reads()).toBe(2);
  });

  it('stops accepting a key revoked in the store within ttlMs of the revocation, counted from when its record was read', async () => {
    const keys = await keyStore();
    let t = 0;
    const authenticate = cachedApiKeyAuthenticator(keys.lookup, { ttlMs: 1_000, now: () => t });
    // A refused request reads the record at 0; the key is revoked just after.
    expect(await reasonOf(authenticate(basic('other-client', keys.key)))).toBe('client_mismatch');
    await keys.store.update(keys.keyId, { revokedAt: new Date(0) });
    t = 500;
    expect(await reasonOf(authenticate(keys.bearer))).toBe('accepted'); // verified against the record read at 0
    t = 999;
    expect(await reasonOf(authenticate(keys.bearer))).toBe('accepted');
    t = 1_000;
    expect(await reasonOf(authenticate(keys.bearer))).toBe('revoked');
    expect(await reasonOf(authenticate(keys.bearer))).toBe('revoked');
    expect(keys.reads()).toBe(2);
  });

  it('refuses a key from the moment it expires, or its scheduled revocation takes effect, however fresh its record', async () => {
    const expiring = await keyStore({ expiresAt: new Date(Date.now() + 150) });
    const rotated = await keyStore({ revokedAt: new Date(Date.now() + 150) });
    const authenticate = cachedApiKeyAuthenticator({ findByKeyId: (id) => (id === expiring.keyId ? expiring.lookup : rotated.lookup).findByKeyId(id) }, { ttlMs: 60_000 });
    expect(await reasonOf(authenticate(expiring.bearer))).toBe('accepted');
    expect(await reasonOf(authenticate(rotated.bearer))).toBe('accepted');
    await sleep(200);
    expect(await reasonOf(authenticate(expiring.bearer))).toBe('expired');
    expect(await reasonOf(authenticate(rotated.bearer))).toBe('revoked');
  });

  it('never remembers a refusal: a wrong secret or a wrong Basic client id is refused every time', async () => {
    const keys = await keyStore();
    const authenticate = cachedApiKeyAuthenticator(keys.lookup, { ttlMs: 60_000 });
    const wrongSecret = `Bearer ${keys.key.slice(0, 20)}${keys.key[20] === 'a' ? 'b' : 'a'}${keys.key.slice(21)}`;
    expect(await reasonOf(authenticate(keys.bearer))).toBe('accepted');
    expect(await reasonOf(authenticate(basic('gateway', keys.key)))).toBe('accepted');
    for (let i = 0; i < 3; i++) {
      expect(await reasonOf(authenticate(basic('other-client', keys.key)))).toBe('client_mismatch');
      expect(['malformed_credentials', 'invalid_secret']).toContain(await reasonOf(authenticate(wrongSecret)));
      expect(await reasonOf(authenticate(undefined))).toBe('missing_credentials');
    }
  });

  it('with ttlMs 0, reads the record on every request', async () => {
    const keys = await keyStore();
    const authenticate = cachedApiKeyAuthenticator(keys.lookup, { ttlMs: 0 });
    for (let i = 0; i < 3; i++) await authenticate(keys.bearer);
    expect(keys.reads()).toBe(3);
  });
});
