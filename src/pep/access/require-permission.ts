/** The permission check lives with the RBAC in crypto, where key and credential management use it too. */
export { builtinAuthorize, requirePermissions, type Authorize } from '../../crypto/rbac/require-permissions.js';
