import { GatehouseError } from '../../errors.js';

/** Stable codes of {@link SecretSourceError}. */
export type SecretSourceErrorCode =
  | 'SECRET_NAME_INVALID'
  | 'SECRET_SOURCE_UNAVAILABLE'
  | 'SECRET_MALFORMED';

/**
 * A secret source could not answer. The message names the secret and what went wrong (an
 * errno code, an AWS error name, a missing JSON key), never the secret's value.
 *
 * - `SECRET_NAME_INVALID`: the name is not allowed (for a file source, one that would leave
 *   the directory).
 * - `SECRET_SOURCE_UNAVAILABLE`: reading failed (permissions, network, throttling).
 * - `SECRET_MALFORMED`: the secret exists but is not in the expected shape (not JSON, no
 *   such JSON key, too large).
 */
export class SecretSourceError extends GatehouseError {
  declare readonly code: SecretSourceErrorCode;
  readonly secretName: string;
  constructor(code: SecretSourceErrorCode, secretName: string, message: string) {
    super(code, message);
    this.secretName = secretName;
  }
}
