import { GatehouseError, formatIssuePath, type ConfigIssue } from '../../errors.js';
import type { Permission } from './permissions.js';

/**
 * Why a permission check refused:
 * - `not_granted`: none of the actor's roles grants the permission;
 * - `other_org`: the actor belongs to another org than the one the operation acts in;
 * - `platform_only`: the operation acts on no org (admin keys, every org's credentials), which
 *   only the platform operator may do;
 * - `invalid_actor`: no actor, or a malformed one, was given;
 * - `authorizer_failed`: the check itself failed (a role store down); `cause` holds the error.
 */
export type PermissionDenialReason = 'not_granted' | 'other_org' | 'platform_only' | 'invalid_actor' | 'authorizer_failed';

function denialMessage(permission: Permission, orgId: string | null, reason: PermissionDenialReason): string {
  const where = orgId === null ? 'outside any org' : `in org "${orgId}"`;
  switch (reason) {
    case 'other_org': return `This operation acts ${where}; the caller belongs to another org. Act as a member of that org.`;
    case 'platform_only': return `This operation acts ${where}, which only the platform operator (platformOperator(), for trusted operator code) may do; an org member cannot, whatever its roles.`;
    case 'invalid_actor': return `This operation needs an actor { id, orgId, roles } holding the "${permission}" permission ${where}; none, or a malformed one, was given.`;
    case 'authorizer_failed': return `The "${permission}" permission ${where} could not be checked (the authorizer failed; see cause), so the operation was refused.`;
    default: return `This operation needs the "${permission}" permission ${where}, which none of the caller's roles grant.`;
  }
}

/**
 * The caller may not perform an operation (HTTP 403): its roles do not grant the permission,
 * it acts in another org, or it could not be checked. `reason` says which; nothing was changed.
 *
 * @example
 * ```ts
 * await authz.require(identity, 'hitl:approve'); // throws PermissionDeniedError (code PERMISSION_DENIED)
 * ```
 */
export class PermissionDeniedError extends GatehouseError {
  declare readonly code: 'PERMISSION_DENIED';
  readonly status = 403;
  readonly permission: Permission;
  /** The org the operation acted in; `null` for a platform-wide one. */
  readonly orgId: string | null;
  readonly reason: PermissionDenialReason;
  constructor(permission: Permission, orgId: string | null, options: { reason?: PermissionDenialReason; cause?: unknown } = {}) {
    const reason = options.reason ?? 'not_granted';
    super('PERMISSION_DENIED', denialMessage(permission, orgId, reason), options.cause === undefined ? undefined : { cause: options.cause });
    this.permission = permission;
    this.orgId = orgId;
    this.reason = reason;
  }
}

/** A custom role definition is invalid; `issues` lists each bad field by path. */
export class RoleDefinitionError extends GatehouseError {
  declare readonly code: 'ROLE_DEFINITION_INVALID';
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    super('ROLE_DEFINITION_INVALID', `Invalid custom role: ${shown.join('; ')}.`);
    this.issues = issues;
  }
}
