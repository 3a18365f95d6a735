/**
 * Typed errors of the credential vault. Messages name the variable, the key id or the
 * credential binding, and never contain key material or plaintext.
 */
import { GatehouseError } from '../../errors.js';

/** Why an encryption key was rejected at startup. */
export type EncryptionKeyProblem = 'empty' | 'not_decodable' | 'wrong_length' | 'bad_key_id' | 'duplicate_key_id';

/**
 * `CONNECTOR_ENCRYPTION_KEY` (or another configured key) is unusable. Thrown while loading
 * configuration, so the app fails at startup rather than on the first credential write.
 * `problem` says which check failed; `source` names where the key came from.
 *
 * @example
 * ```ts
 * try { loadKeyringFromEnv() }
 * catch (e) { if (e instanceof EncryptionKeyError) { console.error(e.message); process.exit(1) } }
 * ```
 */
export class EncryptionKeyError extends GatehouseError {
  readonly problem: EncryptionKeyProblem;
  readonly source: string;
  constructor(problem: EncryptionKeyProblem, source: string, detail: string) {
    super('ENCRYPTION_KEY_INVALID', `${source}: ${detail}`);
    this.problem = problem;
    this.source = source;
  }
}

/**
 * No encryption key is configured, and storing the credential in plaintext is not allowed
 * (always the case with `NODE_ENV=production`).
 */
export class EncryptionKeyMissingError extends GatehouseError {
  constructor(message: string) {
    super('ENCRYPTION_KEY_MISSING', message);
  }
}

/** Why a stored credential could not be decrypted. */
export type CredentialDecryptCode =
  | 'CREDENTIAL_TAMPERED'
  | 'CREDENTIAL_KEY_UNKNOWN'
  | 'CREDENTIAL_MALFORMED'
  | 'CREDENTIAL_PLAINTEXT_REFUSED';

/**
 * A stored credential did not decrypt.
 *
 * - `CREDENTIAL_TAMPERED`: authentication failed. The nonce, ciphertext, tag or key id was
 *   changed, or the envelope was copied to another org or credential row.
 * - `CREDENTIAL_KEY_UNKNOWN`: the envelope names a key id that is not loaded. Load the old
 *   key (for example in `CONNECTOR_ENCRYPTION_KEY_PREVIOUS`) until `rotate()` has moved
 *   every credential onto the current one.
 * - `CREDENTIAL_MALFORMED`: not an envelope this version understands.
 * - `CREDENTIAL_PLAINTEXT_REFUSED`: a development-only plaintext envelope was read where
 *   plaintext is not allowed.
 */
export class CredentialDecryptError extends GatehouseError {
  declare readonly code: CredentialDecryptCode;
  constructor(code: CredentialDecryptCode, message: string) {
    super(code, message);
  }
}
