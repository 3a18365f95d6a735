/**
 * Custom roles and role bindings in the database (src/crypto/stores), and can() over them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidIdentifierError, PermissionDeniedError, RoleDefinitionError, RoleNotFoundError, can, createAuthorizer, createKyselyRoleStore,
  defineCustomRole, type CustomRole, type KyselyRoleStore,
} from '../../src/crypto/index.js';
import { withTenant } from '../../src/tenancy/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe(`roles in the database (${backend})`, () => {
  let store: TestStore;
  let roles: KyselyRoleStore;
  const orgA = uniqueName('org-a');
  const orgB = uniqueName('org-b');

  beforeAll(async () => {
    store = await openTestStore();
    roles = createKyselyRoleStore(store);
  });
  afterAll(() => store.dispose());

  it('stores, replaces, lists and deletes an org\'s custom roles', async () => {
    await roles.putRole(defineCustomRole({ orgId: orgA, name: 'release_manager', description: 'ships', permissions: ['policy:write', 'breaker:trip'] }));
    await roles.putRole(defineCustomRole({ orgId: orgA, name: 'release_manager', permissions: ['policy:write'] }));
    await roles.putRole(defineCustomRole({ orgId: orgA, name: 'analyst', permissions: ['audit:read'] }));
    expect(await roles.listRoles(orgA)).toEqual([
      { orgId: orgA, name: 'analyst', permissions: ['audit:read'] },
      { orgId: orgA, name: 'release_manager', permissions: ['policy:write'] },
    ]);
    expect(await roles.deleteRole(orgA, 'analyst')).toBe(true);
    expect(await roles.deleteRole(orgA, 'analyst')).toBe(false);
    expect((await roles.listRoles(orgA)).map((r) => r.name)).toEqual(['release_manager']);
  });

  it('validates definitions: built-in names and unknown permissions are refused', async () => {
    await expect(roles.putRole({ orgId: orgA, name: 'owner', permissions: ['audit:read'] })).rejects.toBeInstanceOf(RoleDefinitionError);
    await expect(roles.putRole({ orgId: orgA, name: 'x', permissions: ['root:everything' as never] })).rejects.toBeInstanceOf(RoleDefinitionError);
  });

  it('one org never sees or changes another org\'s roles', async () => {
    expect(await roles.listRoles(orgB)).toEqual([]);
    expect(await roles.deleteRole(orgB, 'release_manager')).toBe(false);
    expect((await roles.listRoles(orgA)).map((r) => r.name)).toEqual(['release_manager']);
    const direct = await withTenant(store, orgB, (trx) => trx.selectFrom('roles').selectAll().where('org_id', '=', orgA).execute());
    expect(direct).toEqual([]);
  });

  it('binds built-in and defined custom roles; an undefined custom role is RoleNotFoundError', async () => {
    await roles.bindRole(orgA, 'user:1', 'viewer');
    await roles.bindRole(orgA, 'user:1', 'release_manager');
    await roles.bindRole(orgA, 'user:1', 'release_manager'); // idempotent
    expect(await roles.rolesOf(orgA, 'user:1')).toEqual(['release_manager', 'viewer']);
    await expect(roles.bindRole(orgA, 'user:1', 'ghost')).rejects.toBeInstanceOf(RoleNotFoundError);
    // Org B has no release_manager, so it cannot bind one.
    await expect(roles.bindRole(orgB, 'user:1', 'release_manager')).rejects.toBeInstanceOf(RoleNotFoundError);
    expect(await roles.rolesOf(orgB, 'user:1')).toEqual([]);
    expect(await roles.unbindRole(orgA, 'user:1', 'viewer')).toBe(true);
    expect(await roles.unbindRole(orgA, 'user:1', 'viewer')).toBe(false);
    expect(await roles.identityOf(orgA, 'user:1')).toEqual({ orgId: orgA, roles: ['release_manager'] });
  });

  it('deleting a custom role removes its bindings, so a role defined again later does not revive them', async () => {
    await roles.putRole(defineCustomRole({ orgId: orgA, name: 'temp_admin', permissions: ['keys:manage'] }));
    await roles.bindRole(orgA, 'user:2', 'temp_admin');
    expect(await roles.deleteRole(orgA, 'temp_admin')).toBe(true);
    await roles.putRole(defineCustomRole({ orgId: orgA, name: 'temp_admin', permissions: ['keys:manage'] }));
    expect(await roles.rolesOf(orgA, 'user:2')).toEqual([]);
    expect(await createAuthorizer(roles).can(await roles.identityOf(orgA, 'user:2'), 'keys:manage')).toBe(false);
  });

  it('end to end: a custom role granting hitl:approve in org A does nothing in org B', async () => {
    await roles.putRole(defineCustomRole({ orgId: orgA, name: 'release_approver', permissions: ['hitl:approve'] }));
    await roles.bindRole(orgA, 'user:42', 'release_approver');
    const authz = createAuthorizer(roles);

    const inA = await roles.identityOf(orgA, 'user:42');
    expect(inA.roles).toEqual(['release_approver']);
    expect(await authz.can(inA, 'hitl:approve')).toBe(true);
    await expect(authz.require(inA, 'hitl:approve')).resolves.toBeUndefined();
    expect(await authz.can(inA, 'audit:read')).toBe(false);

    // The same subject in org B holds nothing there.
    const inB = await roles.identityOf(orgB, 'user:42');
    expect(inB).toEqual({ orgId: orgB, roles: [] });
    expect(await authz.can(inB, 'hitl:approve')).toBe(false);
    // Claiming the role name in org B grants nothing either: B's roles are loaded, not A's.
    const claimed = { orgId: orgB, roles: ['release_approver'] };
    expect(await authz.can(claimed, 'hitl:approve')).toBe(false);
    await expect(authz.require(claimed, 'hitl:approve')).rejects.toBeInstanceOf(PermissionDeniedError);
    // Even handed org A's roles directly, can() ignores a role of another org.
    expect(can(claimed, 'hitl:approve', await roles.listRoles(orgA))).toBe(false);
    // And org B defining a role of the same name, without the permission, changes nothing in A or B.
    await roles.putRole(defineCustomRole({ orgId: orgB, name: 'release_approver', permissions: ['policy:read'] }));
    await roles.bindRole(orgB, 'user:42', 'release_approver');
    expect(await authz.can(await roles.identityOf(orgB, 'user:42'), 'hitl:approve')).toBe(false);
    expect(await authz.can(await roles.identityOf(orgA, 'user:42'), 'hitl:approve')).toBe(true);
  });

  it('built-in roles bound in the database work through can() without any custom role', async () => {
    await roles.bindRole(orgB, 'user:7', 'approver');
    const authz = createAuthorizer(roles);
    expect(await authz.can(await roles.identityOf(orgB, 'user:7'), 'hitl:approve')).toBe(true);
    expect(await authz.can(await roles.identityOf(orgA, 'user:7'), 'hitl:approve')).toBe(false);
  });

  it('fails closed on rows written around the store: unknown permissions and built-in names grant nothing', async () => {
    await withTenant(store, orgA, async (trx) => {
      await trx.insertInto('roles').values({ org_id: orgA, role_name: 'sneaky', permissions: JSON.stringify(['root:all', 'hitl:approve', 42]) }).execute();
      await trx.insertInto('roles').values({ org_id: orgA, role_name: 'viewer', permissions: JSON.stringify(['subject:erase']) }).execute();
      await trx.insertInto('role_bindings').values({ org_id: orgA, role_name: 'viewer', subject_id: 'user:9' }).execute();
    });
    const listed = await roles.listRoles(orgA);
    expect(listed.find((r) => r.name === 'sneaky')?.permissions).toEqual(['hitl:approve']);
    expect(listed.map((r) => r.name)).not.toContain('viewer');
    // A "viewer" row cannot redefine the built-in viewer role.
    expect(await createAuthorizer(roles).can(await roles.identityOf(orgA, 'user:9'), 'subject:erase')).toBe(false);
    const custom: CustomRole[] = listed;
    expect(custom.every((r) => r.orgId === orgA)).toBe(true);
  });

  it('the database refuses a binding to a malformed role name and a non-array permission list', async () => {
    const badBinding = withTenant(store, orgA, (trx) => trx.insertInto('role_bindings').values({ org_id: orgA, role_name: 'Not Valid', subject_id: 'u' }).execute());
    await expect(badBinding).rejects.toMatchObject({ code: '23514' });
    const badPermissions = withTenant(store, orgA, (trx) => sql`insert into ${sql.id(store.schema, 'roles')} (org_id, role_name, permissions) values (${orgA}, 'objecty', '{"a":1}')`.execute(trx));
    await expect(badPermissions).rejects.toMatchObject({ code: '23514' });
  });

  it('rejects malformed subject ids and role names with typed errors', async () => {
    await expect(roles.bindRole(orgA, '', 'viewer')).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(roles.bindRole(orgA, 'user\n1', 'viewer')).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(roles.bindRole(orgA, 'user:1', 'Viewer')).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(roles.rolesOf(orgA, 'x'.repeat(257))).rejects.toBeInstanceOf(InvalidIdentifierError);
  });
});
