/**
 * Per-org redaction keys. One master secret per deployment; each org gets its own keys,
 * derived with HMAC-SHA256 under distinct labels, so one org's hashes and pseudonyms can
 * neither be linked to nor reproduced for another org's.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { assertString } from '../../errors.js';
import { BoundedLru } from './bounded-lru.js';
import { InvalidRedactionSecretError } from './errors.js';

/** The keys one org's redaction uses. Treat them as read-only: they are cached and shared. */
export interface OrgRedactionKeys {
  /** 32 bytes: HMAC-SHA256 key for the `hash` and `tokenize` styles. */
  hashKey: Uint8Array;
  /** 32 bytes: AES-256 key for FF1 in the `format_preserving` style. */
  fpeKey: Uint8Array;
}

/** The shortest master secret accepted, in bytes. */
export const REDACTION_SECRET_MIN_BYTES = 32;

/** How many orgs' keys each master secret keeps derived. */
export const ORG_KEY_CACHE_SIZE = 1024;

// Distinct labels make the two keys independent; the NUL keeps label and org id apart.
const HASH_LABEL = 'gatehouse/redaction/v1/hash\u0000';
const FPE_LABEL = 'gatehouse/redaction/v1/fpe\u0000';

// Keyed by the master array itself, so two engines with different secrets never share keys.
const cache = new WeakMap<Uint8Array, BoundedLru<string, OrgRedactionKeys>>();

/**
 * The redaction keys of `orgId` under the master secret `master` (at least 32 bytes). The
 * result is cached per master and org (the most recent {@link ORG_KEY_CACHE_SIZE} orgs), so
 * do not modify `master` after the first call.
 *
 * @example
 * ```ts
 * const master = parseRedactionSecret(process.env.GATEHOUSE_REDACTION_SECRET!);
 * const keys = deriveOrgKeys(master, 'acme');
 * keys.hashKey.length; // 32
 * ```
 */
export function deriveOrgKeys(master: Uint8Array, orgId: string): OrgRedactionKeys {
  assertMaster(master);
  assertString(orgId, 'orgId');
  let orgs = cache.get(master);
  if (!orgs) cache.set(master, (orgs = new BoundedLru(ORG_KEY_CACHE_SIZE)));
  let keys = orgs.get(orgId);
  if (!keys) {
    keys = { hashKey: derive(master, HASH_LABEL, orgId), fpeKey: derive(master, FPE_LABEL, orgId) };
    orgs.set(orgId, keys);
  }
  return keys;
}

function derive(master: Uint8Array, label: string, orgId: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', master).update(label, 'utf8').update(orgId, 'utf8').digest());
}

function assertMaster(master: unknown): asserts master is Uint8Array {
  if (!(master instanceof Uint8Array)) {
    throw new InvalidRedactionSecretError(`The master redaction secret must be a Uint8Array; got ${describeType(master)}. Pass it through parseRedactionSecret() first.`);
  }
  if (master.length < REDACTION_SECRET_MIN_BYTES) {
    throw new InvalidRedactionSecretError(`The master redaction secret is ${master.length} bytes; it needs at least ${REDACTION_SECRET_MIN_BYTES}. Generate one with randomRedactionSecret().`);
  }
}

/**
 * Reads a master redaction secret: bytes, or a string of base64 (standard or URL-safe,
 * padding optional) or hex. A string made only of hex digits, of even length, is read as
 * hex. It must decode to at least 32 bytes. Errors never echo the secret.
 *
 * @example
 * ```ts
 * const master = parseRedactionSecret(process.env.GATEHOUSE_REDACTION_SECRET!); // e.g. 44 base64 characters
 * parseRedactionSecret('0f'.repeat(32)).length; // 32
 * ```
 */
export function parseRedactionSecret(secret: Uint8Array | string): Uint8Array {
  if (secret instanceof Uint8Array) {
    assertMaster(secret);
    return new Uint8Array(secret);
  }
  if (typeof secret !== 'string') {
    throw new InvalidRedactionSecretError(`The redaction secret must be a Uint8Array or a base64 or hex string; got ${describeType(secret)}.`);
  }
  const s = secret.trim();
  const tooShort = (bytes: number, encoding: string) =>
    new InvalidRedactionSecretError(
      `The redaction secret decodes (as ${encoding}) to ${bytes} bytes; it needs at least ${REDACTION_SECRET_MIN_BYTES}, e.g. 44 base64 characters or 64 hex digits. Generate one with randomRedactionSecret().`,
    );
  if (s.length === 0) throw new InvalidRedactionSecretError('The redaction secret is empty; set it to at least 32 random bytes in base64 or hex (see randomRedactionSecret()).');
  if (/^[0-9a-fA-F]+$/.test(s) && s.length % 2 === 0) {
    if (s.length / 2 < REDACTION_SECRET_MIN_BYTES) throw tooShort(s.length / 2, 'hex');
    return new Uint8Array(Buffer.from(s, 'hex'));
  }
  const unpadded = s.replace(/={1,2}$/, '');
  const standard = /^[A-Za-z0-9+/]+$/.test(unpadded);
  const urlSafe = /^[A-Za-z0-9_-]+$/.test(unpadded);
  const paddingOk = unpadded.length === s.length || s.length % 4 === 0;
  if ((!standard && !urlSafe) || unpadded.length % 4 === 1 || !paddingOk) {
    throw new InvalidRedactionSecretError(
      `The redaction secret (a string of ${s.length} characters) is neither base64 nor hex; encode at least 32 random bytes as base64 or hex (see randomRedactionSecret()).`,
    );
  }
  const bytes = Buffer.from(unpadded, urlSafe && !standard ? 'base64url' : 'base64');
  if (bytes.length < REDACTION_SECRET_MIN_BYTES) throw tooShort(bytes.length, 'base64');
  return new Uint8Array(bytes);
}

/**
 * A fresh 32-byte master secret from the system's CSPRNG. Store it (base64 is convenient);
 * an engine given a new secret produces different hashes, tokens and pseudonyms.
 *
 * @example
 * ```ts
 * const secret = randomRedactionSecret();
 * console.log(Buffer.from(secret).toString('base64')); // put this in GATEHOUSE_REDACTION_SECRET
 * ```
 */
export function randomRedactionSecret(): Uint8Array {
  return new Uint8Array(randomBytes(REDACTION_SECRET_MIN_BYTES));
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
