import { InvalidOrgIdError } from './errors.js';

import { ORG_ID_PATTERN } from '../org-id-format.js';

export { ORG_ID_PATTERN };

/**
 * Throws {@link InvalidOrgIdError} unless `orgId` matches {@link ORG_ID_PATTERN}.
 *
 * @example
 * ```ts
 * assertOrgId('acme-prod');   // ok
 * assertOrgId('');            // throws InvalidOrgIdError (code INVALID_ORG_ID)
 * ```
 */
export function assertOrgId(orgId: unknown): asserts orgId is string {
  if (typeof orgId !== 'string') throw new InvalidOrgIdError(`expected a string, got ${orgId === null ? 'null' : typeof orgId}`);
  if (orgId.length === 0) throw new InvalidOrgIdError('it is empty');
  if (orgId.length > 128) throw new InvalidOrgIdError(`it is ${orgId.length} characters long`);
  if (!ORG_ID_PATTERN.test(orgId)) throw new InvalidOrgIdError(`${JSON.stringify(orgId)} has a character outside the allowed set`);
}
