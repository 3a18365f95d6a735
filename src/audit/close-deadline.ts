/**
 * `close({ timeoutMs })` of both audit writers (in this thread and in a worker thread): the
 * option's check, and waiting for a promise until a deadline.
 */
import { GatehouseTypeError } from '../errors.js';

/** `options.timeoutMs`, checked: undefined (wait as long as it takes) or a non-negative number of milliseconds. */
export function closeTimeoutOf(options: { timeoutMs?: number }): number | undefined {
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs >= 0))) {
    throw new GatehouseTypeError('close({ timeoutMs }): timeoutMs must be a non-negative number of milliseconds.');
  }
  return timeoutMs;
}

/**
 * Resolves with true when `promise` settles by `deadline` (ms since the epoch; none: always
 * true), with false once the deadline passes first.
 *
 * @example
 * ```ts
 * if (!(await settlesBy(drained, Date.now() + 10_000))) giveUp();
 * ```
 */
export async function settlesBy(promise: Promise<unknown>, deadline: number | undefined): Promise<boolean> {
  if (deadline === undefined) return promise.then(() => true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inTime = await Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timer);
  return inTime;
}
