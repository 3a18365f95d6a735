import { Secret } from '../secret.js';
import type { SecretSource } from './secret-source.js';

/** Options of {@link envSecretSource}. */
export interface EnvSecretSourceOptions {
  /** Defaults to `process.env`, read at each `get` so later changes are seen. */
  env?: Record<string, string | undefined>;
  /** Prepended to every name: with `prefix: 'GATEHOUSE_'`, `get('X')` reads `GATEHOUSE_X`. */
  prefix?: string;
}

/**
 * Secrets from environment variables. An unset or empty variable is `undefined`.
 *
 * @example
 * ```ts
 * const key = await envSecretSource().get('CONNECTOR_ENCRYPTION_KEY');
 * ```
 */
export function envSecretSource(options: EnvSecretSourceOptions = {}): SecretSource {
  const prefix = options.prefix ?? '';
  return {
    async get(name: string): Promise<Secret<string> | undefined> {
      const env = options.env ?? process.env;
      const value = env[prefix + name];
      return value === undefined || value === '' ? undefined : new Secret(value);
    },
  };
}
