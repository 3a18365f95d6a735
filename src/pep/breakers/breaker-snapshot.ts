/**
 * The in-memory copy of the breaker state that `snapshot()` serves on every decision: a frozen
 * array, rebuilt only when the state changes or a breaker expires, and refused (or, with
 * `failMode: 'open'`, served and counted) once it is older than the freshness bound.
 */
import type { BreakerState } from '../../pdp/decision.js';
import type { Logger } from '../log/logger.js';
import { BreakerStateUnavailableError, type BreakerUnavailableReason } from './breaker-errors.js';
import { errorFields } from '../log/error-fields.js';

export type FailMode = 'closed' | 'open';

export interface SnapshotCacheOptions {
  now: () => number;
  staleAfterMs: number;
  failMode: FailMode;
  logger: Logger;
  onChange?: (states: readonly BreakerState[]) => void;
}

export interface SnapshotHealth {
  /** `fresh`: served normally; otherwise why `snapshot()` fails (or fails open). */
  status: 'fresh' | BreakerUnavailableReason;
  /** Epoch ms of the last successful read of the store, or null. */
  lastRefreshAt: number | null;
  /** The last read error's message (no secrets: driver messages name no password). */
  lastError: string | null;
  /** How many `snapshot()` calls returned possibly stale state because of `failMode: 'open'`. */
  failedOpenCount: number;
}

const keyOf = (s: BreakerState): string => `${s.orgId ?? ''}\u0000${s.scope}\u0000${s.key}`;

export class SnapshotCache {
  readonly #options: SnapshotCacheOptions;
  #states = new Map<string, BreakerState>();
  #served: readonly BreakerState[] = Object.freeze([]);
  #servedUntil = Infinity;
  #signature = '';
  #lastRefreshAt: number | null = null;
  #lastError: Error | null = null;
  #closed = false;
  #failedOpenCount = 0;
  #warnedOpen = false;

  constructor(options: SnapshotCacheOptions) {
    this.#options = options;
  }

  /** A successful read of the whole state. */
  replace(states: readonly BreakerState[]): void {
    this.#lastRefreshAt = this.#options.now();
    this.#lastError = null;
    this.#warnedOpen = false;
    this.#states = new Map(states.map((s) => [keyOf(s), s]));
    this.#rebuild();
  }

  /** A change this process just committed, applied before the next read confirms it. */
  put(state: BreakerState): void {
    this.#states.set(keyOf(state), state);
    this.#rebuild();
  }

  remove(target: { orgId: string; scope: BreakerState['scope']; key: string }): void {
    this.#states.delete(keyOf(target));
    this.#rebuild();
  }

  readFailed(error: Error): void {
    this.#lastError = error;
  }

  close(): void {
    this.#closed = true;
  }

  health(): SnapshotHealth {
    return {
      status: this.#problem()?.reason ?? 'fresh',
      lastRefreshAt: this.#lastRefreshAt,
      lastError: this.#lastError?.message ?? null,
      failedOpenCount: this.#failedOpenCount,
    };
  }

  /** What `snapshot()` returns; throws {@link BreakerStateUnavailableError} unless fresh or failing open. */
  read(): readonly BreakerState[] {
    const problem = this.#problem();
    if (problem !== null) {
      if (this.#options.failMode !== 'open') throw problem;
      this.#failedOpenCount++;
      if (!this.#warnedOpen) {
        this.#warnedOpen = true;
        this.#options.logger.error({ reason: problem.reason, ageMs: problem.ageMs }, 'circuit-breaker state unavailable; failMode is "open", so the last known state is used');
      }
    }
    if (this.#options.now() >= this.#servedUntil) this.#rebuild();
    return this.#served;
  }

  #problem(): BreakerStateUnavailableError | null {
    if (this.#closed) return new BreakerStateUnavailableError('closed', 'the service is closed');
    const last = this.#lastRefreshAt;
    if (last === null) {
      return this.#lastError
        ? new BreakerStateUnavailableError('unreadable', `the store could not be read (${this.#lastError.message})`, undefined, { cause: this.#lastError })
        : new BreakerStateUnavailableError('not_started', 'the state has not been read yet');
    }
    const age = this.#options.now() - last;
    if (age > this.#options.staleAfterMs) {
      const why = this.#lastError ? `; last error: ${this.#lastError.message}` : '';
      return new BreakerStateUnavailableError('stale', `last read ${age} ms ago, over the ${this.#options.staleAfterMs} ms bound${why}`, age);
    }
    return null;
  }

  /** Drops expired breakers, freezes the result and reports a change of content. */
  #rebuild(): void {
    const now = this.#options.now();
    const live: BreakerState[] = [];
    let until = Infinity;
    for (const s of this.#states.values()) {
      if (s.expiresAt === undefined) {
        live.push(s);
        continue;
      }
      const t = Date.parse(s.expiresAt);
      // An unreadable expiry counts as tripped, as in the engine.
      if (Number.isNaN(t) || t > now) {
        live.push(s);
        if (t < until) until = t;
      }
    }
    live.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    this.#served = Object.freeze(live.map((s) => Object.freeze({ ...s })));
    this.#servedUntil = until;
    const signature = JSON.stringify(this.#served);
    if (signature !== this.#signature) {
      this.#signature = signature;
      try {
        this.#options.onChange?.(this.#served);
      } catch (error) {
        this.#options.logger.warn(errorFields(error), 'breaker onChange callback threw');
      }
    }
  }
}
