import { can, type Identity } from './can.js';
import type { Permission } from './permissions.js';
import { PermissionDeniedError } from './rbac-errors.js';
import type { RoleStore } from './role-store.js';

/** {@link can} with the org's custom roles loaded from a {@link RoleStore}. */
export interface Authorizer {
  can(identity: Identity, permission: Permission): Promise<boolean>;
  /** Resolves when allowed; throws {@link PermissionDeniedError} (HTTP 403) otherwise. */
  require(identity: Identity, permission: Permission): Promise<void>;
}

/**
 * The check every management operation makes: approving needs `hitl:approve`, querying audit
 * needs `audit:read`, and so on. Built-in roles need no lookup; custom roles are read from
 * the store for the identity's org only. A store error propagates (it never means "allow").
 *
 * @example
 * ```ts
 * const authz = createAuthorizer(roleStore);
 * await authz.require({ orgId: 'acme', roles: member.roles }, 'hitl:approve');
 * ```
 */
export function createAuthorizer(roles: RoleStore): Authorizer {
  async function check(identity: Identity, permission: Permission): Promise<boolean> {
    if (can(identity, permission)) return true;
    if (typeof identity?.orgId !== 'string' || identity.orgId === '') return false;
    return can(identity, permission, await roles.listRoles(identity.orgId));
  }
  return {
    can: check,
    async require(identity, permission) {
      if (!(await check(identity, permission))) throw new PermissionDeniedError(permission, String(identity?.orgId));
    },
  };
}
