/**
 * RBAC on the database-backed management of API keys (`keys:manage`, `keys:read` to list) and
 * provider credentials (`provider:configure`, `provider:read` to list), with custom roles read
 * from the store's roles table. A refused call changes no row; a refused key call is recorded
 * as `api_key.denied` in the chain of the org it acted in, and the chain still verifies.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuditSink, queryAuditRecords, verifyChain } from '../../src/audit/index.js';
import {
  PermissionDeniedError, Secret, authenticate, createApiKeyManager, createAuthorizer, createCredentialVault, createKeyring,
  createKyselyApiKeyLookup, createKyselyApiKeyStore, createKyselyCredentialRepository, createKyselyRoleStore, parseEncryptionKey,
  platformOperator, type ApiKeyManager, type CredentialRepository, type KyselyRoleStore,
} from '../../src/crypto/index.js';
import { withPlatformAdmin } from '../../src/tenancy/index.js';
import { AUDIT_SECRET } from './helpers/audit-fixtures.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

const OPERATOR = platformOperator('test-setup');

async function deniedBy(call: Promise<unknown>): Promise<PermissionDeniedError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PermissionDeniedError);
  return error as PermissionDeniedError;
}

describe(`management permissions over the store (${backend})`, () => {
  let store: TestStore;
  let roles: KyselyRoleStore;
  const orgA = uniqueName('org-a');
  const orgB = uniqueName('org-b');
  const member = (roleNames: string[], orgId = orgA) => ({ id: `${roleNames.join('+') || 'nobody'}@${orgId}`, orgId, roles: roleNames });

  beforeAll(async () => {
    store = await openTestStore();
    roles = createKyselyRoleStore(store);
    await roles.putRole({ orgId: orgA, name: 'key_custodian', permissions: ['keys:manage'] });
    await roles.putRole({ orgId: orgA, name: 'provider_custodian', permissions: ['provider:configure'] });
    // Org B has roles of the same names that grant everything: they must count for nothing in org A.
    await roles.putRole({ orgId: orgB, name: 'key_custodian', permissions: ['keys:manage', 'keys:read'] });
    await roles.putRole({ orgId: orgB, name: 'provider_custodian', permissions: ['provider:configure', 'provider:read'] });
  });
  afterAll(() => store.dispose());

  describe('API keys', () => {
    let builtin: ApiKeyManager;
    let custom: ApiKeyManager;
    /** Org A's api_keys rows as the platform admin sees them. */
    const rowsOfA = () => withPlatformAdmin(store, (trx) => trx.selectFrom('api_keys').selectAll().where('org_id', '=', orgA).orderBy('key_id').execute());
    const auditOfA = async () => (await queryAuditRecords(store, orgA, { order: 'asc' })).records;

    beforeAll(() => {
      const audit = apiKeyAuditSink(store, { auditSecret: AUDIT_SECRET });
      builtin = createApiKeyManager({ store: createKyselyApiKeyStore(store), audit });
      custom = createApiKeyManager({ store: createKyselyApiKeyStore(store), audit, authorize: createAuthorizer(roles).can });
    });

    it('viewer and approver are refused keys:manage: no row changes, and each refusal is in org A\'s chain', async () => {
      const { summary } = await builtin.create({ orgId: orgA, clientId: 'checkout', actor: OPERATOR });
      const rowsBefore = await rowsOfA();
      const recordsBefore = (await auditOfA()).length;
      for (const role of ['viewer', 'approver']) {
        const actor = member([role]);
        for (const call of [
          () => builtin.create({ orgId: orgA, clientId: 'sneaky', actor }),
          () => builtin.revoke(summary.keyId, { orgId: orgA, actor }),
          () => builtin.rotate(summary.keyId, { orgId: orgA, overlapMs: 0, actor }),
          () => builtin.setExpiry(summary.keyId, { orgId: orgA, expiresAt: new Date(0), actor }),
        ]) {
          expect(await deniedBy(call())).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'keys:manage', reason: 'not_granted' });
        }
        expect(await deniedBy(builtin.list(orgA, actor))).toMatchObject({ permission: 'keys:read' });
      }
      expect(await rowsOfA()).toEqual(rowsBefore);
      const denied = (await auditOfA()).slice(recordsBefore);
      expect(denied).toHaveLength(10);
      expect(denied.every((r) => r.stage === 'api_key.denied' && r.verdict === 'deny' && r.clientId === null)).toBe(true);
      expect(denied[1]).toMatchObject({ userId: `viewer@${orgA}` });
      expect(denied[1]!.evaluatedPolicies.map((p) => p.id)).toEqual([
        'operation:revoke', 'permission:keys:manage', 'reason:not_granted', `api_key:${summary.keyId}`, 'actor:member',
      ]);
      expect(await verifyChain(store, orgA, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, problems: [] });
    });

    it('admin and owner may manage keys; the records name them as members', async () => {
      for (const role of ['admin', 'owner']) {
        const actor = member([role]);
        const { summary } = await builtin.create({ orgId: orgA, clientId: `by-${role}`, actor });
        await builtin.setExpiry(summary.keyId, { orgId: orgA, expiresAt: new Date(Date.now() + 60_000), actor });
        const rotated = await builtin.rotate(summary.keyId, { orgId: orgA, overlapMs: 0, actor });
        await builtin.revoke(rotated.summary.keyId, { orgId: orgA, actor });
        expect((await builtin.list(orgA, actor)).map((k) => k.keyId)).toContain(rotated.summary.keyId);
      }
      const last = (await auditOfA()).at(-1)!;
      expect(last).toMatchObject({ stage: 'api_key.revoked', verdict: 'allow', userId: `owner@${orgA}` });
      expect(last.evaluatedPolicies.at(-1)!.id).toBe('actor:member');
    });

    it('a custom role with keys:manage may manage keys through createAuthorizer(the store\'s roles)', async () => {
      const actor = member(['key_custodian']);
      const { summary } = await custom.create({ orgId: orgA, clientId: 'custodial', actor });
      await custom.revoke(summary.keyId, { orgId: orgA, actor });
      expect((await rowsOfA()).find((r) => r.key_id === summary.keyId)!.revoked_at).toBeInstanceOf(Date);
      // The built-in authorizer does not know the role; and keys:manage is not keys:read.
      expect(await deniedBy(builtin.create({ orgId: orgA, clientId: 'custodial', actor }))).toMatchObject({ reason: 'not_granted' });
      expect(await deniedBy(custom.list(orgA, actor))).toMatchObject({ permission: 'keys:read' });
    });

    it('an actor of org B, even an owner or B\'s own key_custodian, is refused on org A\'s keys', async () => {
      const { key, summary } = await builtin.create({ orgId: orgA, clientId: 'victim', actor: OPERATOR });
      const rowsBefore = await rowsOfA();
      const recordsOfB = (await queryAuditRecords(store, orgB)).records.length;
      for (const actor of [member(['owner'], orgB), member(['key_custodian'], orgB)]) {
        expect(await deniedBy(custom.revoke(summary.keyId, { orgId: orgA, actor }))).toMatchObject({ reason: 'other_org', orgId: orgA });
        expect(await deniedBy(custom.create({ orgId: orgA, clientId: 'planted', actor }))).toMatchObject({ reason: 'other_org' });
        expect(await deniedBy(custom.list(orgA, actor))).toMatchObject({ reason: 'other_org' });
        // In its own org it may act, and org A's key is simply not there.
        await expect(custom.revoke(summary.keyId, { orgId: orgB, actor })).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
      }
      expect(await rowsOfA()).toEqual(rowsBefore);
      const lookup = createKyselyApiKeyLookup(store);
      expect((await authenticate(`Bearer ${key.expose()}`, { kind: 'tenant', lookup })).orgId).toBe(orgA);
      // The attempts are org A's business: recorded in A's chain, none in B's.
      const denials = (await auditOfA()).filter((r) => r.stage === 'api_key.denied' && r.evaluatedPolicies.some((p) => p.id === 'reason:other_org'));
      expect(denials).toHaveLength(6);
      expect((await queryAuditRecords(store, orgB)).records).toHaveLength(recordsOfB);
      expect((await verifyChain(store, orgA, { auditSecret: AUDIT_SECRET })).valid).toBe(true);
    });
  });

  describe('provider credentials', () => {
    const vault = createCredentialVault({ keyring: createKeyring(parseEncryptionKey(`k1:${randomBytes(32).toString('base64')}`)), nodeEnv: 'production' });
    let builtin: CredentialRepository;
    let custom: CredentialRepository;
    const rowsOfA = () => withPlatformAdmin(store, (trx) => trx.selectFrom('credentials').selectAll().where('org_id', '=', orgA).orderBy('credential_id').execute());
    const input = (credentialId: string, secret: string, actor: unknown) => ({ orgId: orgA, credentialId, name: credentialId, kind: 'openai', secret: new Secret(secret), actor: actor as never });

    beforeAll(async () => {
      builtin = createKyselyCredentialRepository(store, vault);
      custom = createKyselyCredentialRepository(store, vault, { authorize: createAuthorizer(roles).can });
      await builtin.store(input('openai-prod', 'sk-original', OPERATOR));
    });

    it('viewer and approver are refused provider:configure and no row changes; they may still list (provider:read)', async () => {
      const before = await rowsOfA();
      for (const role of ['viewer', 'approver']) {
        const actor = member([role]);
        for (const call of [
          () => builtin.store(input('openai-prod', 'sk-attacker', actor)),
          () => builtin.store(input('new-one', 'sk-attacker', actor)),
          () => builtin.delete(orgA, 'openai-prod', actor),
          () => builtin.rotateAll(orgA, actor),
        ]) {
          expect(await deniedBy(call())).toMatchObject({ permission: 'provider:configure', reason: 'not_granted' });
        }
        expect((await builtin.list(orgA, actor)).map((c) => c.credentialId)).toEqual(['openai-prod']);
      }
      expect(await rowsOfA()).toEqual(before);
      expect((await builtin.get(orgA, 'openai-prod'))?.expose()).toBe('sk-original');
    });

    it('admin and owner may store, rotate and delete', async () => {
      for (const role of ['admin', 'owner']) {
        const actor = member([role]);
        await builtin.store(input(`by-${role}`, `sk-${role}`, actor));
        expect(await builtin.rotateAll(orgA, actor)).toMatchObject({ orgId: orgA, failed: [] });
        expect(await builtin.delete(orgA, `by-${role}`, actor)).toBe(true);
      }
    });

    it('a custom role with provider:configure may configure through createAuthorizer(the store\'s roles)', async () => {
      const actor = member(['provider_custodian']);
      await custom.store(input('anthropic', 'sk-ant', actor));
      expect((await custom.get(orgA, 'anthropic'))?.expose()).toBe('sk-ant');
      expect(await custom.delete(orgA, 'anthropic', actor)).toBe(true);
      expect(await deniedBy(builtin.store(input('anthropic', 'sk-ant', actor)))).toMatchObject({ reason: 'not_granted' });
      // provider:configure is not provider:read.
      expect(await deniedBy(custom.list(orgA, actor))).toMatchObject({ permission: 'provider:read' });
    });

    it('an actor of org B is refused on org A\'s credentials, and only the platform operator may rotate every org', async () => {
      const before = await rowsOfA();
      for (const actor of [member(['owner'], orgB), member(['provider_custodian'], orgB)]) {
        expect(await deniedBy(custom.store(input('openai-prod', 'sk-from-b', actor)))).toMatchObject({ reason: 'other_org' });
        expect(await deniedBy(custom.delete(orgA, 'openai-prod', actor))).toMatchObject({ reason: 'other_org' });
        expect(await deniedBy(custom.list(orgA, actor))).toMatchObject({ reason: 'other_org' });
        expect(await deniedBy(custom.rotateAll(orgA, actor))).toMatchObject({ reason: 'other_org' });
      }
      expect(await deniedBy(custom.rotateAllOrgs(member(['owner']) as never))).toMatchObject({ reason: 'platform_only' });
      expect(await deniedBy(custom.store(input('openai-prod', 'sk-x', undefined)))).toMatchObject({ reason: 'invalid_actor' });
      expect(await rowsOfA()).toEqual(before);
      expect((await custom.get(orgA, 'openai-prod'))?.expose()).toBe('sk-original');
      expect(Array.isArray(await custom.rotateAllOrgs(OPERATOR))).toBe(true);
    });
  });
});
