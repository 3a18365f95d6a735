import { randomBytes } from 'node:crypto';
import { GatehouseTypeError } from '../../errors.js';
import { decodeUtf8, encodeUtf8 } from '../encoding.js';
import { consoleLogger, type CryptoLogger } from '../logger.js';
import { Secret } from '../secret.js';
import { aesGcmOpen, aesGcmSeal } from './aes-gcm.js';
import { associatedData, type CredentialBinding } from './associated-data.js';
import {
  ENVELOPE_VERSION, NONCE_BYTES, PLAINTEXT_ENVELOPE_VERSION, formatEnvelope, parseEnvelope,
  type CredentialEnvelope, type SealedEnvelope,
} from './envelope.js';
import type { Keyring } from './keyring.js';
import { loadKeyringFromEnv } from './keyring.js';
import { CredentialDecryptError, EncryptionKeyMissingError } from './vault-errors.js';

/** Options of {@link createCredentialVault}. */
export interface CredentialVaultOptions {
  /** The loaded keys. Without one the vault cannot encrypt (see `allowPlaintextInDevelopment`). */
  keyring?: Keyring;
  /** Defaults to `process.env.NODE_ENV`. */
  nodeEnv?: string;
  /**
   * With no keyring, store credentials unencrypted. Honoured only when `nodeEnv` is
   * `development` or `test`; never in production or with `NODE_ENV` unset. Default false.
   */
  allowPlaintextInDevelopment?: boolean;
  /** Receives the one-time plaintext warning. Defaults to `console`. */
  logger?: CryptoLogger;
}

/** A credential to store: a string (UTF-8 encoded), bytes, or a {@link Secret} of either. */
export type CredentialPlaintext = string | Uint8Array | Secret;

/**
 * Encrypts provider credentials for storage and decrypts them for use. Works on envelope
 * strings (see {@link formatEnvelope}); the storage layer keeps them in the credentials
 * table next to the org id and credential id they are bound to.
 */
export interface CredentialVault {
  /** `encrypted` with a keyring; `plaintext` in an allowed development setup; `disabled` otherwise. */
  readonly mode: 'encrypted' | 'plaintext' | 'disabled';
  /** The id of the key new envelopes use, when a keyring is loaded. */
  readonly currentKid: string | undefined;
  /** Encrypts under the current key with a fresh random nonce; returns the envelope string. */
  encrypt(plaintext: CredentialPlaintext, binding: CredentialBinding): string;
  /** Authenticates and decrypts an envelope bound to `binding`. */
  decrypt(envelope: string | CredentialEnvelope, binding: CredentialBinding): Secret<Uint8Array>;
  /** {@link CredentialVault.decrypt}, then UTF-8 decoding (malformed UTF-8 is `CREDENTIAL_MALFORMED`). */
  decryptText(envelope: string | CredentialEnvelope, binding: CredentialBinding): Secret<string>;
  /** Decrypts with whichever loaded key made the envelope and re-encrypts under the current key. */
  rotate(envelope: string | CredentialEnvelope, binding: CredentialBinding): string;
  /** True when the envelope was not made by the current key (or is a plaintext envelope). */
  needsRotation(envelope: string | CredentialEnvelope): boolean;
}

const PLAINTEXT_ENVS = new Set(['development', 'test']);

function checkBinding(binding: CredentialBinding): void {
  if (typeof binding !== 'object' || binding === null) throw new GatehouseTypeError('The "binding" argument must be { orgId, credentialId }.');
  for (const field of ['orgId', 'credentialId'] as const) {
    const v = binding[field];
    if (typeof v !== 'string' || v === '') throw new GatehouseTypeError(`binding.${field} must be a non-empty string.`);
  }
}

/** Parses a string, or re-validates an object, so both meet the same length and shape checks. */
function toEnvelope(envelope: string | CredentialEnvelope): CredentialEnvelope {
  if (typeof envelope === 'string') return parseEnvelope(envelope);
  let text: string;
  try {
    text = formatEnvelope(envelope);
  } catch {
    throw new CredentialDecryptError('CREDENTIAL_MALFORMED', 'The stored credential is not a valid envelope object.');
  }
  return parseEnvelope(text);
}

function plaintextBytes(plaintext: CredentialPlaintext): Uint8Array {
  if (plaintext instanceof Secret) return plaintext.exposeBytes();
  if (typeof plaintext === 'string') return encodeUtf8(plaintext);
  if (plaintext instanceof Uint8Array) return Uint8Array.from(plaintext);
  throw new GatehouseTypeError('The credential must be a string, a Uint8Array or a Secret.');
}

/**
 * Creates a credential vault.
 *
 * - With a keyring: AES-256-GCM, a fresh random 12-byte nonce per encryption, the org id and
 *   credential id (and the envelope version and key id) bound as associated data.
 * - Without one, and `NODE_ENV=production`: `encrypt` throws {@link EncryptionKeyMissingError}.
 * - Without one, in development or test, with `allowPlaintextInDevelopment: true`: stores a
 *   `ghplain.` envelope and warns once through `logger`.
 *
 * @example
 * ```ts
 * const vault = createCredentialVault({ keyring: loadKeyringFromEnv() });
 * const stored = vault.encrypt(new Secret(apiKey), { orgId: 'acme', credentialId: 'openai' });
 * const apiKey = vault.decryptText(stored, { orgId: 'acme', credentialId: 'openai' }).expose();
 * ```
 */
export function createCredentialVault(options: CredentialVaultOptions = {}): CredentialVault {
  const keyring = options.keyring;
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV;
  const logger = options.logger ?? consoleLogger;
  // Reading plaintext envelopes stays possible after a key is configured, so that rotate()
  // can move development data onto the key; writing them needs the key to be absent.
  const plaintextReadable = options.allowPlaintextInDevelopment === true && nodeEnv !== undefined && PLAINTEXT_ENVS.has(nodeEnv);
  const plaintextAllowed = plaintextReadable && !keyring;
  let warned = false;

  function missingKey(): EncryptionKeyMissingError {
    if (nodeEnv === 'production') {
      return new EncryptionKeyMissingError('Refusing to store a credential: CONNECTOR_ENCRYPTION_KEY is not set and NODE_ENV is production. Set it to 32 random bytes (openssl rand -base64 32).');
    }
    return new EncryptionKeyMissingError(
      'Cannot store a credential: CONNECTOR_ENCRYPTION_KEY is not set. Set it to 32 random bytes (openssl rand -base64 32), or, in development only, pass allowPlaintextInDevelopment: true (needs NODE_ENV=development or test).',
    );
  }

  function seal(bytes: Uint8Array, binding: CredentialBinding): string {
    if (!keyring) throw missingKey();
    const { kid, key } = keyring.current;
    const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
    const keyBytes = key.expose();
    try {
      const ciphertext = aesGcmSeal(keyBytes, nonce, bytes, associatedData(ENVELOPE_VERSION, kid, binding));
      return formatEnvelope({ version: ENVELOPE_VERSION, kid, nonce, ciphertext });
    } finally {
      keyBytes.fill(0);
    }
  }

  function open(envelope: string | CredentialEnvelope, binding: CredentialBinding): Uint8Array {
    checkBinding(binding);
    const parsed = toEnvelope(envelope);
    if (parsed.version === PLAINTEXT_ENVELOPE_VERSION) {
      if (!plaintextReadable) {
        throw new CredentialDecryptError(
          'CREDENTIAL_PLAINTEXT_REFUSED',
          `Credential ${binding.credentialId} of org ${binding.orgId} is stored unencrypted, which is only accepted in development with allowPlaintextInDevelopment. Re-save it with an encryption key configured.`,
        );
      }
      return Uint8Array.from(parsed.plaintext);
    }
    return openSealed(parsed, binding);
  }

  function openSealed(envelope: SealedEnvelope, binding: CredentialBinding): Uint8Array {
    const vaultKey = keyring?.get(envelope.kid);
    if (!vaultKey) {
      throw new CredentialDecryptError(
        'CREDENTIAL_KEY_UNKNOWN',
        `Credential ${binding.credentialId} of org ${binding.orgId} was encrypted with key id "${envelope.kid}", which is not loaded${keyring ? ` (loaded: ${keyring.kids.join(', ')})` : ' (no keys are loaded)'}. Add that key to CONNECTOR_ENCRYPTION_KEY_PREVIOUS.`,
      );
    }
    const keyBytes = vaultKey.key.expose();
    try {
      const plaintext = aesGcmOpen(keyBytes, envelope.nonce, envelope.ciphertext, associatedData(envelope.version, envelope.kid, binding));
      if (!plaintext) {
        throw new CredentialDecryptError(
          'CREDENTIAL_TAMPERED',
          `Credential ${binding.credentialId} of org ${binding.orgId} failed authentication: its envelope was modified, or it belongs to another org or credential.`,
        );
      }
      return plaintext;
    } finally {
      keyBytes.fill(0);
    }
  }

  return Object.freeze({
    mode: keyring ? 'encrypted' : plaintextAllowed ? 'plaintext' : 'disabled',
    currentKid: keyring?.current.kid,

    encrypt(plaintext: CredentialPlaintext, binding: CredentialBinding): string {
      checkBinding(binding);
      const bytes = plaintextBytes(plaintext);
      try {
        if (keyring) return seal(bytes, binding);
        if (!plaintextAllowed) throw missingKey();
        if (!warned) {
          warned = true;
          logger.warn(
            'Gatehouse is storing provider credentials UNENCRYPTED: CONNECTOR_ENCRYPTION_KEY is not set and allowPlaintextInDevelopment is true. Never run like this in production.',
          );
        }
        return formatEnvelope({ version: PLAINTEXT_ENVELOPE_VERSION, plaintext: bytes });
      } finally {
        bytes.fill(0);
      }
    },

    decrypt(envelope: string | CredentialEnvelope, binding: CredentialBinding): Secret<Uint8Array> {
      const bytes = open(envelope, binding);
      const secret = new Secret(bytes);
      bytes.fill(0);
      return secret;
    },

    decryptText(envelope: string | CredentialEnvelope, binding: CredentialBinding): Secret<string> {
      const bytes = open(envelope, binding);
      const text = decodeUtf8(bytes);
      bytes.fill(0);
      if (text === undefined) throw new CredentialDecryptError('CREDENTIAL_MALFORMED', `Credential ${binding.credentialId} of org ${binding.orgId} is not valid UTF-8 text; read it with decrypt().`);
      return new Secret(text);
    },

    rotate(envelope: string | CredentialEnvelope, binding: CredentialBinding): string {
      if (!keyring) throw missingKey();
      const bytes = open(envelope, binding);
      try {
        return seal(bytes, binding);
      } finally {
        bytes.fill(0);
      }
    },

    needsRotation(envelope: string | CredentialEnvelope): boolean {
      const parsed = toEnvelope(envelope);
      return parsed.version !== ENVELOPE_VERSION || parsed.kid !== keyring?.current.kid;
    },
  });
}

/**
 * {@link createCredentialVault} with the keyring read from `CONNECTOR_ENCRYPTION_KEY` and
 * `CONNECTOR_ENCRYPTION_KEY_PREVIOUS`, and `nodeEnv` from `NODE_ENV`. A malformed key throws
 * {@link EncryptionKeyError} here, at startup.
 *
 * @example
 * ```ts
 * const vault = createCredentialVaultFromEnv(); // in main(), before serving traffic
 * ```
 */
export function createCredentialVaultFromEnv(
  options: Omit<CredentialVaultOptions, 'keyring' | 'nodeEnv'> & { env?: Record<string, string | undefined> } = {},
): CredentialVault {
  const env = options.env ?? process.env;
  const keyring = loadKeyringFromEnv(env);
  return createCredentialVault({ ...options, ...(keyring ? { keyring } : {}), nodeEnv: env.NODE_ENV ?? '' });
}
