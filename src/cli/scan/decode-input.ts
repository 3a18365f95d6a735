/** How many leading bytes are checked for a NUL byte, the sign of a binary file (as git does). */
const BINARY_PROBE_BYTES = 8_000;

/**
 * Decodes a file's bytes to text, or returns `null` for a binary file (one with a NUL byte
 * near the start). UTF-16 files are recognised by their byte-order mark; everything else is
 * read as UTF-8, with a UTF-8 byte-order mark dropped and invalid sequences replaced by U+FFFD,
 * so offsets count characters of the decoded text.
 *
 * @example
 * ```ts
 * decodeInput(new TextEncoder().encode('hello')); // 'hello'
 * decodeInput(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00])); // null
 * ```
 */
export function decodeInput(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const probe = Math.min(bytes.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return null;
  return new TextDecoder('utf-8').decode(bytes);
}
