import type { Secret } from '../secret.js';
import type { SecretSource } from './secret-source.js';

/**
 * Asks each source in turn and returns the first value found. An error from a source is
 * not skipped: it propagates, so an unreachable secret manager is never silently replaced
 * by a stale fallback.
 *
 * @example
 * ```ts
 * const source = chainSecretSources(fileSecretSource({ directory: '/run/secrets' }), envSecretSource());
 * ```
 */
export function chainSecretSources(...sources: SecretSource[]): SecretSource {
  return {
    async get(name: string): Promise<Secret | undefined> {
      for (const source of sources) {
        const value = await source.get(name);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  };
}
