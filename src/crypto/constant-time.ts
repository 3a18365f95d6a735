import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string | Uint8Array): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Compares two secrets without leaking, through timing, where they first differ or how long
 * they are. Both sides are hashed to 32-byte SHA-256 digests first, because
 * `timingSafeEqual` needs equal lengths and an early length check would itself leak.
 * Strings are compared as UTF-8.
 *
 * @example
 * ```ts
 * constantTimeEqual(presentedToken, expectedToken); // true or false, in the same time
 * ```
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Compares two equal-purpose digests (for example two SHA-256 values) in constant time.
 * Different lengths return false; the length of a digest is not secret.
 */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}
