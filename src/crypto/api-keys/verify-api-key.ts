import { randomBytes } from 'node:crypto';
import { digestsEqual } from '../constant-time.js';
import { fromHex } from '../encoding.js';
import type { Secret } from '../secret.js';
import { AuthenticationError } from './api-key-errors.js';
import { apiKeyDigest, parseApiKey, type ApiKeyEnvironment, type ApiKeyKind } from './api-key-format.js';
import type { ApiKeyLookup, ApiKeyRecord } from './api-key-store.js';

/** Options of {@link verifyApiKey}. */
export interface VerifyApiKeyOptions {
  /** The kind this route accepts. A tenant key is never accepted where an admin key is required, and vice versa. */
  kind: ApiKeyKind;
  lookup: ApiKeyLookup;
  /** Accept only this environment (for example `live` in production). Default: both. */
  environment?: ApiKeyEnvironment;
  /** With Basic auth: the client id sent with the key, which must be the key's. */
  clientId?: string;
  /** Default: now. */
  now?: Date;
}

/** A key that authenticated: who is calling. */
export interface VerifiedApiKey {
  readonly keyId: string;
  readonly kind: ApiKeyKind;
  readonly environment: ApiKeyEnvironment | null;
  readonly orgId: string | null;
  readonly clientId: string;
}

// Compared against when the key id is unknown, so that a miss costs what a hit costs.
const DECOY_DIGEST = new Uint8Array(randomBytes(32));

function reject(reason: ConstructorParameters<typeof AuthenticationError>[0], message: string, keyId?: string): never {
  throw new AuthenticationError(reason, message, keyId);
}

/**
 * Authenticates a presented API key against stored records, failing closed:
 *
 * 1. shape, prefix and checksum (offline): `malformed_credentials`;
 * 2. the prefix must be the route's kind (`wrong_key_kind`) and environment (`wrong_environment`);
 * 3. lookup by key id (`unknown_key`), then a constant-time comparison of SHA-256 digests
 *    (`invalid_secret`), then, only for the right secret, revocation (`revoked`), expiry
 *    (`expired`) and the Basic-auth client id (`client_mismatch`).
 *
 * Status is checked after the secret, so knowing a key id alone reveals nothing about it.
 *
 * @example
 * ```ts
 * const caller = await verifyApiKey(presented, { kind: 'tenant', lookup: store });
 * caller.orgId; // the org the key belongs to
 * ```
 */
export async function verifyApiKey(presented: string | Secret<string>, options: VerifyApiKeyOptions): Promise<VerifiedApiKey> {
  const parsed = parseApiKey(presented);
  if (!parsed) reject('malformed_credentials', 'The API key is not a well-formed Gatehouse key (wrong prefix, length, characters or checksum).');
  const { keyId } = parsed;
  if (parsed.kind !== options.kind) {
    reject('wrong_key_kind', options.kind === 'admin' ? 'A tenant API key was presented where an admin key is required.' : 'An admin API key was presented on a tenant route.', keyId);
  }
  if (options.environment !== undefined && parsed.environment !== null && parsed.environment !== options.environment) {
    reject('wrong_environment', `A ${parsed.environment} API key was presented where only ${options.environment} keys are accepted.`, keyId);
  }

  const record: ApiKeyRecord | undefined = await options.lookup.findByKeyId(keyId);
  const presentedDigest = fromHex(apiKeyDigest(parsed.value))!;
  const storedDigest = record ? fromHex(record.digest) : undefined;
  const matches = digestsEqual(presentedDigest, storedDigest && storedDigest.byteLength === 32 ? storedDigest : DECOY_DIGEST);
  if (!record) reject('unknown_key', 'No API key with this key id exists.', keyId);
  if (!matches || !storedDigest) reject('invalid_secret', 'The API key secret does not match.', keyId);
  if (record.kind !== parsed.kind || record.keyId !== keyId) reject('wrong_key_kind', 'The stored key is of another kind.', keyId);

  const now = (options.now ?? new Date()).getTime();
  if (record.revokedAt !== null && record.revokedAt.getTime() <= now) reject('revoked', `API key ${keyId} was revoked.`, keyId);
  if (record.expiresAt !== null && record.expiresAt.getTime() <= now) reject('expired', `API key ${keyId} expired at ${record.expiresAt.toISOString()}.`, keyId);
  if (options.clientId !== undefined && options.clientId !== record.clientId) {
    reject('client_mismatch', `API key ${keyId} does not belong to the client id it was sent with.`, keyId);
  }
  if (record.kind === 'tenant' && (record.orgId === null || record.orgId === '')) reject('unknown_key', 'The stored tenant key has no org.', keyId);

  return Object.freeze({ keyId, kind: record.kind, environment: record.environment, orgId: record.orgId, clientId: record.clientId });
}
