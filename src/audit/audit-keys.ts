/**
 * Per-org HMAC keys for the audit digests, derived from one configured audit secret.
 *
 * Why keyed: an unkeyed SHA-256 of a prompt or a user id can be reversed by hashing guesses
 * (every email address of a company, every card number with a valid Luhn digit). With HMAC under
 * a key the database never holds, a digest is useless to whoever reads the table. Why per org:
 * digests of the same input in two orgs differ, so they cannot be correlated across tenants.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { assertOrgId } from '../tenancy/org-id.js';
import { canonicalJson } from './canonical-json.js';

/** The smallest audit secret accepted: 256 bits. */
export const MIN_AUDIT_SECRET_BYTES = 32;

/** A `Secret` from `gatehouse/crypto`, or anything else that hands out its bytes. */
export interface SecretBytesSource {
  exposeBytes(): Uint8Array;
}

/** The audit secret: at least 32 bytes (a string counts as UTF-8), or a `Secret`. */
export type AuditSecret = string | Uint8Array | SecretBytesSource;

/** What each digest is of. The label is part of the HMAC input, so the three never collide. */
export type DigestPurpose = 'input' | 'user' | 'text';

/**
 * Digests under per-org keys. Made by {@link createAuditKeys}; pass the same object (or the same
 * secret) to the writer, `eraseSubject()` and `verifyChain()`.
 */
export interface AuditKeys {
  /** HMAC-SHA256 of `value` for `purpose`, under `orgId`'s key. Objects are canonical JSON. */
  digest(orgId: string, purpose: DigestPurpose, value: string | Uint8Array | object): Uint8Array;
}

const HKDF_SALT = 'gatehouse/audit/org-key/v1';
const MAX_CACHED_ORGS = 10_000;
const MAX_CACHED_USERS = 10_000;
const BRAND = Symbol('gatehouse.auditKeys');

/** The secret's bytes (a string as UTF-8; a Secret's exposed bytes). */
export function secretBytes(secret: AuditSecret): Uint8Array {
  if (typeof secret === 'string') return new TextEncoder().encode(secret);
  if (secret instanceof Uint8Array) return secret;
  if (typeof secret === 'object' && secret !== null && typeof (secret as SecretBytesSource).exposeBytes === 'function') {
    return (secret as SecretBytesSource).exposeBytes();
  }
  throw new GatehouseTypeError('options.auditSecret must be a string, a Uint8Array or a Secret.');
}

/**
 * Derives per-org digest keys from `secret` (HKDF-SHA256, the org id as `info`). Keys are
 * cached per org, so a digest costs one HMAC.
 *
 * @throws InvalidOptionError when the secret is shorter than 32 bytes.
 *
 * @example
 * ```ts
 * const keys = createAuditKeys(process.env.GATEHOUSE_AUDIT_SECRET!);   // 32+ random bytes
 * keys.digest('acme', 'user', 'user-42');  // 32 bytes; a different org gives a different digest
 * ```
 */
export function createAuditKeys(secret: AuditSecret): AuditKeys {
  const ikm = secretBytes(secret);
  if (ikm.byteLength < MIN_AUDIT_SECRET_BYTES) {
    throw new InvalidOptionError(
      `options.auditSecret must be at least ${MIN_AUDIT_SECRET_BYTES} bytes; got ${ikm.byteLength}. Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  // Copied, so a caller wiping or reusing its buffer cannot change the keys.
  const master = Buffer.from(ikm);
  const cache = new Map<string, KeyObject>();
  const orgKey = (orgId: string): KeyObject => {
    let key = cache.get(orgId);
    if (key === undefined) {
      assertOrgId(orgId);
      if (cache.size >= MAX_CACHED_ORGS) cache.clear();
      key = createSecretKey(Buffer.from(hkdfSync('sha256', master, HKDF_SALT, `org:${orgId}`, 32)));
      cache.set(orgId, key);
    }
    return key;
  };
  // The same few thousand users make most requests: their digests are worth keeping.
  const userDigests = new Map<string, Uint8Array>();
  const keys: AuditKeys = {
    digest(orgId, purpose, value) {
      if (purpose === 'user' && typeof value === 'string') {
        const cacheKey = `${orgId}\0${value}`;
        const cached = userDigests.get(cacheKey);
        if (cached !== undefined) return Uint8Array.from(cached);
        const fresh = hmacOf(orgId, purpose, value);
        if (userDigests.size >= MAX_CACHED_USERS) userDigests.clear();
        userDigests.set(cacheKey, fresh);
        return Uint8Array.from(fresh);
      }
      return hmacOf(orgId, purpose, value);
    },
  };
  function hmacOf(orgId: string, purpose: DigestPurpose, value: string | Uint8Array | object): Uint8Array {
    const hmac = createHmac('sha256', orgKey(orgId)).update(purpose).update('\0');
    hmac.update(typeof value === 'string' || value instanceof Uint8Array ? value : canonicalJson(value));
    const out = hmac.digest();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  Object.defineProperty(keys, BRAND, { value: true });
  return Object.freeze(keys);
}

/** Keys made by createAuditKeys() (as opposed to a secret). */
export function isAuditKeys(value: unknown): value is AuditKeys {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The secret or keys an option was given as, as keys. */
export function toAuditKeys(value: AuditSecret | AuditKeys | undefined, option = 'auditSecret'): AuditKeys {
  if (value === undefined) throw new InvalidOptionError(`options.${option} is required: the secret (32+ bytes) that audit digests are keyed with.`);
  return isAuditKeys(value) ? value : createAuditKeys(value);
}
