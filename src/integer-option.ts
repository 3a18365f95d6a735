import { InvalidOptionError } from './errors.js';

/**
 * Reads an integer option: `fallback` when it is `undefined`, otherwise a whole number from `min`
 * to `max` (or `Infinity` when `allowInfinity`). Anything else throws {@link InvalidOptionError}
 * naming the option as the caller wrote it (`options.pollIntervalMs`, `filter.limit`).
 *
 * @example
 * ```ts
 * const limit = integerOption(filter.limit, 'filter.limit', 100, 1, 1000);
 * ```
 */
export function integerOption(value: unknown, name: string, fallback: number, min: number, max: number, allowInfinity = false): number {
  if (value === undefined) return fallback;
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(`${name} must be an integer from ${min} to ${max}${allowInfinity ? ' (or Infinity)' : ''}; got ${String(value)}.`);
  }
  return value;
}
