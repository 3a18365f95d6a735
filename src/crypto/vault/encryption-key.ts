import { createHash } from 'node:crypto';
import { fromBase64, fromBase64Url, fromHex, toHex } from '../encoding.js';
import { Secret } from '../secret.js';
import { EncryptionKeyError } from './vault-errors.js';

/** AES-256 needs exactly this many key bytes. */
export const ENCRYPTION_KEY_BYTES = 32;

/** An explicit key id: 1 to 32 letters, digits, `_` or `-` (no `.`, the envelope separator). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** One AES-256-GCM key and the id that envelopes encrypted under it carry. */
export interface VaultKey {
  readonly kid: string;
  readonly key: Secret<Uint8Array>;
}

/**
 * The default key id: the first 8 hex characters of SHA-256 over a fixed label and the key.
 * The label keeps this digest distinct from any other hash of the same key; 32 bits of a
 * hash of a 256-bit random key reveal nothing useful about it.
 *
 * @example
 * ```ts
 * deriveKeyId(new Uint8Array(32)); // 8 lowercase hex characters, the same on every machine
 * ```
 */
export function deriveKeyId(key: Uint8Array): string {
  const hash = createHash('sha256').update('gatehouse.vault.kid\0').update(key).digest();
  return toHex(hash.subarray(0, 4));
}

const HEX_ONLY = /^[0-9a-fA-F]+$/;
const EXPLICIT_KID = /^([^:]*):(.*)$/s;

function decodeKeyText(text: string, source: string): { bytes: Uint8Array; encoding: string } {
  if (HEX_ONLY.test(text) && text.length % 2 === 0) {
    return { bytes: fromHex(text)!, encoding: 'hex' };
  }
  // Standard or url-safe alphabet, with or without padding.
  const unpadded = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  const b64 = fromBase64(unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4)) ?? fromBase64Url(unpadded);
  if (b64) return { bytes: b64, encoding: 'base64' };
  throw new EncryptionKeyError(
    'not_decodable',
    source,
    'the key is neither hex nor base64. Give 32 random bytes as 64 hex characters (openssl rand -hex 32) or as base64 (openssl rand -base64 32).',
  );
}

/**
 * Parses one encryption key: 32 bytes as hex (64 characters) or base64 (standard or url-safe,
 * padded or not), optionally prefixed by an explicit key id as `kid:key`. Surrounding
 * whitespace (a trailing newline from a secret file) is ignored. Without an explicit id the
 * id is {@link deriveKeyId}.
 *
 * Throws {@link EncryptionKeyError} naming `source` and the problem (empty, not decodable,
 * wrong length, bad key id); the message never contains the key.
 *
 * @example
 * ```ts
 * parseEncryptionKey(process.env.CONNECTOR_ENCRYPTION_KEY!, 'CONNECTOR_ENCRYPTION_KEY');
 * parseEncryptionKey('2025-06:' + base64Key); // kid '2025-06'
 * ```
 */
export function parseEncryptionKey(value: string | Secret<string>, source = 'encryption key'): VaultKey {
  const raw = (typeof value === 'string' ? value : value.expose()).trim();
  if (raw === '') {
    throw new EncryptionKeyError('empty', source, 'the key is set but empty. Set it to 32 random bytes (openssl rand -base64 32), or unset it.');
  }
  let kid: string | undefined;
  let keyText = raw;
  const explicit = EXPLICIT_KID.exec(raw);
  if (explicit) {
    kid = explicit[1]!.trim();
    keyText = explicit[2]!.trim();
    if (!KEY_ID_PATTERN.test(kid)) {
      throw new EncryptionKeyError('bad_key_id', source, 'the key id before ":" must be 1 to 32 letters, digits, "_" or "-".');
    }
    if (keyText === '') throw new EncryptionKeyError('empty', source, `the key with id "${kid}" is empty.`);
  }
  const { bytes, encoding } = decodeKeyText(keyText, source);
  if (bytes.byteLength !== ENCRYPTION_KEY_BYTES) {
    const n = bytes.byteLength;
    bytes.fill(0);
    throw new EncryptionKeyError(
      'wrong_length',
      source,
      `the key decodes (as ${encoding}) to ${n} bytes; AES-256-GCM needs exactly ${ENCRYPTION_KEY_BYTES}. Generate one with openssl rand -base64 32.`,
    );
  }
  const key = new Secret(bytes);
  const id = kid ?? deriveKeyId(bytes);
  bytes.fill(0);
  return { kid: id, key };
}
