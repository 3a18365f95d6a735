import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../org-id-format.js';
import { isBuiltinRole } from './builtin-roles.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { RoleDefinitionError } from './rbac-errors.js';

/**
 * A role an org defines for itself: a name and a set of permissions. Its name must not be a
 * built-in role's, so a custom role can never redefine `owner` or `viewer`.
 */
export const CustomRoleSchema = z.strictObject({
  orgId: z.string().regex(ORG_ID_PATTERN, 'must be an org id: 1 to 128 letters, digits, "_", ".", ":" or "-"'),
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be 1 to 64 lowercase letters, digits or "_", starting with a letter')
    .refine((n) => !isBuiltinRole(n), 'is a built-in role name'),
  description: z.string().max(500).optional(),
  permissions: z.array(z.enum(PERMISSIONS as unknown as [Permission, ...Permission[]])).max(PERMISSIONS.length),
});

export type CustomRole = z.infer<typeof CustomRoleSchema>;

/**
 * Validates a custom role definition. Throws {@link RoleDefinitionError} naming each bad
 * field (an unknown permission, a built-in name).
 *
 * @example
 * ```ts
 * defineCustomRole({ orgId: 'acme', name: 'release_manager', permissions: ['policy:read', 'policy:write', 'breaker:trip'] });
 * ```
 */
export function defineCustomRole(input: unknown): CustomRole {
  const parsed = CustomRoleSchema.safeParse(input);
  if (!parsed.success) throw new RoleDefinitionError(parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })));
  return Object.freeze({ ...parsed.data, permissions: Object.freeze([...new Set(parsed.data.permissions)]) as Permission[] });
}
