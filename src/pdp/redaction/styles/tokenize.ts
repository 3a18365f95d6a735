/**
 * `tokenize`: the value is replaced by a token such as `[[credit_card_7f3a9c21]]`, and the
 * token map records token → value so that `restore()` can put the value back in the model's
 * reply.
 *
 * The form is chosen for models to copy faithfully: double brackets, which models keep as
 * they are; the type, which tells the model what the value was so it can still reason about
 * it; and 8 hex digits of HMAC-SHA256 under the org's key, so the same value gets the same
 * token within an org (across messages and turns) while the token reveals nothing about the
 * value. Should a token collide with another value's token, already occur in the text, or
 * contain the value itself (a tiny value such as `a`), the next attempt uses a different
 * digest, then the forms `[[7f3a9c21]]` and `<<7f3a9c21>>`.
 */
import { createHmac } from 'node:crypto';
import type { OrgRedactionKeys } from '../org-keys.js';
import type { RedactionType } from '../redaction-type.js';
import type { AcceptReplacement } from './accept.js';

const LABEL = 'gatehouse/redaction/v1/token\u0000';
const HEX_CHARS = 8;
/** How many candidate tokens are tried before giving up. */
export const TOKEN_ATTEMPTS = 12;

/**
 * The token for `value` at `attempt` (0 is the usual one).
 *
 * @example
 * ```ts
 * tokenFor('4111 1111 1111 1111', 'credit_card', keys, 0); // '[[credit_card_…8 hex digits…]]'
 * ```
 */
export function tokenFor(value: string, type: RedactionType, keys: OrgRedactionKeys, attempt: number): string {
  const hex = createHmac('sha256', keys.hashKey)
    .update(`${LABEL}${type}\u0000${attempt}\u0000`, 'utf8')
    .update(value, 'utf8')
    .digest('hex')
    .slice(0, HEX_CHARS);
  if (attempt < 4) return `[[${type}_${hex}]]`;
  if (attempt < 8) return `[[${hex}]]`;
  return `<<${hex}>>`;
}

/**
 * The first acceptable token for `value`, or `undefined` when none of the
 * {@link TOKEN_ATTEMPTS} candidates is acceptable (only a degenerate value can cause that).
 *
 * @example
 * ```ts
 * tokenizeValue('ana@example.com', 'email', keys, () => true); // '[[email_…]]'
 * ```
 */
export function tokenizeValue(value: string, type: RedactionType, keys: OrgRedactionKeys, accept: AcceptReplacement): string | undefined {
  for (let attempt = 0; attempt < TOKEN_ATTEMPTS; attempt++) {
    const token = tokenFor(value, type, keys, attempt);
    if (accept(token)) return token;
  }
  return undefined;
}
