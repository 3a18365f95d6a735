/**
 * `gatehouse/next`: governs Next.js App Router route handlers (Node runtime) and Server
 * Actions. Written against the Web `Request` / `Response`, so it imports nothing from `next`.
 *
 * @example
 * ```ts
 * // app/api/chat/route.ts
 * import { createGatehouseCore, withGatehouse } from 'gatehouse/next';
 * const gh = createGatehouseCore({ engine, audit });
 * export const runtime = 'nodejs';
 * export const POST = withGatehouse(async (req) => {
 *   const { messages } = await req.json();                  // redacted
 *   return Response.json({ reply: await callModel(messages) }); // checked on the way out
 * }, gh, { apiKeys });
 * ```
 *
 * @packageDocumentation
 */
export {
  withGatehouse, APPROVAL_ID_HEADER,
  type WithGatehouseOptions, type GatehouseRouteContext, type GovernedRouteHandler,
} from './with-gatehouse.js';
export { governAction, type GovernActionOptions } from './govern-action.js';
export { readJsonRequest, DEFAULT_BODY_LIMIT_BYTES } from './read-json-request.js';
export type { AdapterApprovals, ApprovalMode, ApprovalView } from '../adapter-kit/adapter-approvals.js';
export type { IdentityResolver } from '../adapter-kit/identity-resolution.js';
export { DECISION_ID_HEADER, type HttpAnswer } from '../adapter-kit/http-answers.js';
export {
  ChatInputMissingError, InvalidRequestBodyError, ApprovalUnavailableError, ApprovalNotUsableError,
} from '../adapter-kit/adapter-errors.js';
export {
  createGatehouseCore, PolicyDeniedError, ApprovalRequiredError, ApprovalDeniedError, AuditRequiredError,
  type GatehouseCore, type Identity, type AuditSink,
} from '../guard/index.js';
