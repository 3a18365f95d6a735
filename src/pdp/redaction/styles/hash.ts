/**
 * `hash`: the value is replaced by a keyed digest, `[credit_card:h:3f1c0a9be2d47a58]`.
 * The digest is HMAC-SHA256 under the org's hash key, so the same value always gets the same
 * digest within an org (you can still count and join on it), but without the key nobody can
 * test guesses against it, even for small spaces such as card numbers or phone numbers.
 *
 * The digest is over a canonical form, so that formatting does not split one value in two:
 * the grouped number types (`credit_card`, `iban`, `aadhaar`, `ssn`, `phone`, `nik`, `npwp`,
 * `dob`) lose their layout characters and are upper-cased, and emails are lower-cased.
 */
import { createHmac } from 'node:crypto';
import { isGroupedType, isLayoutChar, type RedactionType } from '../redaction-type.js';
import type { OrgRedactionKeys } from '../org-keys.js';

const LABEL = 'gatehouse/redaction/v1/hash\u0000';
const HEX_CHARS = 16;

/**
 * The `hash` replacement of `value`.
 *
 * @example
 * ```ts
 * const keys = deriveOrgKeys(master, 'acme');
 * hashValue('4111 1111 1111 1111', 'credit_card', keys); // '[credit_card:h:…16 hex digits…]'
 * hashValue('4111111111111111', 'credit_card', keys);    // the same
 * ```
 */
export function hashValue(value: string, type: RedactionType, keys: OrgRedactionKeys): string {
  const digest = createHmac('sha256', keys.hashKey).update(`${LABEL}${type}\u0000`, 'utf8').update(canonicalForm(value, type), 'utf8').digest('hex');
  return `[${type}:h:${digest.slice(0, HEX_CHARS)}]`;
}

/** The form of `value` that `hash` digests. */
export function canonicalForm(value: string, type: RedactionType): string {
  if (type === 'email') return value.toLowerCase();
  if (!isGroupedType(type)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (!isLayoutChar(type, value.charCodeAt(i))) out += value[i];
  }
  return out.toUpperCase();
}
