import { BUILTIN_ROLE_PERMISSIONS, isBuiltinRole } from './builtin-roles.js';
import type { CustomRole } from './custom-role.js';
import { isPermission, type Permission } from './permissions.js';

/** Who is acting: an org member and the role names they hold there. */
export interface Identity {
  readonly orgId: string;
  readonly roles: readonly string[];
}

/**
 * True when one of the identity's roles grants `permission`. Roles resolve against the
 * built-in roles and the custom roles passed in; a custom role of another org is ignored,
 * and an unknown role name, an unknown permission or a malformed identity grant nothing.
 *
 * @example
 * ```ts
 * can({ orgId: 'acme', roles: ['approver'] }, 'hitl:approve'); // true
 * can({ orgId: 'acme', roles: ['approver'] }, 'audit:read');   // false
 * can({ orgId: 'acme', roles: ['release_manager'] }, 'breaker:trip', customRoles);
 * ```
 */
export function can(identity: Identity, permission: Permission, customRoles: readonly CustomRole[] = []): boolean {
  if (typeof identity !== 'object' || identity === null || typeof identity.orgId !== 'string' || identity.orgId === '') return false;
  if (!Array.isArray(identity.roles) || !isPermission(permission)) return false;
  for (const role of identity.roles) {
    if (typeof role !== 'string') continue;
    if (isBuiltinRole(role)) {
      if (BUILTIN_ROLE_PERMISSIONS[role].has(permission)) return true;
      continue;
    }
    for (const custom of customRoles) {
      // Stored roles are re-checked here: a stray row from another org, or an unknown
      // permission string in one, grants nothing.
      if (custom.orgId === identity.orgId && custom.name === role && Array.isArray(custom.permissions) && custom.permissions.includes(permission)) return true;
    }
  }
  return false;
}
