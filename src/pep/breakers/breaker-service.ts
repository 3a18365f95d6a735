/**
 * The shared circuit breakers: trips and resets go to the store; every process keeps an
 * in-memory copy for the policy engine, refreshed by LISTEN/NOTIFY (PostgreSQL) and by polling.
 */
import { integerOption } from '../../integer-option.js';
import { InvalidOptionError } from '../../errors.js';
import type { BreakerState } from '../../pdp/decision.js';
import { assertOrgId } from '../../tenancy/org-id.js';
import type { GatehouseStore } from '../../tenancy/store.js';
import { builtinAuthorize, requirePermissions, type Authorize } from '../access/require-permission.js';
import { consoleLogger, type Logger } from '../log/logger.js';
import { notificationChannel } from '../notifications/channel-name.js';
import { resolveListenUrl } from '../notifications/listen-url.js';
import { createPostgresListener, type PostgresListener } from '../notifications/postgres-listener.js';
import { validateAutoTripRules, type AutoTripRules } from './auto-trip.js';
import { BreakerStateUnavailableError, InvalidBreakerRequestError } from './breaker-errors.js';
import { parseReset, parseTrip, parseViolation, type BreakerTarget, type ResetInput, type TripInput } from './breaker-input.js';
import {
  listEvents, listTripped, loadOpenBreakers, writeReset, writeTrip, writeViolation,
  type BreakerEvent, type TrippedBreaker, type ViolationResult,
} from './breaker-repository.js';
import { SnapshotCache, type FailMode, type SnapshotHealth } from './breaker-snapshot.js';
import { BREAKER_SCOPES, type BreakerScope } from './breaker-tables.js';
import { errorFields } from '../log/error-fields.js';

/** Options of {@link createBreakerService}. */
export interface BreakerServiceOptions {
  /** How often the state is re-read from the store, in ms. Default 1000. */
  pollIntervalMs?: number;
  /**
   * How old the last successful read may be before `snapshot()` refuses to answer, in ms.
   * Default 10000, or 3 × `pollIntervalMs` when that is more; must be more than `pollIntervalMs`.
   */
  staleAfterMs?: number;
  /**
   * `closed` (default): unreadable or stale state makes `snapshot()` throw, so decisions deny.
   * `open`: it returns the last known state, logs an error once per outage and counts each
   * such call in `health().failedOpenCount`. Only set it deliberately.
   */
  failMode?: FailMode;
  /** Called with the new snapshot whenever its content changes (trips, resets, expiries seen). */
  onChange?: (states: readonly BreakerState[]) => void;
  /** Automatic trips per scope, e.g. `{ tool: { threshold: 5, windowMs: 60_000, durationMs: 600_000 } }`. */
  autoTrip?: AutoTripRules;
  /** Permission check for trip and reset (`breaker:trip`). Default: built-in roles (`can`). */
  authorize?: Authorize;
  /**
   * PostgreSQL only: the connection string of the dedicated LISTEN connection. Default
   * `DATABASE_URL`; `false` to rely on polling alone.
   */
  listenUrl?: string | false;
  logger?: Logger;
  /** Clock, for tests. */
  now?: () => number;
}

/** {@link SnapshotHealth} plus the listener. */
export interface BreakerHealth extends SnapshotHealth {
  /** True while the LISTEN connection is up (PostgreSQL). */
  listening: boolean;
}

/** The circuit breakers of one store. Methods do not rely on `this`: `engine({ breakers: service.snapshot })` works. */
export interface BreakerService {
  /** Reads the state and starts listening and polling. Rejects with `BreakerStateUnavailableError` when the first read fails; the service keeps retrying until closed. */
  start(): Promise<void>;
  /** Stops listening and polling; `snapshot()` throws from then on. */
  close(): Promise<void>;
  /**
   * Every tripped breaker of every org, from memory: synchronous and cheap, for
   * `createPolicyEngine({ breakers })`. Throws `BreakerStateUnavailableError` when the state is
   * unreadable or stale (unless `failMode: 'open'`).
   */
  snapshot(): readonly BreakerState[];
  /** Re-reads the store now, then returns `snapshot()`. */
  refresh(): Promise<readonly BreakerState[]>;
  /** Trips a breaker (or re-trips it with a new reason and expiry). Needs `breaker:trip`. */
  trip(input: TripInput): Promise<BreakerState>;
  /** Closes a breaker. Needs `breaker:trip`. `wasTripped` is false when it was not tripped. */
  reset(input: ResetInput): Promise<{ wasTripped: boolean }>;
  /**
   * Counts a violation towards the scope's `autoTrip` rule, tripping the breaker at the
   * threshold. A scope without a rule is not counted (`counted: false`).
   */
  recordViolation(target: BreakerTarget): Promise<ViolationResult>;
  /** The org's tripped breakers, read from the store. */
  status(orgId: string): Promise<TrippedBreaker[]>;
  /** The org's trips and resets, newest first. */
  history(orgId: string, filter?: { scope?: BreakerScope; key?: string; limit?: number }): Promise<BreakerEvent[]>;
  health(): BreakerHealth;
}

const DEFAULT_POLL_MS = 1_000;
const DEFAULT_STALE_MS = 10_000;


/**
 * Creates the breaker service over a migrated store.
 *
 * @example
 * ```ts
 * import { openStore } from 'gatehouse/tenancy';
 * import { createPolicyEngine } from 'gatehouse';
 * import { createBreakerService } from './pep/breakers/index.js';
 *
 * const store = await openStore();
 * const breakers = createBreakerService(store, { autoTrip: { tool: { threshold: 5, windowMs: 60_000 } } });
 * await breakers.start();
 * const engine = createPolicyEngine({ policies, breakers: breakers.snapshot });
 *
 * const oncall = { id: 'ana@acme.example', orgId: 'acme', roles: ['admin'] };
 * await breakers.trip({ orgId: 'acme', scope: 'model', key: 'gpt-4o', actor: oncall, reason: 'provider incident', durationMs: 3_600_000 });
 * engine.decide({ orgId: 'acme', stage: 'input', model: 'gpt-4o', text: 'hi' }).verdict; // 'deny' (circuit_open)
 * await breakers.reset({ orgId: 'acme', scope: 'model', key: 'gpt-4o', actor: oncall, reason: 'resolved' });
 * ```
 */
export function createBreakerService(store: GatehouseStore, options: BreakerServiceOptions = {}): BreakerService {
  const pollIntervalMs = integerOption(options.pollIntervalMs, 'options.pollIntervalMs', DEFAULT_POLL_MS, 10, 3_600_000);
  const staleAfterMs = integerOption(options.staleAfterMs, 'options.staleAfterMs', Math.max(DEFAULT_STALE_MS, 3 * pollIntervalMs), 1, 24 * 3_600_000);
  if (staleAfterMs <= pollIntervalMs) {
    throw new InvalidOptionError(`options.staleAfterMs (${staleAfterMs}) must be more than options.pollIntervalMs (${pollIntervalMs}), or every poll would find the state stale.`);
  }
  const failMode = options.failMode ?? 'closed';
  if (failMode !== 'closed' && failMode !== 'open') throw new InvalidOptionError(`options.failMode must be 'closed' or 'open'; got ${JSON.stringify(failMode)}.`);
  if (options.listenUrl !== undefined && options.listenUrl !== false && (typeof options.listenUrl !== 'string' || options.listenUrl === '')) {
    throw new InvalidOptionError('options.listenUrl must be a PostgreSQL connection string, or false to poll only.');
  }
  const autoTrip = validateAutoTripRules(options.autoTrip);
  const authorize = options.authorize ?? builtinAuthorize;
  const logger = options.logger ?? consoleLogger;
  const now = options.now ?? Date.now;
  const channel = notificationChannel(store.schema, 'breakers');
  const cache = new SnapshotCache({ now, staleAfterMs, failMode, logger, ...(options.onChange ? { onChange: options.onChange } : {}) });

  let started: Promise<void> | undefined;
  let closed = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let listener: PostgresListener | undefined;
  // Bumped after each write this process commits: a read that began before it may miss the write.
  let writeGeneration = 0;
  let running: Promise<void> | undefined;
  let rerun = false;
  let failing = false;

  async function loadOnce(): Promise<void> {
    const generation = writeGeneration;
    try {
      const states = await loadOpenBreakers(store, now());
      if (closed) return;
      if (generation !== writeGeneration) {
        rerun = true;
        return;
      }
      cache.replace(states);
      if (failing) logger.warn({ schema: store.schema }, 'circuit-breaker state readable again');
      failing = false;
    } catch (error) {
      cache.readFailed(error instanceof Error ? error : new Error(String(error)));
      if (!failing) logger.error({ schema: store.schema, ...errorFields(error) }, 'cannot read circuit-breaker state; retrying');
      failing = true;
    }
  }

  /** One read at a time; requests during a read are folded into one more read after it. */
  function requestRefresh(): Promise<void> {
    if (running) {
      rerun = true;
      return running;
    }
    running = (async () => {
      do {
        rerun = false;
        await loadOnce();
      } while (rerun && !closed);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  async function startOnce(): Promise<void> {
    const url = resolveListenUrl(store, options.listenUrl);
    if (url !== undefined) {
      listener = createPostgresListener({
        url, channels: [channel], logger, purpose: 'breakers',
        onNotification: () => void requestRefresh(),
        onListening: () => void requestRefresh(),
      });
    }
    pollTimer = setInterval(() => void requestRefresh(), pollIntervalMs);
    pollTimer.unref();
    await Promise.all([requestRefresh(), listener?.ready]);
    if (cache.health().lastRefreshAt === null) {
      const { lastError } = cache.health();
      throw new BreakerStateUnavailableError('unreadable', `the first read of the store failed (${lastError ?? 'unknown error'})`);
    }
  }

  function assertOpen(): void {
    if (closed) throw new BreakerStateUnavailableError('closed', 'the service is closed');
  }

  return {
    async start() {
      assertOpen();
      started ??= startOnce();
      return started;
    },

    async close() {
      if (closed) return;
      closed = true;
      cache.close();
      if (pollTimer) clearInterval(pollTimer);
      await listener?.close();
      await running?.catch(() => undefined);
    },

    snapshot: () => cache.read(),

    async refresh() {
      assertOpen();
      await requestRefresh();
      return cache.read();
    },

    async trip(input) {
      const t = parseTrip(input, now());
      await requirePermissions(authorize, t.actor, t.orgId, ['breaker:trip']);
      await writeTrip(store, { ...t, actorId: t.actor.id, event: 'tripped' }, { channel, now: now() });
      writeGeneration++;
      const state: BreakerState = { scope: t.scope, key: t.key, orgId: t.orgId, reason: t.reason, ...(t.expiresAt ? { expiresAt: t.expiresAt.toISOString() } : {}) };
      cache.put(state);
      return state;
    },

    async reset(input) {
      const r = parseReset(input);
      await requirePermissions(authorize, r.actor, r.orgId, ['breaker:trip']);
      const wasTripped = await writeReset(store, { ...r, actorId: r.actor.id }, { channel, now: now() });
      writeGeneration++;
      cache.remove(r);
      return { wasTripped };
    },

    async recordViolation(target) {
      const v = parseViolation(target);
      const rule = autoTrip[v.scope];
      // A scope without a rule does not trip automatically: nothing to count, nothing written.
      if (rule === undefined) return { counted: false, tripped: false, open: false, violations: 0 };
      const result = await writeViolation(store, v, rule, { channel, now: now() });
      if (result.state) {
        writeGeneration++;
        cache.put(result.state);
      }
      return result;
    },

    async status(orgId) {
      assertOrgId(orgId);
      return listTripped(store, orgId, now());
    },

    async history(orgId, filter = {}) {
      assertOrgId(orgId);
      const limit = integerOption(filter.limit, 'filter.limit', 100, 1, 1000);
      if (filter.scope !== undefined && !(BREAKER_SCOPES as readonly string[]).includes(filter.scope)) {
        throw new InvalidBreakerRequestError('history', [{ path: ['scope'], message: `must be one of ${BREAKER_SCOPES.join(', ')}` }]);
      }
      return listEvents(store, orgId, { ...(filter.scope ? { scope: filter.scope } : {}), ...(filter.key !== undefined ? { key: filter.key } : {}), limit });
    },

    health: () => ({ ...cache.health(), listening: listener?.listening ?? false }),
  };
}
