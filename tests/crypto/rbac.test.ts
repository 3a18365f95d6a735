import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES, BUILTIN_ROLE_PERMISSIONS, PERMISSIONS, PermissionDeniedError, RoleDefinitionError, can, createAuthorizer, createMemoryRoleStore,
  defineCustomRole, type CustomRole, type Permission, type RoleStore,
} from '../../src/crypto/index.js';

const who = (...roles: string[]) => ({ orgId: 'acme', roles });

describe('built-in roles', () => {
  it('owner can do everything', () => {
    for (const p of PERMISSIONS) expect(can(who('owner'), p)).toBe(true);
  });

  it('admin can do everything but define roles and erase data subjects', () => {
    for (const p of PERMISSIONS) expect(can(who('admin'), p)).toBe(p !== 'roles:manage' && p !== 'subject:erase');
  });

  it.each<[string, Permission, boolean]>([
    ['approver', 'hitl:approve', true],
    ['approver', 'audit:read', false],
    ['approver', 'policy:write', false],
    ['auditor', 'audit:read', true],
    ['auditor', 'audit:export', true],
    ['auditor', 'hitl:approve', false],
    ['auditor', 'provider:configure', false],
    ['policy_admin', 'policy:write', true],
    ['policy_admin', 'audit:read', true],
    ['policy_admin', 'breaker:trip', false],
    ['policy_admin', 'keys:manage', false],
    ['viewer', 'policy:read', true],
    ['viewer', 'audit:read', false],
    ['viewer', 'breaker:trip', false],
    ['viewer', 'keys:manage', false],
  ])('%s → %s: %s', (role, permission, allowed) => {
    expect(can(who(role), permission)).toBe(allowed);
  });

  it('only owner and admin can configure providers, manage keys or trip breakers', () => {
    for (const p of ['provider:configure', 'keys:manage', 'breaker:trip'] as const) {
      expect(BUILTIN_ROLES.filter((r) => can(who(r), p))).toEqual(['owner', 'admin']);
    }
  });

  it('every role\'s permissions are known permissions', () => {
    for (const r of BUILTIN_ROLES) for (const p of BUILTIN_ROLE_PERMISSIONS[r]) expect(PERMISSIONS).toContain(p);
  });

  it('several roles combine', () => {
    expect(can(who('viewer', 'approver'), 'hitl:approve')).toBe(true);
    expect(can(who('viewer', 'approver'), 'audit:read')).toBe(false);
  });
});

describe('failing closed', () => {
  it('unknown roles, unknown permissions and malformed identities grant nothing', () => {
    expect(can(who('superuser'), 'audit:read')).toBe(false);
    expect(can(who('Owner'), 'audit:read')).toBe(false);
    expect(can(who(), 'policy:read')).toBe(false);
    expect(can(who('owner'), 'audit:delete' as Permission)).toBe(false);
    expect(can({ orgId: '', roles: ['owner'] }, 'audit:read')).toBe(false);
    expect(can({ orgId: 'acme', roles: 'owner' } as never, 'audit:read')).toBe(false);
    expect(can(null as never, 'audit:read')).toBe(false);
    expect(can({ orgId: 'acme', roles: [42, null] } as never, 'audit:read')).toBe(false);
  });

  it('no role name outside the built-ins grants anything without a custom role (property)', () => {
    fc.assert(fc.property(fc.array(fc.string()), fc.constantFrom(...PERMISSIONS), (roles, p) => {
      fc.pre(roles.every((r) => !(BUILTIN_ROLES as readonly string[]).includes(r)));
      expect(can({ orgId: 'acme', roles }, p)).toBe(false);
    }));
  });
});

describe('custom roles', () => {
  const releaseManager: CustomRole = defineCustomRole({ orgId: 'acme', name: 'release_manager', permissions: ['policy:read', 'policy:write', 'breaker:trip'] });

  it('grant exactly their permissions, in their own org', () => {
    expect(can(who('release_manager'), 'breaker:trip', [releaseManager])).toBe(true);
    expect(can(who('release_manager'), 'audit:read', [releaseManager])).toBe(false);
    expect(can({ orgId: 'globex', roles: ['release_manager'] }, 'breaker:trip', [releaseManager])).toBe(false);
  });

  it('cannot take a built-in name or grant unknown permissions', () => {
    expect(() => defineCustomRole({ orgId: 'acme', name: 'viewer', permissions: ['keys:manage'] })).toThrow(RoleDefinitionError);
    expect(() => defineCustomRole({ orgId: 'acme', name: 'x', permissions: ['keys:everything'] })).toThrow(/permissions\[0\]/);
    expect(() => defineCustomRole({ orgId: 'acme', name: 'Bad Name', permissions: [] })).toThrow(/name/);
    expect(() => defineCustomRole({ orgId: 'bad org', name: 'x', permissions: [] })).toThrow(/orgId/);
  });

  it('a stored role with an unknown permission string grants nothing for it', () => {
    const junk = { orgId: 'acme', name: 'odd', permissions: ['audit:*'] } as unknown as CustomRole;
    expect(can(who('odd'), 'audit:read', [junk])).toBe(false);
  });
});

describe('authorizer over a role store', () => {
  it('loads the identity\'s org roles and checks them', async () => {
    const roles = createMemoryRoleStore();
    await roles.putRole({ orgId: 'acme', name: 'release_manager', permissions: ['breaker:trip'] });
    await roles.putRole({ orgId: 'globex', name: 'release_manager', permissions: ['audit:read'] });
    const authz = createAuthorizer(roles);
    expect(await authz.can(who('release_manager'), 'breaker:trip')).toBe(true);
    expect(await authz.can(who('release_manager'), 'audit:read')).toBe(false);
    expect(await authz.can({ orgId: 'globex', roles: ['release_manager'] }, 'audit:read')).toBe(true);
    expect(await authz.can(who('approver'), 'hitl:approve')).toBe(true);
  });

  it('require() throws PermissionDeniedError (403) naming the permission', async () => {
    const authz = createAuthorizer(createMemoryRoleStore());
    await expect(authz.require(who('viewer'), 'hitl:approve')).rejects.toThrow(PermissionDeniedError);
    await expect(authz.require(who('viewer'), 'hitl:approve')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', status: 403, permission: 'hitl:approve' });
    await expect(authz.require(who('approver'), 'hitl:approve')).resolves.toBeUndefined();
  });

  it('a deleted role stops granting', async () => {
    const roles = createMemoryRoleStore();
    await roles.putRole({ orgId: 'acme', name: 'temp', permissions: ['audit:read'] });
    const authz = createAuthorizer(roles);
    expect(await authz.can(who('temp'), 'audit:read')).toBe(true);
    expect(await roles.deleteRole('acme', 'temp')).toBe(true);
    expect(await authz.can(who('temp'), 'audit:read')).toBe(false);
  });

  it('a failing role store fails the check instead of allowing', async () => {
    const broken: RoleStore = { listRoles: async () => { throw new Error('db down'); }, putRole: async () => undefined, deleteRole: async () => false };
    const authz = createAuthorizer(broken);
    await expect(authz.can(who('custom'), 'audit:read')).rejects.toThrow('db down');
    // Built-in roles need no lookup.
    expect(await authz.can(who('auditor'), 'audit:read')).toBe(true);
  });

  it('the memory store validates definitions', async () => {
    await expect(createMemoryRoleStore().putRole({ orgId: 'acme', name: 'owner', permissions: [] })).rejects.toThrow(RoleDefinitionError);
  });
});
