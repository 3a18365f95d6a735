/**
 * `gatehouse/ai-sdk`: a Vercel AI SDK (`ai` v5) language-model middleware that governs prompts,
 * generated text and streamed text. See {@link gatehouseMiddleware}.
 */
export { gatehouseMiddleware, type GatehouseMiddlewareOptions, type AiSdkCallContext } from './gatehouse-middleware.js';
export { PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError } from '../guard/errors.js';
export type { Identity, GatehouseCore } from '../guard/gatehouse-core.js';
