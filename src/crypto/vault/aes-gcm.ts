import { gcm } from '@noble/ciphers/aes.js';
import { NONCE_BYTES, TAG_BYTES } from './envelope.js';

/**
 * The thin AES-256-GCM layer over `@noble/ciphers`, with exact-length checks at the edge.
 * Everything above it works on keys, nonces and envelopes; this is the only file that
 * touches the cipher, and the NIST SP 800-38D vectors run through it.
 */

function checkLengths(key: Uint8Array, nonce: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength !== 32) throw new RangeError('AES-256-GCM needs a 32-byte key.');
  if (!(nonce instanceof Uint8Array) || nonce.byteLength !== NONCE_BYTES) throw new RangeError(`AES-256-GCM here uses a ${NONCE_BYTES}-byte nonce.`);
}

/**
 * Encrypts and authenticates: returns the ciphertext with the 16-byte tag appended. The
 * nonce must never repeat under one key; the vault draws a fresh random one every time.
 *
 * @example
 * ```ts
 * const sealed = aesGcmSeal(key, randomBytes(12), plaintext, associatedData);
 * ```
 */
export function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  checkLengths(key, nonce);
  return gcm(key, nonce, aad).encrypt(plaintext);
}

/**
 * Authenticates and decrypts; `undefined` when the tag does not match (any change to the
 * key, nonce, ciphertext, tag or associated data). Plaintext is never released before the
 * tag is checked.
 *
 * @example
 * ```ts
 * const plaintext = aesGcmOpen(key, nonce, sealed, associatedData); // Uint8Array | undefined
 * ```
 */
export function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  checkLengths(key, nonce);
  if (sealed.byteLength < TAG_BYTES) return undefined;
  try {
    return gcm(key, nonce, aad).decrypt(sealed);
  } catch {
    return undefined;
  }
}
