/**
 * RBAC on API-key management (issue 5: "`can(identity, permission)` is used by every management
 * operation"): `keys:manage` to create, rotate, revoke and expire, `keys:read` to list, held by
 * a member of the org acted in, or the platform operator. A refused call changes nothing and is
 * reported as `api_key.denied`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES, BUILTIN_ROLE_PERMISSIONS, PermissionDeniedError, createApiKeyManager, createAuthorizer, createMemoryApiKeyStore,
  createMemoryRoleStore, platformOperator, type ApiKeyDeniedEvent, type ApiKeyEvent, type ApiKeyStore, type Authorize,
} from '../../src/crypto/index.js';

const OPERATOR = platformOperator('test-setup');
const member = (roles: string[], orgId = 'acme', id = 'ana@acme.example') => ({ id, orgId, roles });

/** A memory store that counts what reaches it, so a test can show a refusal touched nothing. */
function countingStore(): ApiKeyStore & { reads: number; writes: number } {
  const inner = createMemoryApiKeyStore();
  const counted = {
    reads: 0,
    writes: 0,
    async findByKeyId(keyId: string) { counted.reads++; return inner.findByKeyId(keyId); },
    async listByOrg(orgId: string | null) { counted.reads++; return inner.listByOrg(orgId); },
    async insert(record: Parameters<ApiKeyStore['insert']>[0]) { counted.writes++; return inner.insert(record); },
    async update(keyId: string, patch: Parameters<ApiKeyStore['update']>[1]) { counted.writes++; return inner.update(keyId, patch); },
  };
  return counted;
}

function setup(authorize?: Authorize) {
  const store = countingStore();
  const events: ApiKeyEvent[] = [];
  const keys = createApiKeyManager({ store, audit: (e) => void events.push(e), ...(authorize ? { authorize } : {}) });
  return { store, keys, events };
}

/** Every management operation on one existing key of org acme, as `actor`. */
function operations(keys: ReturnType<typeof setup>['keys'], keyId: string, actor: unknown, orgId: string | null = 'acme') {
  const as = actor as never;
  return {
    create: () => keys.create({ orgId, clientId: 'svc', actor: as }),
    revoke: () => keys.revoke(keyId, { orgId, actor: as }),
    rotate: () => keys.rotate(keyId, { orgId, overlapMs: 0, actor: as }),
    set_expiry: () => keys.setExpiry(keyId, { orgId, expiresAt: null, actor: as }),
    list: () => keys.list(orgId, as),
  };
}

async function deniedBy(call: () => Promise<unknown>): Promise<PermissionDeniedError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PermissionDeniedError);
  return error as PermissionDeniedError;
}

async function seeded(authorize?: Authorize) {
  const s = setup(authorize);
  const { summary } = await s.keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
  const before = { reads: s.store.reads, writes: s.store.writes, events: s.events.length };
  return { ...s, keyId: summary.keyId, before };
}

describe('API-key management needs keys:manage (keys:read to list) in the org acted in', () => {
  it('owner and admin may do everything; the event names the member and the roles it acted with', async () => {
    for (const role of ['owner', 'admin']) {
      const { keys, events, keyId } = await seeded();
      const ops = operations(keys, keyId, member([role]));
      await ops.list();
      await ops.set_expiry();
      await ops.rotate();
      await ops.revoke();
      await ops.create();
      expect(events.filter((e) => e.type !== 'api_key.denied' && e.actor.type === 'member')).toHaveLength(5);
      expect(events.at(-1)).toMatchObject({ type: 'api_key.created', actor: { type: 'member', id: 'ana@acme.example', orgId: 'acme', roles: [role] } });
    }
  });

  it('viewer, approver, policy_admin and auditor may not change keys; only the auditor may list them', async () => {
    for (const role of ['viewer', 'approver', 'policy_admin', 'auditor']) {
      const { keys, store, events, keyId, before } = await seeded();
      const ops = operations(keys, keyId, member([role]));
      for (const op of ['create', 'revoke', 'rotate', 'set_expiry'] as const) {
        expect(await deniedBy(ops[op]), `${role} ${op}`).toMatchObject({ code: 'PERMISSION_DENIED', status: 403, permission: 'keys:manage', reason: 'not_granted', orgId: 'acme' });
      }
      if (role === 'auditor') await ops.list();
      else expect(await deniedBy(ops.list)).toMatchObject({ permission: 'keys:read', reason: 'not_granted' });
      // Refused before any read: a caller without the permission learns nothing about the key.
      expect(store.writes).toBe(before.writes);
      expect(store.reads).toBe(before.reads + (role === 'auditor' ? 1 : 0));
      expect((await store.findByKeyId(keyId))).toMatchObject({ revokedAt: null, expiresAt: null, replacedBy: null });
      const denied = events.slice(before.events) as ApiKeyDeniedEvent[];
      expect(denied.map((e) => [e.type, e.operation])).toEqual([
        ['api_key.denied', 'create'], ['api_key.denied', 'revoke'], ['api_key.denied', 'rotate'], ['api_key.denied', 'set_expiry'],
        ...(role === 'auditor' ? [] : [['api_key.denied', 'list']]),
      ]);
      expect(denied[1]).toMatchObject({ orgId: 'acme', keyId, permission: 'keys:manage', reason: 'not_granted', actor: { type: 'member', roles: [role] } });
    }
  });

  it('a custom role with keys:manage may manage keys through createAuthorizer(roleStore).can', async () => {
    const roles = createMemoryRoleStore();
    await roles.putRole({ orgId: 'acme', name: 'key_custodian', permissions: ['keys:manage'] });
    await roles.putRole({ orgId: 'globex', name: 'key_custodian', permissions: [] });
    const { keys, keyId } = await seeded(createAuthorizer(roles).can);
    const rotated = await keys.rotate(keyId, { orgId: 'acme', overlapMs: 0, actor: member(['key_custodian']) });
    expect(rotated.previous.replacedBy).toBe(rotated.summary.keyId);
    // keys:manage does not imply keys:read, and another org's role of the same name grants nothing here.
    expect(await deniedBy(() => keys.list('acme', member(['key_custodian'])))).toMatchObject({ permission: 'keys:read' });
    const other = await seeded(createAuthorizer(roles).can);
    expect(await deniedBy(() => other.keys.revoke(other.keyId, { orgId: 'acme', actor: member(['key_custodian'], 'globex') }))).toMatchObject({ reason: 'other_org' });
    // Without the role store, the default authorizer knows built-in roles only.
    const builtin = await seeded();
    expect(await deniedBy(() => builtin.keys.revoke(builtin.keyId, { orgId: 'acme', actor: member(['key_custodian']) }))).toMatchObject({ reason: 'not_granted' });
  });

  it('an owner of org B may not touch org A\'s keys, whatever it names', async () => {
    const { keys, store, events, keyId, before } = await seeded();
    const globexOwner = member(['owner'], 'globex', 'mallory@globex.example');
    for (const [op, call] of Object.entries(operations(keys, keyId, globexOwner))) {
      expect(await deniedBy(call), op).toMatchObject({ reason: 'other_org', orgId: 'acme' });
    }
    // Naming its own org instead: allowed to act there, but org A's key is not found there.
    await expect(keys.revoke(keyId, { orgId: 'globex', actor: globexOwner })).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
    expect(store.writes).toBe(before.writes);
    expect(await store.findByKeyId(keyId)).toMatchObject({ revokedAt: null, replacedBy: null });
    expect(events.slice(before.events, before.events + 5).every((e) => e.type === 'api_key.denied' && e.reason === 'other_org' && e.orgId === 'acme')).toBe(true);
  });

  it('admin keys (no org) are the platform operator\'s alone', async () => {
    const { keys, store } = setup();
    const admin = await keys.create({ orgId: null, kind: 'admin', clientId: 'ops', actor: OPERATOR });
    const owner = member(['owner']);
    expect(await deniedBy(() => keys.create({ orgId: null, kind: 'admin', clientId: 'ops2', actor: owner }))).toMatchObject({ reason: 'platform_only', orgId: null });
    for (const [op, call] of Object.entries(operations(keys, admin.summary.keyId, owner, null))) {
      expect(await deniedBy(call), op).toMatchObject({ reason: 'platform_only' });
    }
    expect(await store.findByKeyId(admin.summary.keyId)).toMatchObject({ revokedAt: null });
    expect((await keys.list(null, OPERATOR)).map((k) => k.keyId)).toEqual([admin.summary.keyId]);
    await keys.revoke(admin.summary.keyId, { orgId: null, actor: OPERATOR });
    expect(await store.findByKeyId(admin.summary.keyId)).toMatchObject({ revokedAt: expect.any(Date) });
  });

  it('a missing or malformed actor, or a look-alike of the platform operator, is invalid_actor', async () => {
    const { keys, store, events, keyId, before } = await seeded();
    const lookAlikes: unknown[] = [
      undefined, null, 'ana', {}, { orgId: 'acme', roles: ['owner'] }, { id: '', orgId: 'acme', roles: ['owner'] }, { id: 'ana', orgId: 'acme', roles: 'owner' },
      { id: 'ana', orgId: 'acme' }, { ...OPERATOR }, JSON.parse(JSON.stringify(OPERATOR)), structuredClone(OPERATOR), Object.create(OPERATOR),
    ];
    for (const actor of lookAlikes) {
      expect(await deniedBy(() => keys.revoke(keyId, { orgId: 'acme', actor: actor as never })), JSON.stringify(actor)).toMatchObject({ reason: 'invalid_actor' });
    }
    expect(await deniedBy(() => keys.revoke(keyId, undefined as never))).toMatchObject({ reason: 'invalid_actor' });
    expect(await deniedBy(() => keys.create(undefined as never))).toMatchObject({ reason: 'invalid_actor' });
    expect(store.writes).toBe(before.writes);
    expect(events.at(-1)).toMatchObject({ type: 'api_key.denied', actor: null, reason: 'invalid_actor' });
  });

  it('an authorizer that throws refuses (authorizer_failed, the error as cause) and changes nothing', async () => {
    const outage = new Error('role store down');
    const { keys, store, keyId, before } = await seeded(() => { throw outage; });
    const error = await deniedBy(() => keys.revoke(keyId, { orgId: 'acme', actor: member(['key_custodian']) }));
    expect(error).toMatchObject({ reason: 'authorizer_failed', cause: outage });
    expect(error.message).toContain('could not be checked');
    // Only `true` allows: a truthy non-boolean is a refusal too.
    const truthy = await seeded(() => 'yes' as never);
    expect(await deniedBy(() => truthy.keys.revoke(truthy.keyId, { orgId: 'acme', actor: member(['x']) }))).toMatchObject({ reason: 'not_granted' });
    expect(store.writes).toBe(before.writes);
  });

  it('a denial stays a PermissionDeniedError when its record fails; the sink error is the cause', async () => {
    const store = createMemoryApiKeyStore();
    const sinkDown = new Error('audit down');
    const keys = createApiKeyManager({ store, audit: (e) => { if (e.type === 'api_key.denied') throw sinkDown; } });
    const { summary } = await keys.create({ orgId: 'acme', clientId: 'svc', actor: OPERATOR });
    expect(await deniedBy(() => keys.revoke(summary.keyId, { orgId: 'acme', actor: member(['viewer']) }))).toMatchObject({ reason: 'not_granted', cause: sinkDown });
    expect(await store.findByKeyId(summary.keyId)).toMatchObject({ revokedAt: null });
  });

  it('refuses an authorize option that is not a function when the manager is made', () => {
    expect(() => createApiKeyManager({ store: createMemoryApiKeyStore(), audit: 'off', authorize: createMemoryRoleStore() as never })).toThrow(/options\.authorize must be a function/);
  });

  it('denied events carry no key material and only a well-formed key id', async () => {
    const { keys, events } = setup();
    await deniedBy(() => keys.revoke('not a key id', { orgId: 'acme', actor: member(['viewer']) }));
    expect(events.at(-1)).not.toHaveProperty('keyId');
  });

  it('property: a member may call an operation iff one of its built-in roles grants the permission, and a refusal changes nothing', async () => {
    const roleName = fc.constantFrom(...BUILTIN_ROLES, 'key_custodian', 'Owner', '', 'owner ');
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(roleName, { maxLength: 3 }), fc.constantFrom('create', 'revoke', 'rotate', 'set_expiry', 'list'), fc.constantFrom('acme', 'globex'),
      async (roles, op, actorOrg) => {
        const { keys, store, keyId, before } = await seeded();
        const permission = op === 'list' ? 'keys:read' : 'keys:manage';
        const granted = actorOrg === 'acme' && roles.some((r) => (BUILTIN_ROLES as readonly string[]).includes(r) && BUILTIN_ROLE_PERMISSIONS[r as 'owner'].has(permission));
        const call = operations(keys, keyId, member(roles, actorOrg))[op as 'list'];
        const outcome = await call().then(() => 'allowed', (e: unknown) => (e instanceof PermissionDeniedError ? 'denied' : e));
        expect(outcome).toBe(granted ? 'allowed' : 'denied');
        if (!granted) {
          expect(store.writes).toBe(before.writes);
          expect(await store.findByKeyId(keyId)).toMatchObject({ revokedAt: null, expiresAt: null, replacedBy: null });
        }
      },
    ), { numRuns: 150 });
  });
});

describe('platformOperator', () => {
  it('needs an id that says who is operating', () => {
    for (const bad of ['', '   ', 'x'.repeat(257), 'a\0b', 42, undefined]) expect(() => platformOperator(bad as never)).toThrow(/who is operating/);
    expect(platformOperator('  cli:ana ')).toMatchObject({ kind: 'platform_operator', id: 'cli:ana' });
    expect(Object.isFrozen(platformOperator('cli:ana'))).toBe(true);
  });
});
