/**
 * API keys in the database (src/crypto/stores): the manager's lifecycle under row-level
 * security, and the request path's lookup through the narrow SECURITY DEFINER function.
 *
 * Constant-time note: the presented secret never reaches SQL. lookup_api_key() takes only the
 * public key id (a test below checks its signature), and verifyApiKey compares the SHA-256
 * digests in the application with crypto.timingSafeEqual, against a decoy digest when the id
 * is unknown. An "=" on the digest in SQL would be an early-exit comparison.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyNotFoundError, ApiKeyOptionError, AuthenticationError, apiKeyDigest, authenticate, createApiKeyManager, createKyselyApiKeyLookup,
  createKyselyApiKeyStore, generateApiKey, parseApiKey, platformOperator, type ApiKeyEvent, type ApiKeyManager, type ApiKeyStore,
} from '../../src/crypto/index.js';
import { apiKeyChecksum } from '../../src/crypto/api-keys/api-key-format.js';
import { withPlatformAdmin, withTenant, type GatehouseStore } from '../../src/tenancy/index.js';
import { asRole, backend, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';

const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const CHECK_VIOLATION = '23514';
const PERMISSION_DENIED = '42501';
/** Trusted test setup: may manage any org's keys. */
const OPERATOR = platformOperator('test-setup');

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AuthenticationError) return e.reason;
    throw e;
  }
  return 'authenticated';
}

/** Calls the lookup function as the app role with no org set, the way a request does. */
async function callLookup(store: GatehouseStore, keyId: string | null): Promise<Record<string, unknown>[]> {
  const fn = sql.id(store.schema, 'lookup_api_key');
  return (await sql<Record<string, unknown>>`select * from ${fn}(${keyId})`.execute(store.app)).rows;
}

describe(`API keys in the database (${backend})`, () => {
  let store: TestStore;
  let keyStore: ApiKeyStore;
  let keys: ApiKeyManager;
  const events: ApiKeyEvent[] = [];
  let clock = new Date('2026-03-01T00:00:00Z').getTime();
  const now = () => new Date(clock);
  const orgA = uniqueName('org-a');
  const orgB = uniqueName('org-b');
  const alice = { id: 'alice', orgId: orgA, roles: ['admin'] };
  const bob = { id: 'bob', orgId: orgA, roles: ['owner'] };

  beforeAll(async () => {
    store = await openTestStore();
    keyStore = createKyselyApiKeyStore(store);
    keys = createApiKeyManager({ store: keyStore, audit: (e) => void events.push(e), now });
  });
  afterAll(() => store.dispose());

  describe('lifecycle under row-level security', () => {
    it('creates a key that authenticates to its org and client through the DB lookup', async () => {
      const { key, summary } = await keys.create({ orgId: orgA, clientId: 'checkout', name: 'ci', actor: alice });
      const lookup = createKyselyApiKeyLookup(store);
      const caller = await authenticate(basic('checkout', key.expose()), { kind: 'tenant', lookup, now: now() });
      expect(caller).toEqual({ kind: 'tenant', orgId: orgA, clientId: 'checkout', keyId: summary.keyId, environment: 'live' });
      expect(await authenticate(`Bearer ${key.expose()}`, { kind: 'tenant', lookup, now: now() })).toMatchObject({ orgId: orgA });
      expect(await reasonOf(authenticate(basic('someone-else', key.expose()), { kind: 'tenant', lookup, now: now() }))).toBe('client_mismatch');
      expect(events.at(-1)).toMatchObject({ type: 'api_key.created', orgId: orgA, keyId: summary.keyId, actor: { type: 'member', id: 'alice', orgId: orgA, roles: ['admin'] } });
    });

    it('stores only the SHA-256 digest: no column holds the key or its secret part', async () => {
      const { key, summary } = await keys.create({ orgId: orgA, clientId: 'digest-check', actor: OPERATOR });
      const row = await withPlatformAdmin(store, (trx) => trx.selectFrom('api_keys').selectAll().where('key_id', '=', summary.keyId).executeTakeFirstOrThrow());
      expect(Buffer.from(row.key_hash).toString('hex')).toBe(createHash('sha256').update(key.expose()).digest('hex'));
      const secretPart = key.expose().slice(20, 64);
      const dump = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
      expect(dump).not.toContain(secretPart);
      expect(dump).not.toContain(Buffer.from(secretPart).toString('hex'));
      expect(dump).not.toContain(Buffer.from(secretPart).toString('base64').slice(0, 40));
    });

    it('lists an org\'s keys only, newest first, without digests', async () => {
      const b = await keys.create({ orgId: orgB, clientId: 'other', actor: OPERATOR });
      clock += 1000;
      const newest = await keys.create({ orgId: orgA, clientId: 'newest', actor: OPERATOR });
      const listed = await keys.list(orgA, OPERATOR);
      expect(listed[0]!.keyId).toBe(newest.summary.keyId);
      expect(listed.every((s) => s.orgId === orgA)).toBe(true);
      expect(listed.map((s) => s.keyId)).not.toContain(b.summary.keyId);
      expect(listed.some((s) => 'digest' in s)).toBe(false);
      expect((await keys.list(orgB, OPERATOR)).map((s) => s.keyId)).toEqual([b.summary.keyId]);
    });

    it('revokes: the key stops authenticating at once, and the record keeps when', async () => {
      const { key, summary } = await keys.create({ orgId: orgA, clientId: 'to-revoke', actor: OPERATOR });
      const lookup = createKyselyApiKeyLookup(store);
      await keys.revoke(summary.keyId, { orgId: orgA, actor: bob });
      expect(await reasonOf(authenticate(basic('to-revoke', key.expose()), { kind: 'tenant', lookup, now: now() }))).toBe('revoked');
      // Even a caller whose clock lags the revocation: the lookup reports revocation as a flag.
      expect(await reasonOf(authenticate(basic('to-revoke', key.expose()), { kind: 'tenant', lookup, now: new Date(clock - 3_600_000) }))).toBe('revoked');
      expect((await keyStore.findByKeyId(summary.keyId))?.revokedAt).toEqual(now());
      expect(events.at(-1)).toMatchObject({ type: 'api_key.revoked', keyId: summary.keyId, actor: { type: 'member', id: 'bob' } });
    });

    it('rotates with an overlap window: both keys work until it ends, then only the new one', async () => {
      const lookup = createKyselyApiKeyLookup(store);
      const old = await keys.create({ orgId: orgA, clientId: 'rotating', environment: 'test', actor: OPERATOR });
      const rotated = await keys.rotate(old.summary.keyId, { orgId: orgA, overlapMs: 60_000, actor: OPERATOR });
      expect(rotated.summary).toMatchObject({ orgId: orgA, clientId: 'rotating', environment: 'test' });
      expect(rotated.previous).toMatchObject({ replacedBy: rotated.summary.keyId, expiresAt: new Date(clock + 60_000) });
      const auth = (k: typeof old.key, at: number) => reasonOf(authenticate(basic('rotating', k.expose()), { kind: 'tenant', lookup, now: new Date(at) }));
      expect(await auth(old.key, clock + 59_999)).toBe('authenticated');
      expect(await auth(rotated.key, clock + 59_999)).toBe('authenticated');
      expect(await auth(old.key, clock + 60_000)).toBe('expired');
      expect(await auth(rotated.key, clock + 60_000)).toBe('authenticated');
    });

    it('sets and clears an expiry', async () => {
      const lookup = createKyselyApiKeyLookup(store);
      const { key, summary } = await keys.create({ orgId: orgA, clientId: 'expiring', actor: OPERATOR });
      await keys.setExpiry(summary.keyId, { orgId: orgA, expiresAt: new Date(clock + 1000), actor: OPERATOR });
      expect(await reasonOf(authenticate(basic('expiring', key.expose()), { kind: 'tenant', lookup, now: new Date(clock + 1000) }))).toBe('expired');
      await keys.setExpiry(summary.keyId, { orgId: orgA, expiresAt: null, actor: OPERATOR });
      expect(await reasonOf(authenticate(basic('expiring', key.expose()), { kind: 'tenant', lookup, now: new Date(clock + 1000) }))).toBe('authenticated');
      expect(events.filter((e) => e.keyId === summary.keyId).map((e) => e.type)).toEqual(['api_key.created', 'api_key.expiry_changed', 'api_key.expiry_changed']);
    });

    it('another org\'s key is "not found" for management, and stays untouched', async () => {
      const { key, summary } = await keys.create({ orgId: orgB, clientId: 'victim', actor: OPERATOR });
      await expect(keys.revoke(summary.keyId, { orgId: orgA, actor: OPERATOR })).rejects.toBeInstanceOf(ApiKeyNotFoundError);
      await expect(keys.rotate(summary.keyId, { orgId: orgA, overlapMs: 0, actor: OPERATOR })).rejects.toBeInstanceOf(ApiKeyNotFoundError);
      await expect(keys.setExpiry(summary.keyId, { orgId: orgA, expiresAt: new Date(0), actor: OPERATOR })).rejects.toBeInstanceOf(ApiKeyNotFoundError);
      const lookup = createKyselyApiKeyLookup(store);
      expect(await reasonOf(authenticate(basic('victim', key.expose()), { kind: 'tenant', lookup, now: now() }))).toBe('authenticated');
    });

    it('refuses admin keys (they belong to no org, so not to a row-level-security table)', async () => {
      await expect(keys.create({ orgId: null, clientId: 'ops', kind: 'admin', actor: OPERATOR })).rejects.toBeInstanceOf(ApiKeyOptionError);
      await expect(keys.list(null, OPERATOR)).rejects.toBeInstanceOf(ApiKeyOptionError);
    });

    it('an admin key on a tenant route, or a tenant key on an admin route, is refused before any lookup', async () => {
      const { key } = await keys.create({ orgId: orgA, clientId: 'tenant-only', actor: OPERATOR });
      const lookup = createKyselyApiKeyLookup(store);
      expect(await reasonOf(authenticate(`Bearer ${key.expose()}`, { kind: 'admin', lookup, now: now() }))).toBe('wrong_key_kind');
      expect(await reasonOf(authenticate(`Bearer ${generateApiKey('admin').value.expose()}`, { kind: 'tenant', lookup, now: now() }))).toBe('wrong_key_kind');
    });

    it('a wrong secret with a real key id is invalid_secret; an unknown id is unknown_key', async () => {
      const { key } = await keys.create({ orgId: orgA, clientId: 'guessed', actor: OPERATOR });
      const lookup = createKyselyApiKeyLookup(store);
      // The real key id with another secret, and a valid checksum, so it passes the offline checks.
      const head = `gh_live_${parseApiKey(key)!.keyId}${generateApiKey('tenant').value.expose().slice(20, 64)}`;
      const forged = head + apiKeyChecksum(head);
      expect(parseApiKey(forged)).toBeDefined();
      expect(await reasonOf(authenticate(`Bearer ${forged}`, { kind: 'tenant', lookup, now: now() }))).toBe('invalid_secret');
      expect(await reasonOf(authenticate(`Bearer ${generateApiKey('tenant').value.expose()}`, { kind: 'tenant', lookup, now: now() }))).toBe('unknown_key');
    });
  });

  describe('the lookup function', () => {
    let keyA: string;
    let keyB: string;
    beforeAll(async () => {
      keyA = (await keys.create({ orgId: orgA, clientId: 'fn-a', actor: OPERATOR })).summary.keyId;
      keyB = (await keys.create({ orgId: orgB, clientId: 'fn-b', actor: OPERATOR })).summary.keyId;
    });

    it('returns exactly one row for a key id, with only the org id and the digest', async () => {
      const rows = await callLookup(store, keyB);
      expect(rows).toHaveLength(1);
      expect(Object.keys(rows[0]!).sort()).toEqual(['key_hash', 'org_id']);
      expect(rows[0]).toMatchObject({ org_id: orgB });
    });

    it('cannot be used to enumerate: patterns, prefixes, empty, NULL and look-alikes return nothing', async () => {
      const probes = ['%', '_', '', '.*', `${keyA.slice(0, 11)}%`, keyA.slice(0, 11), `${keyA} `, ` ${keyA}`, keyA.toLowerCase() === keyA ? keyA.toUpperCase() : keyA.toLowerCase(),
        `gh_live_${keyA}`, `${keyA}' or '1'='1`, `${keyA}${keyB}`, '000000000000'];
      for (const probe of probes) expect(await callLookup(store, probe), probe).toEqual([]);
      expect(await callLookup(store, null)).toEqual([]);
      // Every stored key: one id in, one row out.
      const all = await withPlatformAdmin(store, (trx) => trx.selectFrom('api_keys').select('key_id').execute());
      expect(all.length).toBeGreaterThan(5);
      for (const { key_id } of all) expect((await callLookup(store, key_id)).length).toBe(1);
    });

    it('takes one text argument, the public key id: the secret is compared in the app, in constant time', async () => {
      const { rows } = await sql<{ args: string; result: string; secdef: boolean; config: string[] | null; owner: string }>`
        select pg_get_function_identity_arguments(p.oid) as args, pg_get_function_result(p.oid) as result, p.prosecdef as secdef,
               p.proconfig as config, pg_get_userbyid(p.proowner) as owner
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = ${store.schema} and p.proname = 'lookup_api_key'`.execute(store.admin);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.args).toBe('presented_key_id text');
      expect(rows[0]!.secdef).toBe(true);
      expect(rows[0]!.owner).toBe(store.roles.owner);
      expect(rows[0]!.config).toEqual(['search_path=pg_catalog, pg_temp']);
      expect(rows[0]!.result).not.toMatch(/name|created_at|revoked_at|replaced_by|scopes/);
    });

    it('may be executed by the app role only (not PUBLIC, not the platform admin)', async () => {
      const signature = `"${store.schema}".lookup_api_key(text)`;
      const { rows } = await sql<{ app: boolean; admin: boolean; acl: string }>`
        select has_function_privilege(${store.roles.app}, ${signature}, 'EXECUTE') as app,
               has_function_privilege(${store.roles.admin}, ${signature}, 'EXECUTE') as admin,
               (select proacl::text from pg_proc where oid = ${signature}::regprocedure) as acl`.execute(store.admin);
      expect(rows[0]).toMatchObject({ app: true, admin: false });
      // No "=X/..." entry: PUBLIC's default EXECUTE was revoked.
      expect(rows[0]!.acl).not.toMatch(/[{,]=X/);
      const asAdmin = asRole(store, store.roles.admin, null, (trx) => sql`select * from ${sql.id(store.schema, 'lookup_api_key')}(${keyA})`.execute(trx));
      expect(await sqlStateOf(asAdmin)).toBe(PERMISSION_DENIED);
    });

    it('leaves no lookup setting behind in the caller\'s transaction', async () => {
      const leftover = await asRole(store, store.roles.app, null, async (trx) => {
        await sql`select * from ${sql.id(store.schema, 'lookup_api_key')}(${keyA})`.execute(trx);
        return (await sql<{ v: string | null }>`select current_setting('gatehouse.api_key_lookup', true) as v`.execute(trx)).rows[0]!.v;
      });
      expect(leftover ?? '').toBe('');
    });
  });

  describe('the app role still cannot read other orgs\' keys directly', () => {
    let keyB: string;
    beforeAll(async () => {
      keyB = (await keys.create({ orgId: orgB, clientId: 'direct-b', actor: OPERATOR })).summary.keyId;
    });

    it('in org A\'s context, a SELECT naming org B\'s key finds nothing', async () => {
      const rows = await withTenant(store, orgA, (trx) => trx.selectFrom('api_keys').selectAll().where('key_id', '=', keyB).execute());
      expect(rows).toEqual([]);
      const all = await withTenant(store, orgA, (trx) => trx.selectFrom('api_keys').select('org_id').execute());
      expect(all.length).toBeGreaterThan(0);
      expect(new Set(all.map((r) => r.org_id))).toEqual(new Set([orgA]));
    });

    it('with no org context, the app role sees no rows at all', async () => {
      expect(await store.app.selectFrom('api_keys').selectAll().execute()).toEqual([]);
    });

    it('setting the lookup variable itself gains the app role nothing (the exception is for the owner role)', async () => {
      const rows = await asRole(store, store.roles.app, orgA, async (trx) => {
        await sql`select set_config('gatehouse.api_key_lookup', ${keyB}, true)`.execute(trx);
        return trx.selectFrom('api_keys').select('key_id').where('key_id', '=', keyB).execute();
      });
      expect(rows).toEqual([]);
    });

    it('a tenant cannot plant an admin-kind key in its own org', async () => {
      const planted = generateApiKey('tenant');
      const insert = asRole(store, store.roles.app, orgA, (trx) =>
        sql`insert into ${sql.id(store.schema, 'api_keys')} (org_id, key_id, name, key_hash, client_id, kind)
            values (${orgA}, ${planted.keyId}, 'x', ${Buffer.from(apiKeyDigest(planted.value), 'hex')}, 'x', 'admin')`.execute(trx));
      expect(await sqlStateOf(insert)).toBe(CHECK_VIOLATION);
    });

    it('a key id is unique across orgs, so the lookup can never be ambiguous', async () => {
      const record = await keyStore.findByKeyId(keyB);
      expect(record?.orgId).toBe(orgB);
      await expect(keyStore.insert({ ...record!, orgId: orgA })).rejects.toBeInstanceOf(ApiKeyOptionError);
      expect((await callLookup(store, keyB)).map((r) => r.org_id)).toEqual([orgB]);
    });
  });

  it('the request path never touches the admin connection', async () => {
    const { key } = await keys.create({ orgId: orgA, clientId: 'app-only', actor: OPERATOR });
    // The real store, with its admin connection made to throw while the request path runs.
    const admin = store.admin;
    Object.defineProperty(store, 'admin', { configurable: true, get: () => { throw new Error('the admin connection was used'); } });
    try {
      const caller = await authenticate(basic('app-only', key.expose()), { kind: 'tenant', lookup: createKyselyApiKeyLookup(store), now: now() });
      expect(caller.orgId).toBe(orgA);
    } finally {
      Object.defineProperty(store, 'admin', { configurable: true, writable: true, value: admin });
    }
  });

  it('property: a revoked key never authenticates, through the DB store, however it is presented and whenever', async () => {
    const lookup = createKyselyApiKeyLookup(store);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(), // org A or org B
        fc.constantFrom<'live' | 'test'>('live', 'test'),
        fc.boolean(), // rotate before revoking
        fc.option(fc.integer({ min: 1, max: 10 ** 9 }), { nil: null }), // expiry offset, if any
        fc.integer({ min: -(10 ** 9), max: 10 ** 10 }), // when the caller checks, relative to the revocation
        fc.boolean(), // Basic or Bearer
        async (inA, environment, rotateFirst, expiryOffset, checkOffset, useBasic) => {
          const org = inA ? orgA : orgB;
          const created = await keys.create({ orgId: org, clientId: 'prop', environment, expiresAt: expiryOffset === null ? null : new Date(clock + expiryOffset), actor: OPERATOR });
          let key = created.key;
          let keyId = created.summary.keyId;
          if (rotateFirst) {
            const r = await keys.rotate(keyId, { orgId: org, overlapMs: 10 ** 10, actor: OPERATOR });
            key = r.key;
            keyId = r.summary.keyId;
          }
          await keys.revoke(keyId, { orgId: org, actor: OPERATOR });
          const header = useBasic ? basic('prop', key.expose()) : `Bearer ${key.expose()}`;
          const reason = await reasonOf(authenticate(header, { kind: 'tenant', lookup, now: new Date(clock + checkOffset) }));
          expect(reason).toBe('revoked');
        },
      ),
      { numRuns: 12 },
    );
  });
});
