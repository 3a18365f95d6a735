export {
  createGatehouseCore,
  type GatehouseCore, type GatehouseCoreOptions, type GuardOptions, type Identity,
  type AuditSink, type ApprovalGateway, type BreakerSource, type OutputCodec,
} from './gatehouse-core.js';
export { PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError } from './errors.js';
export { safeInput, type GuardInput } from './safe-input.js';
export { traceIdFromTraceparent, newTraceId } from './trace-context.js';
