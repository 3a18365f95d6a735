/**
 * Admin keys for the cross-tenant routes (GDPR erasure, breaker operations): a separate set of
 * `gh_admin_…` keys, configured as their SHA-256 digests so that the server never holds the
 * keys themselves. A tenant key is never accepted here, and an admin key never on tenant routes.
 */
import { createHash } from 'node:crypto';
import { AuthenticationError } from '../../crypto/api-keys/api-key-errors.js';
import { parseApiKey } from '../../crypto/api-keys/api-key-format.js';
import type { AdminCaller } from '../../crypto/api-keys/authenticate.js';
import { MAX_AUTHORIZATION_LENGTH } from '../../crypto/api-keys/basic-auth.js';
import { digestsEqual } from '../../crypto/constant-time.js';
import { InvalidOptionError } from '../../errors.js';

/** Resolves an `Authorization` header to an admin caller, or rejects with `AuthenticationError` (401). */
export type AdminAuthenticator = (authorization: string | undefined) => Promise<AdminCaller>;

/** The environment variable `gatehouse serve` reads: comma-separated SHA-256 hex digests of the admin keys. */
export const ADMIN_KEY_DIGESTS_VARIABLE = 'GATEHOUSE_ADMIN_KEY_SHA256';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Parses a comma- or whitespace-separated list of SHA-256 hex digests (e.g. the value of
 * `GATEHOUSE_ADMIN_KEY_SHA256`). Throws `InvalidOptionError` for an entry that is not 64 hex
 * digits; an empty or missing value gives an empty list.
 *
 * @example
 * ```ts
 * parseAdminKeyDigests(process.env.GATEHOUSE_ADMIN_KEY_SHA256); // ['3f1c…', …]
 * ```
 */
export function parseAdminKeyDigests(value: string | undefined): string[] {
  if (value === undefined) return [];
  const entries = value.split(/[\s,]+/).filter((e) => e !== '');
  entries.forEach((entry, i) => {
    if (!HEX64.test(entry.toLowerCase())) {
      throw new InvalidOptionError(`${ADMIN_KEY_DIGESTS_VARIABLE} entry ${i + 1} is not a SHA-256 digest (64 hex digits). Configure the digest of each admin key, never the key itself.`);
    }
  });
  return entries.map((e) => e.toLowerCase());
}

function fail(reason: ConstructorParameters<typeof AuthenticationError>[0], message: string, keyId?: string): never {
  throw new AuthenticationError(reason, message, keyId);
}

/**
 * The admin authenticator over a fixed set of key digests. Accepts `Authorization: Bearer
 * gh_admin_…` only. Every configured digest is compared in constant time (no early exit), so
 * the time taken says nothing about which entry, if any, matched. With no digests configured
 * every request is refused: admin routes are closed by default.
 *
 * @example
 * ```ts
 * const authenticateAdmin = adminKeyAuthenticator(parseAdminKeyDigests(process.env.GATEHOUSE_ADMIN_KEY_SHA256));
 * await authenticateAdmin(req.headers.authorization); // { kind: 'admin', keyId, clientId: 'admin' }
 * ```
 */
export function adminKeyAuthenticator(sha256Digests: readonly string[]): AdminAuthenticator {
  const digests = sha256Digests.map((d, i) => {
    if (typeof d !== 'string' || !HEX64.test(d.toLowerCase())) throw new InvalidOptionError(`admin key digest ${i + 1} is not a SHA-256 digest (64 hex digits).`);
    return Buffer.from(d.toLowerCase(), 'hex');
  });
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') fail('missing_credentials', 'No Authorization header was sent.');
    if (authorization.length > MAX_AUTHORIZATION_LENGTH) fail('malformed_credentials', 'The Authorization header is too long.');
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) fail('malformed_credentials', 'Admin routes take "Authorization: Bearer gh_admin_…".');
    const parsed = parseApiKey(m[1]!);
    if (!parsed) fail('malformed_credentials', 'The admin key is not a well-formed Gatehouse key.');
    if (parsed.kind !== 'admin') fail('wrong_key_kind', 'A tenant API key was presented where an admin key is required.', parsed.keyId);
    const presented = createHash('sha256').update(parsed.value.expose(), 'utf8').digest();
    let matched = 0;
    for (const d of digests) matched |= digestsEqual(presented, d) ? 1 : 0;
    if (matched !== 1) fail('unknown_key', 'The admin key is not one of the configured admin keys.', parsed.keyId);
    return Object.freeze({ kind: 'admin' as const, clientId: 'admin', keyId: parsed.keyId });
  };
}
