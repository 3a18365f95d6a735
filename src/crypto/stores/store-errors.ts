import { GatehouseError } from '../../errors.js';

/**
 * An id passed to a database store (a credential id, a subject id, a role name) is not in the
 * accepted format. `field` names the argument; the message says what the format is. The value
 * itself is not quoted, because callers sometimes pass a secret in the wrong argument.
 *
 * @example
 * ```ts
 * await credentials.get('acme', 'open ai'); // throws InvalidIdentifierError (code INVALID_IDENTIFIER)
 * ```
 */
export class InvalidIdentifierError extends GatehouseError {
  declare readonly code: 'INVALID_IDENTIFIER';
  readonly field: string;
  constructor(field: string, format: string) {
    super('INVALID_IDENTIFIER', `${field} must be ${format}.`);
    this.field = field;
  }
}

/**
 * A role binding named a custom role the org has not defined. Define it first with
 * `putRole`, or bind a built-in role (`owner`, `admin`, `policy_admin`, `approver`, `auditor`,
 * `viewer`).
 *
 * @example
 * ```ts
 * await roles.bindRole('acme', 'user:42', 'release_manager'); // RoleNotFoundError until putRole()
 * ```
 */
export class RoleNotFoundError extends GatehouseError {
  declare readonly code: 'ROLE_NOT_FOUND';
  readonly roleName: string;
  constructor(orgId: string, roleName: string) {
    super('ROLE_NOT_FOUND', `Org "${orgId}" has no role named "${roleName}". Define it with putRole() first, or bind a built-in role.`);
    this.roleName = roleName;
  }
}
