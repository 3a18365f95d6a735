import { randomBytes } from 'node:crypto';

/** The base62 alphabet, digits then upper then lower case (the order GitHub's tokens use). */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `length` uniformly random base62 characters: each carries log2(62) ≈ 5.954 bits. Bytes of
 * 248 or more are rejected (248 = 4 × 62) so that no character is more likely than another.
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62_ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A non-negative integer as exactly `width` base62 digits, left-padded with `0`. */
export function base62Fixed(value: number, width: number): string {
  let n = value;
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62_ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}
