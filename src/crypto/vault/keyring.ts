import type { Secret } from '../secret.js';
import type { SecretSource } from '../secret-sources/secret-source.js';
import { parseEncryptionKey, type VaultKey } from './encryption-key.js';
import { EncryptionKeyError } from './vault-errors.js';

/** The environment variable holding the current key (the one new envelopes use). */
export const ENCRYPTION_KEY_VARIABLE = 'CONNECTOR_ENCRYPTION_KEY';
/** The variable holding older keys, kept for decryption until every envelope is rotated. */
export const PREVIOUS_KEYS_VARIABLE = 'CONNECTOR_ENCRYPTION_KEY_PREVIOUS';

/**
 * The loaded encryption keys: one current key, which encrypts, and any number of previous
 * keys, which only decrypt. Lookup is by key id.
 */
export interface Keyring {
  readonly current: VaultKey;
  /** Every loaded key id, the current one first. */
  readonly kids: readonly string[];
  get(kid: string): VaultKey | undefined;
}

/**
 * Builds a keyring from parsed keys. Throws {@link EncryptionKeyError} (`duplicate_key_id`)
 * if two keys share an id, because then an envelope could not say which key made it.
 *
 * @example
 * ```ts
 * const ring = createKeyring(parseEncryptionKey(newKey), [parseEncryptionKey(oldKey)]);
 * ```
 */
export function createKeyring(current: VaultKey, previous: readonly VaultKey[] = []): Keyring {
  const byKid = new Map<string, VaultKey>();
  for (const key of [current, ...previous]) {
    if (byKid.has(key.kid)) {
      throw new EncryptionKeyError('duplicate_key_id', 'keyring', `two keys have the id "${key.kid}". Give each key its own id, or remove the duplicate.`);
    }
    byKid.set(key.kid, key);
  }
  const kids = Object.freeze([...byKid.keys()]);
  return Object.freeze({ current, kids, get: (kid: string) => byKid.get(kid) });
}

/** Splits a list of keys on commas, semicolons or whitespace. */
function splitKeyList(value: string): string[] {
  return value.split(/[\s,;]+/).filter((part) => part !== '');
}

/**
 * Builds a keyring from configuration values: `current` is one key, `previous` a list
 * separated by commas or whitespace. Each key is hex or base64, optionally `kid:key`.
 * Returns `undefined` when `current` is not set; `previous` without `current` is a
 * configuration error.
 *
 * @example
 * ```ts
 * keyringFromValues(process.env.CONNECTOR_ENCRYPTION_KEY, process.env.CONNECTOR_ENCRYPTION_KEY_PREVIOUS);
 * ```
 */
export function keyringFromValues(
  current: string | Secret<string> | undefined,
  previous?: string | Secret<string>,
  names: { current: string; previous: string } = { current: ENCRYPTION_KEY_VARIABLE, previous: PREVIOUS_KEYS_VARIABLE },
): Keyring | undefined {
  const previousText = previous === undefined ? '' : typeof previous === 'string' ? previous : previous.expose();
  if (current === undefined) {
    if (previousText.trim() !== '') {
      throw new EncryptionKeyError('empty', names.current, `is not set but ${names.previous} is. Set the current key too; previous keys only decrypt.`);
    }
    return undefined;
  }
  const currentKey = parseEncryptionKey(current, names.current);
  const parts = splitKeyList(previousText);
  const older = parts.map((part, i) => parseEncryptionKey(part, `${names.previous} (key ${i + 1} of ${parts.length})`));
  return createKeyring(currentKey, older);
}

/**
 * Reads `CONNECTOR_ENCRYPTION_KEY` and `CONNECTOR_ENCRYPTION_KEY_PREVIOUS` from the
 * environment. `undefined` when no key is configured.
 *
 * @example
 * ```ts
 * const keyring = loadKeyringFromEnv(); // throws EncryptionKeyError at startup if a key is bad
 * ```
 */
export function loadKeyringFromEnv(env: Record<string, string | undefined> = process.env): Keyring | undefined {
  return keyringFromValues(env[ENCRYPTION_KEY_VARIABLE], env[PREVIOUS_KEYS_VARIABLE]);
}

/**
 * Reads the same two names from any {@link SecretSource} (a secrets directory, AWS Secrets
 * Manager).
 *
 * @example
 * ```ts
 * const keyring = await loadKeyring(fileSecretSource({ directory: '/run/secrets' }));
 * ```
 */
export async function loadKeyring(source: SecretSource): Promise<Keyring | undefined> {
  const [current, previous] = await Promise.all([source.get(ENCRYPTION_KEY_VARIABLE), source.get(PREVIOUS_KEYS_VARIABLE)]);
  const asText = (s: Secret | undefined): string | undefined => {
    if (s === undefined) return undefined;
    const v = s.expose();
    return typeof v === 'string' ? v : new TextDecoder().decode(v);
  };
  return keyringFromValues(asText(current), asText(previous));
}
