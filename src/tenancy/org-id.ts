import { InvalidOrgIdError } from './errors.js';

/**
 * The accepted org id format: 1 to 128 characters of ASCII letters, digits, `_`, `.`, `:` or `-`.
 * Narrow on purpose: it is safe in logs, URLs and file names, can never be the empty string
 * that an unset `app.current_org_id` reads as, and rules out look-alike Unicode ids.
 * Every tenant table has the same CHECK constraint.
 */
export const ORG_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

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
