/**
 * Strict byte encodings for keys, envelopes and tokens.
 *
 * Node's decoders are lenient: they skip characters outside the alphabet and ignore
 * non-zero padding bits, so two different strings can decode to the same bytes. Every
 * decoder here accepts only the canonical encoding (it must re-encode to the same text),
 * which keeps envelopes and license tokens non-malleable: a changed character is always
 * a changed value.
 */

const BASE64URL_CHARS = /^[A-Za-z0-9_-]*$/;
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_CHARS = /^[0-9a-fA-F]*$/;

/** Bytes as unpadded base64url (RFC 4648 section 5). */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Canonical unpadded base64url to bytes; `undefined` for anything else. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL_CHARS.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Canonical padded base64 (RFC 4648 section 4) to bytes; `undefined` for anything else. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64_CHARS.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Hex (either case, even length) to bytes; `undefined` for anything else. */
export function fromHex(text: string): Uint8Array | undefined {
  if (!HEX_CHARS.test(text) || text.length % 2 !== 0) return undefined;
  const bytes = Buffer.from(text, 'hex');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes to a string; `undefined` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8_FATAL.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A string as UTF-8 bytes. */
export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
