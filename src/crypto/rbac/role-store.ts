import type { CustomRole } from './custom-role.js';

/**
 * Where custom roles live. The database implementation keeps them in a table under
 * row-level security, so `listRoles` only ever sees the current org's roles;
 * {@link createMemoryRoleStore} is the in-process one.
 */
export interface RoleStore {
  /** The custom roles of one org. */
  listRoles(orgId: string): Promise<CustomRole[]>;
  /** Adds or replaces a role (by org and name). */
  putRole(role: CustomRole): Promise<void>;
  /** Removes a role; true if it existed. */
  deleteRole(orgId: string, name: string): Promise<boolean>;
}
