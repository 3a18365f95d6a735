import { createHash } from 'node:crypto';
import { fromBase64Url, toBase64Url, toHex } from '../encoding.js';
import { Secret } from '../secret.js';
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SECRET_KEY_BYTES, ed25519KeyPair } from './ed25519.js';
import { LicenseKeyError } from './license-error.js';

/** Prefix of a license verification (public) key: `GHLPK1.` + base64url of 32 bytes. */
export const LICENSE_PUBLIC_KEY_PREFIX = 'GHLPK1.';
/** Prefix of a license signing (secret) key: `GHLSK1.` + base64url of the 32-byte seed. */
export const LICENSE_SECRET_KEY_PREFIX = 'GHLSK1.';

/** A parsed license verification key. */
export interface LicensePublicKey {
  readonly bytes: Uint8Array;
  /** First 8 hex characters of SHA-256 of the key: a short, public name for it. */
  readonly keyId: string;
}

/** The short public id of a license public key. */
export function licenseKeyId(publicKey: Uint8Array): string {
  return toHex(createHash('sha256').update(publicKey).digest().subarray(0, 4));
}

/** The text form of a public key: `GHLPK1.<base64url>`. */
export function formatLicensePublicKey(publicKey: Uint8Array): string {
  if (publicKey.byteLength !== ED25519_PUBLIC_KEY_BYTES) throw new LicenseKeyError(`A license public key is ${ED25519_PUBLIC_KEY_BYTES} bytes.`);
  return LICENSE_PUBLIC_KEY_PREFIX + toBase64Url(publicKey);
}

/**
 * Parses a verification key given as `GHLPK1.<base64url>` or as 32 raw bytes. Throws
 * {@link LicenseKeyError} for any other shape or length.
 *
 * @example
 * ```ts
 * parseLicensePublicKey('GHLPK1.11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo').keyId;
 * ```
 */
export function parseLicensePublicKey(input: string | Uint8Array): LicensePublicKey {
  let bytes: Uint8Array | undefined;
  if (input instanceof Uint8Array) bytes = Uint8Array.from(input);
  else if (typeof input === 'string') {
    const text = input.trim();
    if (!text.startsWith(LICENSE_PUBLIC_KEY_PREFIX)) {
      throw new LicenseKeyError(
        text.startsWith(LICENSE_SECRET_KEY_PREFIX)
          ? 'A license SECRET key was given where a public key is expected. Configure the GHLPK1. public key; keep the secret key with the vendor.'
          : `A license public key starts with "${LICENSE_PUBLIC_KEY_PREFIX}".`,
      );
    }
    bytes = fromBase64Url(text.slice(LICENSE_PUBLIC_KEY_PREFIX.length));
  }
  if (!bytes || bytes.byteLength !== ED25519_PUBLIC_KEY_BYTES) {
    throw new LicenseKeyError(`A license public key is ${LICENSE_PUBLIC_KEY_PREFIX} followed by exactly ${ED25519_PUBLIC_KEY_BYTES} bytes of base64url.`);
  }
  return Object.freeze({ bytes, keyId: licenseKeyId(bytes) });
}

/**
 * Parses a signing key given as `GHLSK1.<base64url>` (in a string or a {@link Secret}) or as
 * 32 raw bytes. Returns the 32-byte seed; the caller wipes it after use. Errors never echo
 * the input.
 */
export function parseLicenseSecretKey(input: string | Uint8Array | Secret): Uint8Array {
  const value = input instanceof Secret ? input.expose() : input;
  let bytes: Uint8Array | undefined;
  if (value instanceof Uint8Array) bytes = Uint8Array.from(value);
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!text.startsWith(LICENSE_SECRET_KEY_PREFIX)) throw new LicenseKeyError(`A license secret key starts with "${LICENSE_SECRET_KEY_PREFIX}".`);
    bytes = fromBase64Url(text.slice(LICENSE_SECRET_KEY_PREFIX.length));
  }
  if (!bytes || bytes.byteLength !== ED25519_SECRET_KEY_BYTES) {
    bytes?.fill(0);
    throw new LicenseKeyError(`A license secret key is ${LICENSE_SECRET_KEY_PREFIX} followed by exactly ${ED25519_SECRET_KEY_BYTES} bytes of base64url.`);
  }
  return bytes;
}

/** A new license key pair, as text. */
export interface LicenseKeyPair {
  /** `GHLPK1.…`: ship it in the product (or configure it); it only verifies. */
  readonly publicKey: string;
  /** `GHLSK1.…`: the vendor's signing key. Keep it in a secret manager. */
  readonly secretKey: Secret<string>;
  readonly keyId: string;
}

/**
 * Generates an Ed25519 license key pair from `node:crypto` randomness.
 *
 * @example
 * ```ts
 * const { publicKey, secretKey, keyId } = await generateLicenseKeyPair();
 * ```
 */
export async function generateLicenseKeyPair(): Promise<LicenseKeyPair> {
  const { secretKey, publicKey } = await ed25519KeyPair();
  const secretText = new Secret(LICENSE_SECRET_KEY_PREFIX + toBase64Url(secretKey));
  secretKey.fill(0);
  return Object.freeze({ publicKey: formatLicensePublicKey(publicKey), secretKey: secretText, keyId: licenseKeyId(publicKey) });
}
