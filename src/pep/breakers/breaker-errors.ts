/** Typed errors of the circuit-breaker service. */
import { GatehouseError, formatIssuePath, type ConfigIssue } from '../../errors.js';

export type BreakerUnavailableReason = 'not_started' | 'unreadable' | 'stale' | 'closed';

const ADVICE: Record<BreakerUnavailableReason, string> = {
  not_started: 'Call and await breakers.start() before deciding.',
  unreadable: 'The store could not be read; check the database connection.',
  stale: 'The store has not answered recently; check the database connection, or raise staleAfterMs.',
  closed: 'The breaker service was closed; create and start a new one.',
};

/**
 * The breaker state could not be read, or was last read too long ago, so no one can say
 * whether a breaker is tripped. `snapshot()` throws it, and the policy engine turns a throwing
 * breaker source into a `deny` (`evaluation_error`): fail closed. Only `failMode: 'open'`
 * returns the last known state instead.
 *
 * @example
 * ```ts
 * try { breakers.snapshot() }
 * catch (e) { if (e instanceof BreakerStateUnavailableError) console.log(e.reason) } // 'stale'
 * ```
 */
export class BreakerStateUnavailableError extends GatehouseError {
  declare readonly code: 'BREAKER_STATE_UNAVAILABLE';
  readonly reason: BreakerUnavailableReason;
  /** Milliseconds since the last successful read, when there was one. */
  readonly ageMs: number | undefined;
  constructor(reason: BreakerUnavailableReason, detail: string, ageMs?: number, options?: { cause?: unknown }) {
    super('BREAKER_STATE_UNAVAILABLE', `Circuit-breaker state is unavailable (${reason}): ${detail}. Requests are denied until it can be read. ${ADVICE[reason]}`, options);
    this.reason = reason;
    this.ageMs = ageMs;
  }
}

/**
 * A trip, reset or violation named a bad scope or key, no actor or reason, or an expiry in the
 * past. `issues` lists each bad field by path.
 *
 * @example
 * ```ts
 * await breakers.trip({ orgId: 'acme', scope: 'tool', key: 'db.query', actor, reason: '' });
 * // throws InvalidBreakerRequestError (code INVALID_BREAKER_REQUEST): reason: must say why …
 * ```
 */
export class InvalidBreakerRequestError extends GatehouseError {
  declare readonly code: 'INVALID_BREAKER_REQUEST';
  readonly issues: ConfigIssue[];
  constructor(operation: string, issues: ConfigIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    super('INVALID_BREAKER_REQUEST', `Invalid breaker ${operation}: ${shown.join('; ')}.`);
    this.issues = issues;
  }
}
