import { InvalidOptionError } from '../../errors.js';
import { packageVersion } from '../../package-version.js';
import type { Logger } from '../log/logger.js';
import type { Heartbeat, HeartbeatSink } from './heartbeat.js';
import { telemetryDisabled } from './telemetry-switch.js';
import type { VerdictCounter } from './verdict-counter.js';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5 * 60_000;

export interface HeartbeatOptions {
  sink: HeartbeatSink;
  counter: VerdictCounter;
  /** Between beats, in ms: 1000 to 86 400 000. Default 300 000 (5 minutes). */
  intervalMs?: number;
  logger?: Logger;
  /** Read for `GATEHOUSE_TELEMETRY`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Default: the installed package's version. */
  version?: string;
  /** Clock in ms, for uptime. Default `Date.now`. */
  now?: () => number;
}

/** A running heartbeat. */
export interface HeartbeatHandle {
  /** Sends one beat now (skipped if one is still in flight). */
  beat(): Promise<void>;
  /** Stops the timer and waits for a beat in flight. */
  stop(): Promise<void>;
}

/**
 * Starts calling `sink` every `intervalMs` with a {@link Heartbeat}. The timer is unref'd, so it
 * never keeps the process alive. Returns `null`, and never calls the sink, when
 * `GATEHOUSE_TELEMETRY=off`. A failing sink is logged by error name only, and the next beat
 * still comes.
 *
 * @example
 * ```ts
 * const counter = createVerdictCounter();
 * const hb = startHeartbeat({ sink: (beat) => metrics.push(beat), counter, intervalMs: 60_000 });
 * // … on shutdown:
 * await hb?.stop();
 * ```
 */
export function startHeartbeat(options: HeartbeatOptions): HeartbeatHandle | null {
  if (typeof options.sink !== 'function') throw new InvalidOptionError('options.heartbeat must be a function (beat) => void; leave it out to send nothing.');
  const intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  if (typeof intervalMs !== 'number' || !Number.isInteger(intervalMs) || intervalMs < 1_000 || intervalMs > 86_400_000) {
    throw new InvalidOptionError(`options.heartbeatIntervalMs must be an integer from 1000 to 86400000 (ms); got ${String(intervalMs)}.`);
  }
  const { sink, counter, logger } = options;
  if (telemetryDisabled(options.env ?? process.env)) {
    logger?.info?.({ reason: 'GATEHOUSE_TELEMETRY' }, 'heartbeat disabled');
    return null;
  }
  const now = options.now ?? Date.now;
  const startedAt = now();
  const version = options.version ?? packageVersion();
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  function beat(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (inFlight) return inFlight;
    const payload: Heartbeat = { version, uptimeS: Math.floor((now() - startedAt) / 1000), decisions: counter.snapshot(), node: process.version };
    inFlight = (async () => {
      try {
        await sink(payload);
        logger?.debug?.({ uptimeS: payload.uptimeS }, 'heartbeat sent');
      } catch (error) {
        // The name only: a sink's error message is the host's text and could hold anything.
        logger?.warn({ error: (error as Error)?.name ?? typeof error }, 'heartbeat sink failed');
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    beat,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (inFlight) await inFlight;
    },
  };
}
