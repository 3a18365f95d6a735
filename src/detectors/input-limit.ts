import { InputTooLargeError, InvalidOptionError } from '../errors.js';

/**
 * Checks `text` against the caller's `maxInputLength` option (or `fallback` when it is left
 * out). Over-long input is refused whole, never truncated, so nothing is silently unscanned.
 *
 * @throws InvalidOptionError when `maxInputLength` is not a non-negative integer.
 * @throws InputTooLargeError when `text` is longer than the limit.
 */
export function assertWithinInputLimit(text: string, maxInputLength: number | undefined, fallback: number): void {
  const limit = maxInputLength ?? fallback;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new InvalidOptionError(`options.maxInputLength must be a non-negative integer (characters); got ${String(limit)}.`);
  }
  if (text.length > limit) throw new InputTooLargeError(text.length, limit);
}
