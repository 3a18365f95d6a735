import type { Secret } from '../secret.js';

/**
 * Where configuration secrets come from: the environment, a mounted secrets directory, a
 * cloud secret manager. `get` resolves to `undefined` when the name is not there, and throws
 * {@link SecretSourceError} when the source cannot answer (it never guesses).
 *
 * @example
 * ```ts
 * const source: SecretSource = chainSecretSources(fileSecretSource({ directory: '/run/secrets' }), envSecretSource());
 * const key = await source.get('CONNECTOR_ENCRYPTION_KEY');
 * ```
 */
export interface SecretSource {
  get(name: string): Promise<Secret | undefined>;
}
