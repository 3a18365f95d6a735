/**
 * Automatic trips: N violations of one (org, scope, key) within a sliding window trip it. The
 * recent violation times live on the breaker row, so every process sharing the store counts
 * towards the same window.
 */
import { InvalidOptionError } from '../../errors.js';
import { BREAKER_SCOPES, type BreakerScope } from './breaker-tables.js';

/** When violations trip a breaker of one scope. */
export interface AutoTripRule {
  /** Violations within `windowMs` that trip the breaker (1 to 1000). */
  threshold: number;
  windowMs: number;
  /** How long the automatic trip lasts. Absent: until an operator resets it. */
  durationMs?: number;
}

export type AutoTripRules = Partial<Record<BreakerScope, AutoTripRule>>;

const isPositiveInt = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max;

/** Checks `options.autoTrip`; throws {@link InvalidOptionError} naming the bad field. */
export function validateAutoTripRules(rules: unknown): AutoTripRules {
  if (rules === undefined) return {};
  if (rules === null || typeof rules !== 'object') throw new InvalidOptionError('options.autoTrip must be an object such as { tool: { threshold: 5, windowMs: 60000 } }.');
  const out: AutoTripRules = {};
  for (const [scope, rule] of Object.entries(rules)) {
    if (!(BREAKER_SCOPES as readonly string[]).includes(scope)) {
      throw new InvalidOptionError(`options.autoTrip.${scope} is not a breaker scope; use one of ${BREAKER_SCOPES.join(', ')}.`);
    }
    const r = (rule ?? {}) as Partial<AutoTripRule>;
    if (!isPositiveInt(r.threshold, 1000)) throw new InvalidOptionError(`options.autoTrip.${scope}.threshold must be an integer from 1 to 1000.`);
    if (!isPositiveInt(r.windowMs, 366 * 24 * 3_600_000)) throw new InvalidOptionError(`options.autoTrip.${scope}.windowMs must be a positive integer (milliseconds).`);
    if (r.durationMs !== undefined && !isPositiveInt(r.durationMs, 366 * 24 * 3_600_000)) {
      throw new InvalidOptionError(`options.autoTrip.${scope}.durationMs must be a positive integer (milliseconds), or absent for a trip that lasts until reset.`);
    }
    out[scope as BreakerScope] = { threshold: r.threshold, windowMs: r.windowMs, ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}) };
  }
  return out;
}

/**
 * The violation window after one more violation at `now`: the times still inside the window,
 * plus `now`, keeping at most `threshold` (older ones can never matter again). Garbage in the
 * stored list (not a finite number) is dropped.
 */
export function nextViolationWindow(previous: unknown, now: number, rule: AutoTripRule): number[] {
  const list = Array.isArray(previous) ? previous : [];
  // Another process's clock may run slightly ahead: its times count too, in time order.
  const recent = list.filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t > now - rule.windowMs);
  recent.push(now);
  recent.sort((a, b) => a - b);
  return recent.slice(-rule.threshold);
}

/** The reason an automatic trip records. */
export function autoTripReason(count: number, rule: AutoTripRule): string {
  return `automatic: ${count} violation${count === 1 ? '' : 's'} within ${rule.windowMs} ms`;
}
