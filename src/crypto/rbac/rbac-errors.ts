import { GatehouseError, formatIssuePath, type ConfigIssue } from '../../errors.js';
import type { Permission } from './permissions.js';

/**
 * The caller's roles do not grant the permission an operation needs (HTTP 403).
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
  constructor(permission: Permission, orgId: string) {
    super('PERMISSION_DENIED', `This operation needs the "${permission}" permission in org "${orgId}", which none of the caller's roles grant.`);
    this.permission = permission;
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
