/**
 * Ed25519 signatures of evidence manifests, over @noble/ed25519's async API (SHA-512 from
 * WebCrypto, so Gatehouse never touches noble's global `hashes` setting, which the host app may
 * own). Lengths are checked at the edge; verification never throws on bad input.
 */
import * as ed from '@noble/ed25519';
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import type { SecretBytesSource } from './audit-keys.js';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNING_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/** A 32-byte Ed25519 secret key (seed), or a `Secret` holding one. */
export type EvidenceSigningKey = Uint8Array | SecretBytesSource;

export function signingKeyBytes(key: EvidenceSigningKey): Uint8Array {
  const bytes = key instanceof Uint8Array ? key : typeof key === 'object' && key !== null && typeof key.exposeBytes === 'function' ? key.exposeBytes() : undefined;
  if (bytes === undefined) throw new GatehouseTypeError('options.signingKey must be a Uint8Array or a Secret holding the 32-byte Ed25519 secret key.');
  if (bytes.byteLength !== SIGNING_KEY_BYTES) throw new InvalidOptionError(`options.signingKey must be exactly ${SIGNING_KEY_BYTES} bytes (an Ed25519 secret key); got ${bytes.byteLength}.`);
  return bytes;
}

export function publicKeyOf(secretKey: Uint8Array): Promise<Uint8Array> {
  return ed.getPublicKeyAsync(secretKey);
}

export function sign(message: Uint8Array, secretKey: Uint8Array): Promise<Uint8Array> {
  return ed.signAsync(message, secretKey);
}

/** True only for a valid signature (RFC 8032 strict); false for wrong lengths or any error. */
export async function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  if (signature.byteLength !== SIGNATURE_BYTES || publicKey.byteLength !== PUBLIC_KEY_BYTES) return false;
  try {
    return await ed.verifyAsync(signature, message, publicKey);
  } catch {
    return false;
  }
}
