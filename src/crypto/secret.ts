import { constantTimeEqual } from './constant-time.js';

const REDACTED = '[REDACTED]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A value that must never reach a log, an error message or a serialised object: an
 * encryption key, a provider credential, an API-key secret or a license-signing key.
 *
 * `String(secret)`, template literals, `JSON.stringify`, `console.log` and `util.inspect`
 * all show `[REDACTED]`. The value is held in a private field, so it is not an own
 * enumerable property either. Only {@link Secret.expose} returns it; grep for `expose(` to
 * audit every place a secret is used.
 *
 * @example
 * ```ts
 * const key = new Secret(process.env.OPENAI_API_KEY!);
 * console.log({ key });             // { key: [REDACTED] }
 * JSON.stringify({ key });          // '{"key":"[REDACTED]"}'
 * fetch(url, { headers: { authorization: `Bearer ${key.expose()}` } });
 * key.equals(presented);            // constant-time comparison
 * ```
 */
export class Secret<T extends string | Uint8Array = string | Uint8Array> {
  readonly #value: T;

  constructor(value: T) {
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
      throw new TypeError('A Secret holds a string or a Uint8Array.');
    }
    // Copy bytes so that the caller reusing or wiping its buffer cannot change the secret.
    this.#value = (typeof value === 'string' ? value : Uint8Array.from(value)) as T;
  }

  /** The secret value. Byte secrets are returned as a copy. */
  expose(): T {
    const v = this.#value;
    return (typeof v === 'string' ? v : Uint8Array.from(v)) as T;
  }

  /** The secret as bytes: strings are UTF-8 encoded. */
  exposeBytes(): Uint8Array {
    const v = this.#value;
    return typeof v === 'string' ? new TextEncoder().encode(v) : Uint8Array.from(v);
  }

  /**
   * Constant-time equality with another secret or a raw value (strings compare as UTF-8).
   *
   * @example
   * ```ts
   * new Secret('s3cret').equals('s3cret'); // true
   * ```
   */
  equals(other: Secret | string | Uint8Array): boolean {
    const rhs = other instanceof Secret ? other.#value : other;
    if (typeof rhs !== 'string' && !(rhs instanceof Uint8Array)) return false;
    return constantTimeEqual(this.#value, rhs);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return REDACTED;
  }
}

/** True for a {@link Secret}. */
export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
