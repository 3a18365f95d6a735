import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_PREFIXES, ApiKeyNotFoundError, ApiKeyOptionError, AuthenticationError, OrgMismatchError, Secret, apiKeyDigest, authenticate,
  createApiKeyManager, createMemoryApiKeyStore, generateApiKey, isWellFormedApiKey, parseApiKey, parseBasicAuth, resolveRequestOrg,
  platformOperator, verifyApiKey, type ApiKeyEvent, type ApiKeyLookup,
} from '../../src/crypto/index.js';

/** Trusted test setup: may manage any org's keys and admin keys. */
const OPERATOR = platformOperator('test-setup');
const ana = { id: 'user:ana', orgId: 'acme', roles: ['admin'] };

const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AuthenticationError) return e.reason;
    throw e;
  }
  return 'authenticated';
}

function setup(start = new Date('2026-03-01T00:00:00Z')) {
  let clock = start.getTime();
  const store = createMemoryApiKeyStore();
  const events: ApiKeyEvent[] = [];
  const keys = createApiKeyManager({ store, audit: (e) => void events.push(e), now: () => new Date(clock) });
  return { store, keys, events, now: () => new Date(clock), advance: (ms: number) => { clock += ms; } };
}

describe('API key format', () => {
  it('is gh_live_/gh_test_/gh_admin_ + 12-char key id + 44-char secret + 6-char checksum, base62', () => {
    const live = generateApiKey('tenant', 'live');
    expect(live.value.expose()).toMatch(/^gh_live_[0-9A-Za-z]{62}$/);
    expect(live.value.expose().slice(8, 20)).toBe(live.keyId);
    expect(live.displayPrefix).toBe('gh_live_' + live.keyId);
    expect(generateApiKey('tenant', 'test').value.expose()).toMatch(/^gh_test_/);
    const admin = generateApiKey('admin');
    expect(admin.value.expose()).toMatch(/^gh_admin_[0-9A-Za-z]{62}$/);
    expect(admin.environment).toBeNull();
  });

  it('carries at least 256 bits of randomness in the secret part (44 × log2 62)', () => {
    expect(44 * Math.log2(62)).toBeGreaterThanOrEqual(256);
    const secrets = new Set(Array.from({ length: 500 }, () => generateApiKey('tenant').value.expose().slice(20, 64)));
    expect(secrets.size).toBe(500);
  });

  it('draws base62 characters without modulo bias', () => {
    // byte % 62 without rejection would make 0-7 (the first 8 characters) 25% more likely.
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let low = 0;
    let total = 0;
    for (let i = 0; i < 2000; i++) {
      for (const c of generateApiKey('tenant').value.expose().slice(20, 64)) {
        total++;
        if (alphabet.indexOf(c) < 8) low++;
      }
    }
    const ratio = low / 8 / ((total - low) / 54);
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });

  it('round-trips through parseApiKey', () => {
    const k = generateApiKey('tenant', 'test');
    const parsed = parseApiKey(k.value)!;
    expect(parsed).toMatchObject({ kind: 'tenant', environment: 'test', keyId: k.keyId });
    expect(parsed.value.equals(k.value)).toBe(true);
  });

  it('catches any single-character typo offline through the checksum (property)', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(60), (pos, shift) => {
      const key = generateApiKey('tenant').value.expose();
      const i = 8 + (pos % 62);
      const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
      const replacement = alphabet[(alphabet.indexOf(key[i]!) + 1 + shift) % 62]!;
      expect(isWellFormedApiKey(key.slice(0, i) + replacement + key.slice(i + 1))).toBe(false);
    }), { numRuns: 300 });
  });

  it('rejects wrong prefixes, lengths and characters', () => {
    const key = generateApiKey('tenant').value.expose();
    for (const bad of [key.slice(1), key + 'a', key.slice(0, -1), key.replace('gh_live_', 'gh_prod_'), key.replace('gh_live_', 'GH_LIVE_'), key.slice(0, 30) + '-' + key.slice(31), '']) {
      expect(isWellFormedApiKey(bad)).toBe(false);
    }
  });

  it('digests with SHA-256 of the whole key', () => {
    const k = generateApiKey('tenant');
    expect(apiKeyDigest(k.value)).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyDigest(k.value)).toBe(apiKeyDigest(k.value.expose()));
  });
});

describe('key management', () => {
  it('create stores only the digest and lookup id, returns the key once, and audits', async () => {
    const { store, keys, events } = setup();
    const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'checkout', name: 'prod', actor: ana });
    const record = (await store.findByKeyId(summary.keyId))!;
    expect(record.digest).toBe(apiKeyDigest(key));
    expect(JSON.stringify(record)).not.toContain(key.expose().slice(20));
    expect(summary).not.toHaveProperty('digest');
    expect(summary.displayPrefix).toBe(`gh_live_${summary.keyId}`);
    expect(events).toEqual([expect.objectContaining({ type: 'api_key.created', orgId: 'acme', keyId: summary.keyId, clientId: 'checkout', actor: { type: 'member', ...ana } })]);
  });

  it('lists an org\'s keys only, without digests', async () => {
    const { keys } = setup();
    await keys.create({ orgId: 'acme', clientId: 'a', actor: OPERATOR });
    await keys.create({ orgId: 'acme', clientId: 'b', actor: OPERATOR });
    await keys.create({ orgId: 'globex', clientId: 'c', actor: OPERATOR });
    const list = await keys.list('acme', OPERATOR);
    expect(list.map((k) => k.clientId).sort()).toEqual(['a', 'b']);
    expect(list.every((k) => !('digest' in k))).toBe(true);
  });

  it('rejects bad input', async () => {
    const { keys } = setup();
    await expect(keys.create({ orgId: 'acme', clientId: 'has:colon', actor: OPERATOR })).rejects.toThrow(ApiKeyOptionError);
    await expect(keys.create({ orgId: null, clientId: 'x', actor: OPERATOR })).rejects.toThrow(/needs an orgId/);
    await expect(keys.create({ orgId: 'acme', clientId: 'x', kind: 'admin', actor: OPERATOR })).rejects.toThrow(/orgId: null/);
  });

  it('does not let one org revoke, rotate or expire another org\'s key', async () => {
    const { keys } = setup();
    const { summary } = await keys.create({ orgId: 'acme', clientId: 'a', actor: OPERATOR });
    await expect(keys.revoke(summary.keyId, { orgId: 'globex', actor: OPERATOR })).rejects.toThrow(ApiKeyNotFoundError);
    await expect(keys.rotate(summary.keyId, { orgId: 'globex', overlapMs: 0, actor: OPERATOR })).rejects.toThrow(ApiKeyNotFoundError);
    await expect(keys.setExpiry(summary.keyId, { orgId: 'globex', expiresAt: null, actor: OPERATOR })).rejects.toThrow(ApiKeyNotFoundError);
  });

  it('rotate issues a replacement and keeps the old key working only for the overlap window', async () => {
    const { store, keys, events, advance, now } = setup();
    const { key: oldKey, summary } = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    const rotated = await keys.rotate(summary.keyId, { orgId: 'acme', overlapMs: 3_600_000, actor: ana });
    expect(rotated.summary.clientId).toBe('svc');
    expect(rotated.previous.replacedBy).toBe(rotated.summary.keyId);
    expect(events.map((e) => e.type)).toEqual(['api_key.created', 'api_key.created', 'api_key.rotated']);
    const header = (k: Secret<string>): string => basic('svc', k.expose());
    expect((await authenticate(header(oldKey), { kind: 'tenant', lookup: store, now: now() })).orgId).toBe('acme');
    advance(3_600_000 - 1);
    expect(await reasonOf(authenticate(header(oldKey), { kind: 'tenant', lookup: store, now: now() }))).toBe('authenticated');
    advance(1);
    expect(await reasonOf(authenticate(header(oldKey), { kind: 'tenant', lookup: store, now: now() }))).toBe('expired');
    expect(await reasonOf(authenticate(header(rotated.key), { kind: 'tenant', lookup: store, now: now() }))).toBe('authenticated');
  });

  it('rotate never extends an old key that expires sooner, and refuses revoked keys', async () => {
    const { keys, now } = setup();
    const soon = new Date(now().getTime() + 1000);
    const { summary } = await keys.create({ orgId: 'acme', clientId: 'svc', expiresAt: soon, actor: OPERATOR });
    const { previous } = await keys.rotate(summary.keyId, { orgId: 'acme', overlapMs: 86_400_000, actor: OPERATOR });
    expect(previous.expiresAt).toEqual(soon);
    const other = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    await keys.revoke(other.summary.keyId, { orgId: 'acme', actor: OPERATOR });
    await expect(keys.rotate(other.summary.keyId, { orgId: 'acme', overlapMs: 0, actor: OPERATOR })).rejects.toThrow(/revoked/);
    await expect(keys.rotate(summary.keyId, { orgId: 'acme', overlapMs: -1, actor: OPERATOR })).rejects.toThrow(ApiKeyOptionError);
  });

  it('setExpiry expires a key and audits the change', async () => {
    const { store, keys, events, now } = setup();
    const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    await keys.setExpiry(summary.keyId, { orgId: 'acme', expiresAt: now(), actor: OPERATOR });
    expect(events.at(-1)).toMatchObject({ type: 'api_key.expiry_changed', keyId: summary.keyId, expiresAt: now() });
    expect(await reasonOf(verifyApiKey(key, { kind: 'tenant', lookup: store, now: now() }))).toBe('expired');
  });

  it('audit events never carry the key or its digest', async () => {
    const { store, keys, events } = setup();
    const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    await keys.rotate(summary.keyId, { orgId: 'acme', overlapMs: 0, actor: OPERATOR });
    await keys.revoke(summary.keyId, { orgId: 'acme', actor: OPERATOR });
    const digest = (await store.findByKeyId(summary.keyId))!.digest;
    const text = JSON.stringify(events);
    expect(text).not.toContain(key.expose().slice(20, 64));
    expect(text).not.toContain(digest);
  });
});

describe('verifyApiKey and authenticate', () => {
  it('resolves a tenant key to its org and client through Basic and Bearer', async () => {
    const { store, keys } = setup();
    const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'checkout', actor: OPERATOR });
    const viaBasic = await authenticate(basic('checkout', key.expose()), { kind: 'tenant', lookup: store });
    expect(viaBasic).toEqual({ kind: 'tenant', orgId: 'acme', clientId: 'checkout', keyId: summary.keyId, environment: 'live' });
    const viaBearer = await authenticate(`Bearer ${key.expose()}`, { kind: 'tenant', lookup: store });
    expect(viaBearer.orgId).toBe('acme');
  });

  it('refuses a key presented with another client id', async () => {
    const { store, keys } = setup();
    const { key } = await keys.create({ orgId: 'acme', clientId: 'checkout', actor: OPERATOR });
    expect(await reasonOf(authenticate(basic('billing', key.expose()), { kind: 'tenant', lookup: store }))).toBe('client_mismatch');
  });

  it('never accepts an admin key on a tenant route, nor a tenant key on an admin route', async () => {
    const { store, keys } = setup();
    const tenant = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    const admin = await keys.create({ orgId: null, clientId: 'ops', kind: 'admin', actor: OPERATOR });
    expect(await reasonOf(authenticate(`Bearer ${admin.key.expose()}`, { kind: 'tenant', lookup: store }))).toBe('wrong_key_kind');
    expect(await reasonOf(authenticate(`Bearer ${tenant.key.expose()}`, { kind: 'admin', lookup: store }))).toBe('wrong_key_kind');
    expect(await authenticate(`Bearer ${admin.key.expose()}`, { kind: 'admin', lookup: store })).toEqual({ kind: 'admin', clientId: 'ops', keyId: admin.summary.keyId });
  });

  it('checks the stored kind too, not just the prefix', async () => {
    const { store, keys } = setup();
    const tenant = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    const record = (await store.findByKeyId(tenant.summary.keyId))!;
    const lying: ApiKeyLookup = { findByKeyId: async () => ({ ...record, kind: 'admin', orgId: null }) };
    expect(await reasonOf(verifyApiKey(tenant.key, { kind: 'tenant', lookup: lying }))).toBe('wrong_key_kind');
  });

  it('can restrict to one environment', async () => {
    const { store, keys } = setup();
    const { key } = await keys.create({ orgId: 'acme', clientId: 'svc', environment: 'test', actor: OPERATOR });
    expect(await reasonOf(verifyApiKey(key, { kind: 'tenant', lookup: store, environment: 'live' }))).toBe('wrong_environment');
    expect(await reasonOf(verifyApiKey(key, { kind: 'tenant', lookup: store, environment: 'test' }))).toBe('authenticated');
  });

  it('distinguishes unknown keys, wrong secrets and malformed keys without a lookup for the last', async () => {
    const { store, keys } = setup();
    const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    let lookups = 0;
    const counting: ApiKeyLookup = { findByKeyId: async (id) => { lookups++; return store.findByKeyId(id); } };
    expect(await reasonOf(verifyApiKey(generateApiKey('tenant').value, { kind: 'tenant', lookup: counting }))).toBe('unknown_key');
    // Same key id, different secret, valid checksum: a guessed or leaked key id alone is not enough.
    const head = `gh_live_${summary.keyId}${'A'.repeat(44)}`;
    const { apiKeyChecksum } = await import('../../src/crypto/api-keys/api-key-format.js');
    expect(await reasonOf(verifyApiKey(head + apiKeyChecksum(head), { kind: 'tenant', lookup: counting }))).toBe('invalid_secret');
    const before = lookups;
    const typo = key.expose().slice(0, -1) + (key.expose().endsWith('x') ? 'y' : 'x');
    expect(await reasonOf(verifyApiKey(typo, { kind: 'tenant', lookup: counting }))).toBe('malformed_credentials');
    expect(lookups).toBe(before);
  });

  it('reports a revoked key as revoked only to a holder of the right secret', async () => {
    const { store, keys } = setup();
    const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    await keys.revoke(summary.keyId, { orgId: 'acme', actor: OPERATOR });
    expect(await reasonOf(verifyApiKey(key, { kind: 'tenant', lookup: store }))).toBe('revoked');
    const head = `gh_live_${summary.keyId}${'B'.repeat(44)}`;
    const { apiKeyChecksum } = await import('../../src/crypto/api-keys/api-key-format.js');
    expect(await reasonOf(verifyApiKey(head + apiKeyChecksum(head), { kind: 'tenant', lookup: store }))).toBe('invalid_secret');
  });

  it('a revoked key never authenticates, whatever the scheme, client id or later time (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }), fc.boolean(), fc.constantFrom('live', 'test'), fc.integer({ min: 0, max: 5 }),
      async (later, useBasic, environment, decoys) => {
        const { store, keys, advance, now } = setup();
        for (let i = 0; i < decoys; i++) await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
        const { key, summary } = await keys.create({ orgId: 'acme', clientId: 'svc', environment: environment as 'live' | 'test', actor: OPERATOR });
        await keys.revoke(summary.keyId, { orgId: 'acme', actor: OPERATOR });
        advance(later);
        const header = useBasic ? basic('svc', key.expose()) : `Bearer ${key.expose()}`;
        expect(await reasonOf(authenticate(header, { kind: 'tenant', lookup: store, now: now() }))).toBe('revoked');
      },
    ), { numRuns: 60 });
  });

  it('reports missing and malformed Authorization headers', async () => {
    const { store } = setup();
    const cases: [string | undefined, string][] = [
      [undefined, 'missing_credentials'],
      ['', 'missing_credentials'],
      ['Digest abc', 'malformed_credentials'],
      ['Bearer ', 'malformed_credentials'],
      ['Bearer not-a-key', 'malformed_credentials'],
      ['Basic !!!', 'malformed_credentials'],
      ['B'.repeat(5000), 'malformed_credentials'],
    ];
    for (const [header, reason] of cases) expect(await reasonOf(authenticate(header, { kind: 'tenant', lookup: store }))).toBe(reason);
    expect(await reasonOf(authenticate(`Bearer ${generateApiKey('tenant').value.expose()}`, { kind: 'tenant', lookup: store, schemes: ['basic'] }))).toBe('malformed_credentials');
  });
});

describe('parseBasicAuth', () => {
  it('splits at the first colon, keeping colons in the secret', () => {
    const { clientId, secret } = parseBasicAuth(basic('client-1', 'pa:ss:word'));
    expect(clientId).toBe('client-1');
    expect(secret.expose()).toBe('pa:ss:word');
    expect(String(secret)).toBe('[REDACTED]');
    expect(parseBasicAuth('basic ' + Buffer.from('a:b').toString('base64')).clientId).toBe('a');
  });

  it('decodes UTF-8', () => {
    expect(parseBasicAuth(basic('José', 'pässword')).secret.expose()).toBe('pässword');
  });

  it('throws typed errors for every malformed header, without quoting it', () => {
    const secretish = 'hunter2hunter2';
    const cases: [string | undefined | null, string][] = [
      [undefined, 'missing_credentials'],
      [null, 'missing_credentials'],
      ['   ', 'missing_credentials'],
      ['Bearer abc', 'malformed_credentials'],
      ['Basic', 'malformed_credentials'],
      ['Basic ' + Buffer.from(`nocolon${secretish}`).toString('base64'), 'malformed_credentials'],
      [basic('', secretish), 'malformed_credentials'],
      [basic('client', ''), 'malformed_credentials'],
      // Unpadded base64 is not canonical.
      ['Basic ' + Buffer.from(`client:${secretish}xy`).toString('base64').replace(/=+$/, ''), 'malformed_credentials'],
      ['Basic ' + Buffer.from([0x63, 0x3a, 0xff, 0xfe]).toString('base64'), 'malformed_credentials'],
      [basic('cli\nent', secretish), 'malformed_credentials'],
      ['Basic ' + 'QUFB'.repeat(2000), 'malformed_credentials'],
    ];
    for (const [header, reason] of cases) {
      let err: unknown;
      try {
        parseBasicAuth(header);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AuthenticationError);
      expect((err as AuthenticationError).reason).toBe(reason);
      expect((err as AuthenticationError).code).toBe('UNAUTHENTICATED');
      expect((err as AuthenticationError).message).not.toContain(secretish);
    }
  });
});

describe('resolveRequestOrg', () => {
  const caller = { kind: 'tenant' as const, orgId: 'acme', clientId: 'svc', keyId: 'k', environment: 'live' as const };

  it('the credentials\' org always wins; a body naming it, or none, is fine', () => {
    expect(resolveRequestOrg(caller, undefined)).toBe('acme');
    expect(resolveRequestOrg(caller, null)).toBe('acme');
    expect(resolveRequestOrg(caller, 'acme')).toBe('acme');
  });

  it('a body naming another org is a 403 OrgMismatchError with both orgs for the audit', () => {
    let err: unknown;
    try {
      resolveRequestOrg(caller, 'globex');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OrgMismatchError);
    expect(err).toMatchObject({ code: 'ORG_MISMATCH', status: 403, credentialOrgId: 'acme', requestedOrgId: 'globex' });
    expect(() => resolveRequestOrg(caller, 42)).toThrow(OrgMismatchError);
  });
});

describe('prefixes', () => {
  it('are distinct, so no key can be read as another kind', () => {
    const values = Object.values(API_KEY_PREFIXES);
    for (const a of values) for (const b of values) if (a !== b) expect(a.startsWith(b)).toBe(false);
  });
});

describe('createApiKeyManager: no silent unaudited default', () => {
  it('refuses to start without an audit sink or an explicit "off"', async () => {
    const { createApiKeyManager: make, createMemoryApiKeyStore: memory, ApiKeyOptionError: OptionError } = await import('../../src/crypto/index.js');
    expect(() => make({ store: memory() } as never)).toThrow(OptionError);
    expect(() => make({ store: memory(), audit: 'maybe' } as never)).toThrow(/audit/);
    expect(() => make({ store: memory(), audit: 'off' })).not.toThrow();
  });
});
