/** Byte helpers for hashes and digests: comparison and strict hex. */
import { timingSafeEqual } from 'node:crypto';

/**
 * Equal bytes, compared in constant time for equal lengths (digests are compared with
 * digests computed under a secret key; their length is not secret).
 */
export function bytesEqual(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** Lower-case hex; null stays null. */
export function toHex(bytes: Uint8Array): string;
export function toHex(bytes: Uint8Array | null): string | null;
export function toHex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lower-case, even-length hex to bytes; undefined for anything else (no lenient decoding). */
export function fromHex(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !HEX.test(text)) return undefined;
  const buffer = Buffer.from(text, 'hex');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
