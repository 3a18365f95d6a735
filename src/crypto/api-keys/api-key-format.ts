import { createHash } from 'node:crypto';
import { crc32Ascii } from '../../detectors/validators/github-token.js';
import { Secret } from '../secret.js';
import { base62Fixed, randomBase62 } from './base62.js';

/** Tenant keys call Decision Mode for one org; admin keys run cross-tenant operations. */
export type ApiKeyKind = 'tenant' | 'admin';
/** Tenant keys are for live traffic or for testing. */
export type ApiKeyEnvironment = 'live' | 'test';

/** The prefixes, each naming the key's kind (and environment). */
export const API_KEY_PREFIXES = { live: 'gh_live_', test: 'gh_test_', admin: 'gh_admin_' } as const;

/** Length of the key id: public, random, the lookup prefix (about 71 bits). */
export const API_KEY_ID_LENGTH = 12;
/** Length of the secret part: 44 base62 characters, about 262 bits of randomness. */
export const API_KEY_SECRET_LENGTH = 44;
/** Length of the checksum: CRC-32 in base62, to catch typos offline. */
export const API_KEY_CHECKSUM_LENGTH = 6;

const BODY = new RegExp(`^[0-9A-Za-z]{${API_KEY_ID_LENGTH + API_KEY_SECRET_LENGTH + API_KEY_CHECKSUM_LENGTH}}$`);

/** An API key split into its parts. `value` is the whole key; the rest is public. */
export interface ParsedApiKey {
  readonly kind: ApiKeyKind;
  /** `null` for admin keys. */
  readonly environment: ApiKeyEnvironment | null;
  readonly keyId: string;
  /** `gh_live_` + key id: safe to show in lists and logs. */
  readonly displayPrefix: string;
  readonly value: Secret<string>;
}

function prefixFor(kind: ApiKeyKind, environment: ApiKeyEnvironment | null): string {
  return kind === 'admin' ? API_KEY_PREFIXES.admin : API_KEY_PREFIXES[environment ?? 'live'];
}

/** The checksum of everything before it: CRC-32 of the ASCII text, as 6 base62 characters. */
export function apiKeyChecksum(withoutChecksum: string): string {
  return base62Fixed(crc32Ascii(withoutChecksum), API_KEY_CHECKSUM_LENGTH);
}

/**
 * A new random API key: `gh_live_` / `gh_test_` / `gh_admin_`, then a 12-character key id,
 * a 44-character secret and a 6-character checksum, all base62.
 *
 * @example
 * ```ts
 * const { value, keyId } = generateApiKey('tenant', 'live');
 * value.expose(); // 'gh_live_' + 62 base62 characters, shown to the user once
 * ```
 */
export function generateApiKey(kind: ApiKeyKind, environment: ApiKeyEnvironment | null = kind === 'admin' ? null : 'live'): ParsedApiKey {
  const env = kind === 'admin' ? null : (environment ?? 'live');
  const prefix = prefixFor(kind, env);
  const keyId = randomBase62(API_KEY_ID_LENGTH);
  const head = prefix + keyId + randomBase62(API_KEY_SECRET_LENGTH);
  return Object.freeze({ kind, environment: env, keyId, displayPrefix: prefix + keyId, value: new Secret(head + apiKeyChecksum(head)) });
}

/**
 * Splits a presented key into its parts, checking prefix, length, alphabet and checksum;
 * `undefined` when any is wrong. Needs no database, so a mistyped or truncated key is
 * rejected before any lookup.
 *
 * @example
 * ```ts
 * parseApiKey(headerValue)?.keyId; // the lookup id, or undefined for a malformed key
 * ```
 */
export function parseApiKey(presented: string | Secret<string>): ParsedApiKey | undefined {
  const text = typeof presented === 'string' ? presented : presented.expose();
  if (typeof text !== 'string') return undefined;
  let kind: ApiKeyKind;
  let environment: ApiKeyEnvironment | null;
  let body: string;
  if (text.startsWith(API_KEY_PREFIXES.live)) [kind, environment, body] = ['tenant', 'live', text.slice(API_KEY_PREFIXES.live.length)];
  else if (text.startsWith(API_KEY_PREFIXES.test)) [kind, environment, body] = ['tenant', 'test', text.slice(API_KEY_PREFIXES.test.length)];
  else if (text.startsWith(API_KEY_PREFIXES.admin)) [kind, environment, body] = ['admin', null, text.slice(API_KEY_PREFIXES.admin.length)];
  else return undefined;
  if (!BODY.test(body)) return undefined;
  const split = text.length - API_KEY_CHECKSUM_LENGTH;
  if (apiKeyChecksum(text.slice(0, split)) !== text.slice(split)) return undefined;
  const keyId = body.slice(0, API_KEY_ID_LENGTH);
  return Object.freeze({ kind, environment, keyId, displayPrefix: prefixFor(kind, environment) + keyId, value: new Secret(text) });
}

/**
 * True when `text` has the shape and checksum of a Gatehouse API key.
 *
 * @example
 * ```ts
 * isWellFormedApiKey(pasted); // false for a typo, before any network call
 * ```
 */
export function isWellFormedApiKey(text: string): boolean {
  return parseApiKey(text) !== undefined;
}

/** The stored digest of a key: SHA-256 of the whole key string, as lowercase hex. */
export function apiKeyDigest(key: string | Secret<string>): string {
  return createHash('sha256').update(typeof key === 'string' ? key : key.expose(), 'utf8').digest('hex');
}
