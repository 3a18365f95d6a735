/**
 * Typed errors shared by every layer. Each has a stable `code` that callers can switch on,
 * and a message that says what to fix.
 */

const BRAND = Symbol.for('gatehouse.error');

/**
 * Base class of every error Gatehouse throws on purpose.
 *
 * `instanceof GatehouseError` is also true for {@link GatehouseTypeError}, which has to extend
 * the built-in `TypeError` so that argument-type mistakes look like the JavaScript ones.
 *
 * @example
 * ```ts
 * try { detect(text, { types: ['cc'] as never }) }
 * catch (e) { if (e instanceof GatehouseError) console.log(e.code) } // UNKNOWN_DETECTOR_TYPE
 * ```
 */
export class GatehouseError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep ordinary prototype-chain semantics; only the base class also
    // recognises branded errors that could not inherit from it (GatehouseTypeError).
    if (this !== GatehouseError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** An argument had the wrong JavaScript type. Extends `TypeError`; `code` is `INVALID_ARGUMENT_TYPE`. */
export class GatehouseTypeError extends TypeError {
  readonly code = 'INVALID_ARGUMENT_TYPE';
  constructor(message: string) {
    super(message);
    this.name = 'GatehouseTypeError';
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }
}

/** An option had a value outside what is accepted. */
export class InvalidOptionError extends GatehouseError {
  constructor(message: string) {
    super('INVALID_OPTION', message);
  }
}

/** `options.types` named a detector type that does not exist. */
export class UnknownDetectorTypeError extends GatehouseError {
  readonly unknownType: string;
  readonly validTypes: readonly string[];
  constructor(unknownType: string, validTypes: readonly string[]) {
    super(
      'UNKNOWN_DETECTOR_TYPE',
      `Unknown detector type ${JSON.stringify(unknownType)} in options.types. Valid types: ${validTypes.join(', ')}.`,
    );
    this.unknownType = unknownType;
    this.validTypes = validTypes;
  }
}

/** The input was longer than the configured limit. Nothing was scanned or truncated. */
export class InputTooLargeError extends GatehouseError {
  readonly length: number;
  readonly limit: number;
  constructor(length: number, limit: number, optionName = 'maxInputLength') {
    super(
      'INPUT_TOO_LARGE',
      `Input is ${length} characters, over the limit of ${limit}. Split it into smaller pieces, or raise options.${optionName}.`,
    );
    this.length = length;
    this.limit = limit;
  }
}

/** Throws a {@link GatehouseTypeError} naming `name` unless `value` is a string. */
export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    throw new GatehouseTypeError(`The "${name}" argument must be a string; got ${got}.`);
  }
}

/** One problem in a policy set or configuration: the path to the field and what is wrong. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** Renders a zod-style path as `policies[2].types.credit_card.action`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * A policy set (or engine option) failed validation. `issues` lists every bad field by path;
 * the message names the first ones.
 *
 * @example
 * ```ts
 * try { createPolicyEngine({ policies }) }
 * catch (e) { if (e instanceof PolicyConfigError) console.error(e.issues) }
 * ```
 */
export class PolicyConfigError extends GatehouseError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super('POLICY_CONFIG_INVALID', `Invalid policy configuration: ${shown.join('; ')}${more}.`);
    this.issues = issues;
  }
}
