export type { Heartbeat, HeartbeatSink, VerdictCounts } from './heartbeat.js';
export { startHeartbeat, DEFAULT_HEARTBEAT_INTERVAL_MS, type HeartbeatHandle, type HeartbeatOptions } from './heartbeat-timer.js';
export { telemetryDisabled } from './telemetry-switch.js';
export { createVerdictCounter, type VerdictCounter } from './verdict-counter.js';
