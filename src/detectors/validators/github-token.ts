/**
 * The checksum of GitHub's prefixed tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`).
 *
 * GitHub's announcement ("Behind GitHub's new authentication token formats", github.blog,
 * 2021-04-05) says the last six characters are a 32-bit checksum. As implemented by secret
 * scanners that verify real tokens: the 30 random characters after the prefix are hashed with
 * CRC-32 (IEEE 802.3, the zlib one), and the hash is written in base62 with the alphabet
 * `0-9A-Z a-z`, left-padded with `0` to six characters.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE, reflected, polynomial 0xEDB88320) of the low byte of each UTF-16 unit of
 * `s`; exact for ASCII, which is all a token holds.
 *
 * @example
 * ```ts
 * crc32Ascii('123456789'); // 0xcbf43926, the standard check value
 * ```
 */
export function crc32Ascii(s: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The six-character base62 checksum GitHub appends to the 30 random characters of a token.
 *
 * @example
 * ```ts
 * const random = 'a'.repeat(30);
 * const token = 'ghp_' + random + githubTokenChecksum(random);
 * ```
 */
export function githubTokenChecksum(random: string): string {
  let n = crc32Ascii(random);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/**
 * True when a classic GitHub token (`gh?_` + 36 base62 characters) carries a correct checksum.
 * Any other shape returns false.
 *
 * @example
 * ```ts
 * isValidGithubTokenChecksum('ghp_' + 'a'.repeat(30) + githubTokenChecksum('a'.repeat(30))); // true
 * isValidGithubTokenChecksum('ghp_' + 'a'.repeat(36)); // false
 * ```
 */
export function isValidGithubTokenChecksum(token: string): boolean {
  if (token.length !== 40 || token.charCodeAt(3) !== 95 /* _ */) return false;
  return githubTokenChecksum(token.slice(4, 34)) === token.slice(34);
}
