import { OrgMismatchError } from './api-key-errors.js';
import type { TenantCaller } from './authenticate.js';

/**
 * The org a tenant request acts for: always the org of its credentials. A request body
 * may repeat it; if it names another org, {@link OrgMismatchError} (HTTP 403) is thrown so
 * the attempt can be audited. Absent (`undefined` or `null`) means "the credentials' org".
 *
 * @example
 * ```ts
 * const orgId = resolveRequestOrg(caller, req.body.org_id);
 * ```
 */
export function resolveRequestOrg(caller: TenantCaller, requestedOrgId: unknown): string {
  if (requestedOrgId === undefined || requestedOrgId === null) return caller.orgId;
  if (requestedOrgId === caller.orgId) return caller.orgId;
  const shown = typeof requestedOrgId === 'string' ? requestedOrgId.slice(0, 128) : `(${typeof requestedOrgId})`;
  throw new OrgMismatchError(caller.orgId, shown);
}
