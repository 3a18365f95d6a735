/**
 * The tenant authenticator the server builds from stored API keys: full verification
 * (`authenticate()`: shape, checksum, lookup, constant-time digest comparison, revocation,
 * expiry, Basic client id) the first time a credential is seen, then, for as long as the key
 * record it was verified against is fresh, a look-up of the caller by the SHA-256 of the
 * `Authorization` header. Most requests reuse a few keys, so most skip the parsing, the checksum,
 * the hex decoding and the promise hops of verification.
 *
 * What stays exact: a verified credential is reused only until the earliest of
 * - `ttlMs` after its key record was read from the store: a key revoked (or re-scoped) in the
 *   store stops working within `ttlMs`, the same bound as the record cache alone;
 * - the key's expiry, and a revocation already scheduled on the record (a rotation's overlap).
 * Failures are never remembered: every refused request is verified in full again (fail closed).
 * The map holds header digests, never a presented key; a digest match implies the same header.
 */
import * as nodeCrypto from 'node:crypto';
import type { TenantCaller } from '../../crypto/api-keys/authenticate.js';
import { MAX_AUTHORIZATION_LENGTH } from '../../crypto/api-keys/basic-auth.js';
import type { ApiKeyLookup, ApiKeyRecord } from '../../crypto/api-keys/api-key-store.js';
import { createCachedApiKeyLookup } from './cached-api-key-lookup.js';
import { apiKeyAuthenticator, type TenantAuthenticator } from './tenant-authenticator.js';

export interface CachedApiKeyAuthenticatorOptions {
  /** How long a key record, and a credential verified against it, is reused, in ms. Default 5000; 0: no cache. */
  ttlMs?: number;
  /** Most credentials remembered; the oldest go first. Default 10000. */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Verified {
  readonly caller: TenantCaller;
  /** Epoch ms after which the credential is verified again. */
  readonly until: number;
}

// crypto.hash() (Node 20.12+) skips creating a Hash object.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'base64') => string }).hash;
const headerDigest = (header: string): string => (oneShot ? oneShot('sha256', header, 'base64') : nodeCrypto.createHash('sha256').update(header).digest('base64'));

/**
 * An authenticator over stored keys, with the record cache and the verified-credential cache
 * described above.
 *
 * @example
 * ```ts
 * const authenticateTenant = cachedApiKeyAuthenticator(createKyselyApiKeyLookup(store), { ttlMs: 5_000 });
 * const caller = await authenticateTenant(req.headers.authorization); // { orgId, clientId, keyId, … }
 * ```
 */
export function cachedApiKeyAuthenticator(lookup: ApiKeyLookup, options: CachedApiKeyAuthenticatorOptions = {}): TenantAuthenticator {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const records = createCachedApiKeyLookup(lookup, { ttlMs, maxEntries, now });
  const verifyInFull = apiKeyAuthenticator(records);
  if (ttlMs === 0) return verifyInFull;
  const verified = new Map<string, Verified>();

  async function verify(authorization: string, digest: string): Promise<TenantCaller> {
    // The same verification, through a lookup that also hands over the record it was checked
    // against. Built per miss on purpose: a shared one would need the record in shared state,
    // where two concurrent misses of one key id could pair this caller with the other's read
    // (a newer record) and trust it past `ttlMs`. Misses come once per credential per `ttlMs`.
    let record: ApiKeyRecord | undefined;
    const caller = await apiKeyAuthenticator({ findByKeyId: (keyId) => records.findByKeyId(keyId).then((r) => (record = r)) })(authorization);
    const read = record === undefined ? undefined : records.readAt(record);
    if (record !== undefined && read !== undefined) {
      const until = Math.min(read + ttlMs, record.expiresAt?.getTime() ?? Infinity, record.revokedAt?.getTime() ?? Infinity);
      if (until > now()) {
        verified.delete(digest);
        verified.set(digest, { caller, until });
        if (verified.size > maxEntries) verified.delete(verified.keys().next().value!);
      }
    }
    return caller;
  }

  return (authorization) => {
    if (typeof authorization !== 'string' || authorization.length > MAX_AUTHORIZATION_LENGTH) return verifyInFull(authorization);
    const digest = headerDigest(authorization);
    const hit = verified.get(digest);
    if (hit !== undefined) {
      if (now() < hit.until) return Promise.resolve(hit.caller);
      verified.delete(digest);
    }
    return verify(authorization, digest);
  };
}
