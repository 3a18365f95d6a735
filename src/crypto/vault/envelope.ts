import { fromBase64Url, toBase64Url } from '../encoding.js';
import { KEY_ID_PATTERN } from './encryption-key.js';
import { CredentialDecryptError } from './vault-errors.js';

/** Version tag of an AES-256-GCM envelope. Bound into the associated data. */
export const ENVELOPE_VERSION = 'ghv1';
/** Version tag of a development-only plaintext envelope. */
export const PLAINTEXT_ENVELOPE_VERSION = 'ghplain';

/** GCM nonce length: 96 bits, the length GCM is specified and analysed for. */
export const NONCE_BYTES = 12;
/** GCM authentication tag length: 128 bits. */
export const TAG_BYTES = 16;
/** Longest envelope string accepted; a credential is a few hundred bytes. */
export const MAX_ENVELOPE_LENGTH = 1 << 20;

/** An encrypted credential: the key id, the nonce and the ciphertext with its tag appended. */
export interface SealedEnvelope {
  readonly version: typeof ENVELOPE_VERSION;
  readonly kid: string;
  readonly nonce: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM tag. */
  readonly ciphertext: Uint8Array;
}

/** A credential stored without encryption (development only, when explicitly allowed). */
export interface PlaintextEnvelope {
  readonly version: typeof PLAINTEXT_ENVELOPE_VERSION;
  readonly plaintext: Uint8Array;
}

export type CredentialEnvelope = SealedEnvelope | PlaintextEnvelope;

/**
 * The compact string form stored in the credentials table:
 * `ghv1.<kid>.<base64url nonce>.<base64url ciphertext+tag>`, or `ghplain.<base64url bytes>`
 * for a development plaintext envelope.
 *
 * @example
 * ```ts
 * formatEnvelope({ version: 'ghv1', kid: '1a2b3c4d', nonce, ciphertext });
 * // 'ghv1.1a2b3c4d.q83vEjRWeJCrze8S.7mS…'
 * ```
 */
export function formatEnvelope(envelope: CredentialEnvelope): string {
  if (envelope.version === PLAINTEXT_ENVELOPE_VERSION) return `${PLAINTEXT_ENVELOPE_VERSION}.${toBase64Url(envelope.plaintext)}`;
  if (envelope.version !== ENVELOPE_VERSION) throw new TypeError(`Unknown envelope version; expected "${ENVELOPE_VERSION}" or "${PLAINTEXT_ENVELOPE_VERSION}".`);
  return `${ENVELOPE_VERSION}.${envelope.kid}.${toBase64Url(envelope.nonce)}.${toBase64Url(envelope.ciphertext)}`;
}

function malformed(detail: string): CredentialDecryptError {
  return new CredentialDecryptError('CREDENTIAL_MALFORMED', `The stored credential is not a valid envelope: ${detail}.`);
}

/**
 * Parses the string form. Every field is checked for shape and exact length (canonical
 * base64url, a 12-byte nonce, at least a 16-byte tag); anything else throws
 * {@link CredentialDecryptError} with code `CREDENTIAL_MALFORMED`. Parsing does not
 * authenticate: only decryption does.
 *
 * @example
 * ```ts
 * parseEnvelope(row.secret).kid; // which key a stored credential needs
 * ```
 */
export function parseEnvelope(text: string): CredentialEnvelope {
  if (typeof text !== 'string') throw malformed('expected a string');
  if (text.length > MAX_ENVELOPE_LENGTH) throw malformed(`it is longer than ${MAX_ENVELOPE_LENGTH} characters`);
  const parts = text.split('.');
  const version = parts[0];
  if (version === PLAINTEXT_ENVELOPE_VERSION) {
    if (parts.length !== 2) throw malformed('a plaintext envelope has two dot-separated parts');
    const plaintext = fromBase64Url(parts[1]!);
    if (!plaintext) throw malformed('the plaintext part is not canonical base64url');
    return { version: PLAINTEXT_ENVELOPE_VERSION, plaintext };
  }
  if (version !== ENVELOPE_VERSION) throw malformed(`unknown version tag (expected "${ENVELOPE_VERSION}")`);
  if (parts.length !== 4) throw malformed('an envelope has four dot-separated parts');
  const kid = parts[1]!;
  if (!KEY_ID_PATTERN.test(kid)) throw malformed('the key id has characters outside [A-Za-z0-9_-] or is longer than 32');
  const nonce = fromBase64Url(parts[2]!);
  if (!nonce || nonce.byteLength !== NONCE_BYTES) throw malformed(`the nonce is not ${NONCE_BYTES} bytes of canonical base64url`);
  const ciphertext = fromBase64Url(parts[3]!);
  if (!ciphertext || ciphertext.byteLength < TAG_BYTES) throw malformed(`the ciphertext is not canonical base64url of at least ${TAG_BYTES} bytes`);
  return { version: ENVELOPE_VERSION, kid, nonce, ciphertext };
}
