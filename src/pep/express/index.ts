/**
 * `gatehouse/express`: Express middleware that governs chat-style endpoints, an error handler
 * for refusals thrown in routes, and Decision Mode as a mountable router. `express` is an
 * optional peer dependency; this module only uses its types.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createPolicyEngine } from 'gatehouse';
 * import { createGatehouseCore, gatehouseExpress, gatehouseErrorHandler } from 'gatehouse/express';
 *
 * const gh = createGatehouseCore({ engine: createPolicyEngine({ policies }), audit });
 * const app = express();
 * app.use(express.json());
 * app.post('/chat', gatehouseExpress(gh, { apiKeys }), async (req, res) => {
 *   const reply = await callModel(req.body.messages);            // redacted messages
 *   res.json({ reply: await res.locals.gatehouse.guardOutput(reply) });
 * });
 * app.use(gatehouseErrorHandler());
 * ```
 *
 * @packageDocumentation
 */
export { gatehouseExpress, APPROVAL_ID_HEADER, type GatehouseExpressOptions } from './gatehouse-express.js';
export { gatehouseContext, type GatehouseRequestContext } from './express-context.js';
export { gatehouseErrorHandler } from './error-handler.js';
export { decisionModeRouter } from './decision-mode-router.js';
export type { DecisionHandlerOptions } from '../http/handler-options.js';
export type { AdapterApprovals, ApprovalMode, ApprovalView } from '../adapter-kit/adapter-approvals.js';
export type { IdentityResolver } from '../adapter-kit/identity-resolution.js';
export { answerForError, DECISION_ID_HEADER, type HttpAnswer } from '../adapter-kit/http-answers.js';
export {
  ChatInputMissingError, ApprovalUnavailableError, ApprovalNotUsableError,
} from '../adapter-kit/adapter-errors.js';
export {
  createGatehouseCore, PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError,
  type GatehouseCore, type Identity, type AuditSink,
} from '../guard/index.js';
