/**
 * The heartbeat: the only thing Gatehouse can send out of the process, and only to a sink the
 * host supplies. It carries the version, the uptime and verdict counts: no org id, user id,
 * policy id, text or detected value, so it cannot leak tenant data whatever the sink does.
 */

/** Decisions made since start, by verdict. */
export interface VerdictCounts {
  allow: number;
  deny: number;
  redact: number;
  require_approval: number;
}

/** One beat. Counts are cumulative since start, so a lost beat loses nothing. */
export interface Heartbeat {
  /** The `gatehouse` package version. */
  version: string;
  /** Seconds since the heartbeat started (whole seconds). */
  uptimeS: number;
  decisions: VerdictCounts;
  /** The Node.js version, e.g. `v20.20.0`. */
  node: string;
}

/**
 * Where beats go. Called on an interval; a throw or rejection is logged (by error name only)
 * and the next beat still comes.
 */
export type HeartbeatSink = (beat: Heartbeat) => void | Promise<void>;
