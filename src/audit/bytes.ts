/** Byte helpers for hashes and digests: comparison and strict hex, over the crypto layer's. */
import { digestsEqual } from '../crypto/constant-time.js';
import { fromHex as decodeHex, toHex as hex } from '../crypto/encoding.js';

/**
 * Equal bytes, compared in constant time for equal lengths (digests are compared with
 * digests computed under a secret key; their length is not secret).
 */
export function bytesEqual(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return digestsEqual(a, b);
}

/** Lower-case hex; null stays null. */
export function toHex(bytes: Uint8Array): string;
export function toHex(bytes: Uint8Array | null): string | null;
export function toHex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : hex(bytes);
}

// Stricter than the crypto layer's decoder: stored digests are lower case.
const LOWER_HEX = /^[0-9a-f]*$/;

/** Lower-case, even-length hex to bytes; undefined for anything else (no lenient decoding). */
export function fromHex(text: unknown): Uint8Array | undefined {
  return typeof text === 'string' && LOWER_HEX.test(text) ? decodeHex(text) : undefined;
}
