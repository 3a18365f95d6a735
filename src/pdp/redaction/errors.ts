/**
 * Typed errors of the redaction layer. Each has a stable `code`; messages say what to fix and
 * never contain key material or the values being redacted.
 */
import { GatehouseError } from '../../errors.js';

/**
 * The redaction secret could not be used: wrong type, not base64 or hex, or shorter than
 * 32 bytes. The message describes the problem without echoing the secret.
 *
 * @example
 * ```ts
 * try { parseRedactionSecret('too-short') }
 * catch (e) { if (e instanceof InvalidRedactionSecretError) console.error(e.code) } // INVALID_REDACTION_SECRET
 * ```
 */
export class InvalidRedactionSecretError extends GatehouseError {
  constructor(message: string) {
    super('INVALID_REDACTION_SECRET', message);
  }
}

/**
 * A redaction span or key was malformed: offsets out of range, an unknown style or type,
 * keys of the wrong length.
 *
 * @example
 * ```ts
 * redactString('abc', [{ start: 2, end: 9, type: 'email', style: 'label' }], keys, new Map());
 * // throws InvalidRedactionInputError (code INVALID_REDACTION_INPUT)
 * ```
 */
export class InvalidRedactionInputError extends GatehouseError {
  constructor(message: string) {
    super('INVALID_REDACTION_INPUT', message);
  }
}

/**
 * A value given to `stringLeaves` / `mapStringLeaves` refers to itself, so it has no finite
 * JSON form.
 *
 * @example
 * ```ts
 * const a: Record<string, unknown> = {}; a.self = a;
 * stringLeaves(a); // throws CyclicValueError (code CYCLIC_VALUE), naming the path $.self
 * ```
 */
export class CyclicValueError extends GatehouseError {
  readonly path: string;
  constructor(path: string) {
    super('CYCLIC_VALUE', `The value refers to itself at ${path}; pass plain JSON data (no cycles).`);
    this.path = path;
  }
}

/**
 * A value given to `stringLeaves` / `mapStringLeaves` nests deeper than the limit.
 *
 * @example
 * ```ts
 * stringLeaves(deeplyNested); // throws ValueTooDeepError (code VALUE_TOO_DEEP)
 * ```
 */
export class ValueTooDeepError extends GatehouseError {
  readonly limit: number;
  constructor(limit: number, path: string) {
    super('VALUE_TOO_DEEP', `The value nests more than ${limit} levels deep (at ${path.slice(0, 200)}); flatten it or split it into smaller values.`);
    this.limit = limit;
  }
}

/**
 * `replaceJsonLeaves` was given a leaf that does not belong to the text (it came from a
 * different document, or two leaves overlap).
 *
 * @example
 * ```ts
 * replaceJsonLeaves('{"a":"x"}', new Map([[leafOfAnotherText, 'y']])); // throws InvalidJsonLeafError
 * ```
 */
export class InvalidJsonLeafError extends GatehouseError {
  constructor(message: string) {
    super('INVALID_JSON_LEAF', message);
  }
}
