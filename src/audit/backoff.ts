/**
 * Retry delays: exponential, capped, with jitter so that writers that failed together (all of
 * them, when the database restarts) do not all come back in the same millisecond.
 */

export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  readonly baseDelayMs: number;
  /** Largest delay, in ms. */
  readonly maxDelayMs: number;
}

/** The delay before retry number `attempt` (1 = the first retry): between half and all of base·2^(attempt-1), capped. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = options.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(options.maxDelayMs, exponential);
  return Math.round(capped * (0.5 + random() * 0.5));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
