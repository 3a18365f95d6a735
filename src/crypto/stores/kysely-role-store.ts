import { assertOrgId } from '../../tenancy/org-id.js';
import type { GatehouseStore } from '../../tenancy/store.js';
import { isBuiltinRole } from '../rbac/builtin-roles.js';
import type { Identity } from '../rbac/can.js';
import { defineCustomRole, type CustomRole } from '../rbac/custom-role.js';
import { isPermission, type Permission } from '../rbac/permissions.js';
import type { RoleStore } from '../rbac/role-store.js';
import { databaseRuntime } from './database-runtime.js';
import { InvalidIdentifierError, RoleNotFoundError } from './store-errors.js';
import { cryptoTables } from './store-tables.js';

/**
 * A {@link RoleStore} that also records who holds which role: custom roles in the `roles`
 * table and bindings in `role_bindings`, both under row-level security.
 */
export interface KyselyRoleStore extends RoleStore {
  /**
   * Gives `subjectId` a role in the org: a built-in role, or a custom role the org has defined
   * ({@link RoleNotFoundError} otherwise). Binding twice is a no-op.
   */
  bindRole(orgId: string, subjectId: string, roleName: string): Promise<void>;
  /** Takes a role away; true if the subject held it. */
  unbindRole(orgId: string, subjectId: string, roleName: string): Promise<boolean>;
  /** The role names `subjectId` holds in the org, sorted. */
  rolesOf(orgId: string, subjectId: string): Promise<string[]>;
  /** `{ orgId, roles: rolesOf(...) }`: the identity `can()` and `createAuthorizer()` take. */
  identityOf(orgId: string, subjectId: string): Promise<Identity>;
}

const ROLE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
// Printable, no control characters: subject ids reach logs and audit records.
const SUBJECT_ID = /^[^\u0000-\u001f\u007f]{1,256}$/u;

function checkSubject(subjectId: unknown): asserts subjectId is string {
  if (typeof subjectId !== 'string' || !SUBJECT_ID.test(subjectId)) throw new InvalidIdentifierError('subjectId', '1 to 256 characters without control characters');
}

function checkRoleName(roleName: unknown): asserts roleName is string {
  if (typeof roleName !== 'string' || !ROLE_NAME.test(roleName)) throw new InvalidIdentifierError('roleName', '1 to 64 lowercase letters, digits or "_", starting with a letter');
}

/**
 * A stored row as a custom role, failing closed: a row that could not have been written through
 * `putRole` (a built-in name, a bad name) is dropped, and unknown permission strings are ignored.
 */
function toCustomRole(orgId: string, row: { role_name: string; description: string | null; permissions: unknown }): CustomRole | undefined {
  if (!ROLE_NAME.test(row.role_name) || isBuiltinRole(row.role_name)) return undefined;
  const permissions = Array.isArray(row.permissions) ? [...new Set(row.permissions.filter(isPermission))] : [];
  return Object.freeze({
    orgId,
    name: row.role_name,
    ...(row.description !== null ? { description: row.description } : {}),
    permissions: Object.freeze(permissions) as Permission[],
  });
}

/**
 * Custom roles and role bindings per org, in the `roles` and `role_bindings` tables. Every call
 * runs inside `withTenant` for the org it names, so one org can neither read nor change another's
 * roles, and a role defined in org A grants nothing in org B. Use it with `createAuthorizer`:
 *
 * @example
 * ```ts
 * const roles = createKyselyRoleStore(store);
 * await roles.putRole(defineCustomRole({ orgId: 'acme', name: 'release_approver', permissions: ['hitl:approve'] }));
 * await roles.bindRole('acme', 'user:42', 'release_approver');
 * const authz = createAuthorizer(roles);
 * await authz.require(await roles.identityOf('acme', 'user:42'), 'hitl:approve'); // resolves
 * ```
 */
export function createKyselyRoleStore(store: GatehouseStore): KyselyRoleStore {
  async function rolesOf(orgId: string, subjectId: string): Promise<string[]> {
    checkSubject(subjectId);
    const { withTenant } = await databaseRuntime();
    const rows = await withTenant(store, orgId, (trx) =>
      cryptoTables(trx).selectFrom('role_bindings').select('role_name').where('subject_id', '=', subjectId).orderBy('role_name').execute(),
    );
    return rows.map((row) => row.role_name);
  }

  return Object.freeze({
    async listRoles(orgId: string): Promise<CustomRole[]> {
      const { withTenant } = await databaseRuntime();
      const rows = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).selectFrom('roles').select(['role_name', 'description', 'permissions']).orderBy('role_name').execute(),
      );
      return rows.flatMap((row) => toCustomRole(orgId, row) ?? []);
    },

    async putRole(role: CustomRole): Promise<void> {
      const valid = defineCustomRole(role);
      const { withTenant } = await databaseRuntime();
      await withTenant(store, valid.orgId, (trx) =>
        cryptoTables(trx).insertInto('roles')
          .values({ org_id: valid.orgId, role_name: valid.name, description: valid.description ?? null, permissions: JSON.stringify(valid.permissions) })
          .onConflict((oc) => oc.columns(['org_id', 'role_name']).doUpdateSet((eb) => ({
            description: eb.ref('excluded.description'),
            permissions: eb.ref('excluded.permissions'),
          })))
          .execute(),
      );
    },

    async deleteRole(orgId: string, name: string): Promise<boolean> {
      assertOrgId(orgId);
      if (typeof name !== 'string' || !ROLE_NAME.test(name) || isBuiltinRole(name)) return false;
      const { withTenant } = await databaseRuntime();
      return withTenant(store, orgId, async (tenantTrx) => {
        const trx = cryptoTables(tenantTrx);
        const deleted = await trx.deleteFrom('roles').where('role_name', '=', name).executeTakeFirst();
        if (deleted.numDeletedRows === 0n) return false;
        // In the same transaction: a role defined again later under this name must not find
        // its predecessor's holders still bound to it.
        await trx.deleteFrom('role_bindings').where('role_name', '=', name).execute();
        return true;
      });
    },

    async bindRole(orgId: string, subjectId: string, roleName: string): Promise<void> {
      assertOrgId(orgId);
      checkSubject(subjectId);
      checkRoleName(roleName);
      const { withTenant } = await databaseRuntime();
      await withTenant(store, orgId, async (tenantTrx) => {
        const trx = cryptoTables(tenantTrx);
        if (!isBuiltinRole(roleName)) {
          // FOR SHARE holds off a concurrent deleteRole until this binding is committed, so the
          // delete then removes it too; after a delete, the locked read finds nothing.
          const role = await trx.selectFrom('roles').select('role_name').where('role_name', '=', roleName).forShare().executeTakeFirst();
          if (!role) throw new RoleNotFoundError(orgId, roleName);
        }
        await trx.insertInto('role_bindings')
          .values({ org_id: orgId, role_name: roleName, subject_id: subjectId })
          .onConflict((oc) => oc.columns(['org_id', 'role_name', 'subject_id']).doNothing())
          .execute();
      });
    },

    async unbindRole(orgId: string, subjectId: string, roleName: string): Promise<boolean> {
      checkSubject(subjectId);
      checkRoleName(roleName);
      const { withTenant } = await databaseRuntime();
      const result = await withTenant(store, orgId, (trx) =>
        cryptoTables(trx).deleteFrom('role_bindings').where('subject_id', '=', subjectId).where('role_name', '=', roleName).executeTakeFirst(),
      );
      return result.numDeletedRows > 0n;
    },

    rolesOf,

    async identityOf(orgId: string, subjectId: string): Promise<Identity> {
      return Object.freeze({ orgId, roles: Object.freeze(await rolesOf(orgId, subjectId)) });
    },
  });
}
