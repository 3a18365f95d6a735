/**
 * Gatehouse: govern your app's AI traffic in-process.
 *
 * The root entry point is pure: it loads no database driver. Storage lives behind
 * subpath exports such as `gatehouse/audit`.
 */
export * from './detectors/index.js';
export { GatehouseError, GatehouseTypeError, InvalidOptionError, UnknownDetectorTypeError, InputTooLargeError, PolicyConfigError, formatIssuePath, type ConfigIssue } from './errors.js';
export * from './pdp/index.js';
export { createGatehouse, type CreateGatehouseOptions, type Gatehouse } from './pep/create-gatehouse.js';
export type { Heartbeat, HeartbeatSink, VerdictCounts } from './pep/telemetry/index.js';
export type { Logger } from './pep/log/logger.js';
export {
  createGatehouseCore, PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError,
  type GatehouseCore, type GatehouseCoreOptions, type GuardOptions, type Identity, type AuditSink, type ApprovalGateway, type BreakerSource, type GuardInput,
} from './pep/guard/index.js';
