import { can, type Identity } from './can.js';
import type { Permission } from './permissions.js';
import { PermissionDeniedError } from './rbac-errors.js';

/**
 * Decides whether an identity holds a permission: {@link builtinAuthorize} (built-in roles), or
 * `createAuthorizer(roleStore).can` to include an org's custom roles. Only `true` allows.
 */
export type Authorize = (identity: Identity, permission: Permission) => boolean | Promise<boolean>;

/** Built-in roles only. */
export const builtinAuthorize: Authorize = (identity, permission) => can(identity, permission);

/**
 * Resolves when `identity` belongs to `orgId` and holds every permission; otherwise throws
 * {@link PermissionDeniedError}, whose `reason` says why. Fails closed: a malformed identity,
 * an identity of another org (whatever its roles) and an authorizer that throws are all
 * refusals (`invalid_actor`, `other_org`, `authorizer_failed` with the error as `cause`).
 *
 * @example
 * ```ts
 * await requirePermissions(createAuthorizer(roleStore).can, reviewer, 'acme', ['hitl:approve']);
 * ```
 */
export async function requirePermissions(authorize: Authorize, identity: Identity, orgId: string, permissions: readonly Permission[]): Promise<void> {
  // The identity is checked once, and a refusal names the first permission asked for; with no
  // permissions asked for there is nothing to refuse.
  if (permissions.length === 0) return;
  const first = permissions[0] as Permission;
  if (typeof identity !== 'object' || identity === null || typeof identity.orgId !== 'string' || !Array.isArray(identity.roles)) {
    throw new PermissionDeniedError(first, orgId, { reason: 'invalid_actor' });
  }
  if (identity.orgId !== orgId) throw new PermissionDeniedError(first, orgId, { reason: 'other_org' });
  for (const permission of permissions) {
    let granted: unknown;
    try {
      granted = await authorize(identity, permission);
    } catch (cause) {
      throw new PermissionDeniedError(permission, orgId, { reason: 'authorizer_failed', cause });
    }
    if (granted !== true) throw new PermissionDeniedError(permission, orgId);
  }
}
