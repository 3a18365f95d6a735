import { can, type Identity } from '../../crypto/rbac/can.js';
import type { Permission } from '../../crypto/rbac/permissions.js';
import { PermissionDeniedError } from '../../crypto/rbac/rbac-errors.js';

/**
 * Decides whether an identity holds a permission: `can` from the crypto RBAC by default, or
 * `createAuthorizer(roleStore).can` to include an org's custom roles. Only `true` allows.
 */
export type Authorize = (identity: Identity, permission: Permission) => boolean | Promise<boolean>;

/** Built-in roles only. */
export const builtinAuthorize: Authorize = (identity, permission) => can(identity, permission);

/**
 * Resolves when `identity` belongs to `orgId` and holds every permission; otherwise throws
 * `PermissionDeniedError`. An identity of another org is denied whatever its roles, and an
 * authorizer that throws propagates (never an allow).
 */
export async function requirePermissions(authorize: Authorize, identity: Identity, orgId: string, permissions: readonly Permission[]): Promise<void> {
  for (const permission of permissions) {
    if (identity?.orgId !== orgId || (await authorize(identity, permission)) !== true) throw new PermissionDeniedError(permission, orgId);
  }
}
