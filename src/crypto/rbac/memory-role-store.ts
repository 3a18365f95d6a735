import { defineCustomRole, type CustomRole } from './custom-role.js';
import type { RoleStore } from './role-store.js';

/**
 * An in-memory {@link RoleStore}. `putRole` validates the definition, as a database store
 * would through its constraints.
 *
 * @example
 * ```ts
 * const roles = createMemoryRoleStore();
 * await roles.putRole({ orgId: 'acme', name: 'release_manager', permissions: ['policy:write'] });
 * ```
 */
export function createMemoryRoleStore(): RoleStore {
  const byOrg = new Map<string, Map<string, CustomRole>>();
  return {
    async listRoles(orgId) {
      return [...(byOrg.get(orgId)?.values() ?? [])];
    },
    async putRole(role) {
      const valid = defineCustomRole(role);
      let roles = byOrg.get(valid.orgId);
      if (!roles) byOrg.set(valid.orgId, (roles = new Map()));
      roles.set(valid.name, valid);
    },
    async deleteRole(orgId, name) {
      return byOrg.get(orgId)?.delete(name) ?? false;
    },
  };
}
