import { randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';

/**
 * The thin Ed25519 layer over `@noble/ed25519`, with exact-length checks at the edge. It
 * uses noble's async API, whose SHA-512 comes from WebCrypto, so Gatehouse never writes
 * `ed.hashes.sha512` (a global setting that the host app may own). The RFC 8032 vectors run
 * through these functions.
 */

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SECRET_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength !== length) throw new RangeError(`An Ed25519 ${what} is exactly ${length} bytes.`);
}

/** The 32-byte public key of a 32-byte secret key (seed). */
export async function ed25519PublicKey(secretKey: Uint8Array): Promise<Uint8Array> {
  checkLength(secretKey, ED25519_SECRET_KEY_BYTES, 'secret key');
  return ed.getPublicKeyAsync(secretKey);
}

/**
 * A deterministic RFC 8032 signature (64 bytes) of `message`.
 *
 * @example
 * ```ts
 * const signature = await ed25519Sign(new TextEncoder().encode('hello'), secretKey);
 * ```
 */
export async function ed25519Sign(message: Uint8Array, secretKey: Uint8Array): Promise<Uint8Array> {
  checkLength(secretKey, ED25519_SECRET_KEY_BYTES, 'secret key');
  return ed.signAsync(message, secretKey);
}

/**
 * True only for a valid signature under RFC 8032 / FIPS 186-5 rules (noble's strict mode,
 * not ZIP-215): wrong lengths, non-canonical encodings and invalid points are all false.
 *
 * @example
 * ```ts
 * await ed25519Verify(signature, message, publicKey); // true or false, never throws on bad input
 * ```
 */
export async function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  if (!(signature instanceof Uint8Array) || signature.byteLength !== ED25519_SIGNATURE_BYTES) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.byteLength !== ED25519_PUBLIC_KEY_BYTES) return false;
  try {
    return await ed.verifyAsync(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** A new key pair from 32 bytes of `node:crypto` randomness. */
export async function ed25519KeyPair(): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
  const secretKey = new Uint8Array(randomBytes(ED25519_SECRET_KEY_BYTES));
  return { secretKey, publicKey: await ed25519PublicKey(secretKey) };
}
