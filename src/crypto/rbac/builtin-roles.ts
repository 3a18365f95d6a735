import { PERMISSIONS, type Permission } from './permissions.js';

/** The roles every org has. */
export const BUILTIN_ROLES = ['owner', 'admin', 'policy_admin', 'approver', 'auditor', 'viewer'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

const READ_ONLY: readonly Permission[] = ['policy:read', 'provider:read', 'approval:read', 'breaker:read'];

/**
 * What each built-in role may do.
 *
 * - `owner`: everything.
 * - `admin`: everything but defining roles and erasing data subjects, which stay with owners.
 * - `policy_admin`: policies, plus the audit and state they need to judge a change.
 * - `approver`: decides human-in-the-loop requests.
 * - `auditor`: reads and exports the audit log, and sees configuration (not credentials).
 * - `viewer`: sees configuration and state; not the audit log, which holds request content.
 */
export const BUILTIN_ROLE_PERMISSIONS: Readonly<Record<BuiltinRole, ReadonlySet<Permission>>> = Object.freeze({
  owner: new Set(PERMISSIONS),
  admin: new Set(PERMISSIONS.filter((p) => p !== 'roles:manage' && p !== 'subject:erase')),
  policy_admin: new Set<Permission>([...READ_ONLY, 'policy:write', 'audit:read']),
  approver: new Set<Permission>([...READ_ONLY, 'hitl:approve']),
  auditor: new Set<Permission>([...READ_ONLY, 'audit:read', 'audit:export', 'keys:read']),
  viewer: new Set<Permission>(READ_ONLY),
});

/** True for a built-in role name. */
export function isBuiltinRole(name: string): name is BuiltinRole {
  return (BUILTIN_ROLES as readonly string[]).includes(name);
}
