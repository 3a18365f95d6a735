/**
 * `gatehouseExpress()`: the Express middleware that governs a chat endpoint. It identifies the
 * caller, decides on the request body's messages or prompt, and either answers (403, 202, 401…)
 * or hands the handler a body whose governed field is the redacted one.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GatehouseTypeError, InvalidOptionError } from '../../errors.js';
import type { GatehouseCore } from '../guard/gatehouse-core.js';
import { ChatInputMissingError } from '../adapter-kit/adapter-errors.js';
import type { AdapterApprovals, ApprovalMode } from '../adapter-kit/adapter-approvals.js';
import { readChatInput, withSafeChatInput } from '../adapter-kit/chat-input.js';
import { governInput } from '../adapter-kit/govern-input.js';
import { governOutputJson, governOutputText } from '../adapter-kit/govern-output.js';
import { answerForError, answerForOutcome, DECISION_ID_HEADER, type HttpAnswer } from '../adapter-kit/http-answers.js';
import { createIdentityResolver, type IdentitySourceOptions } from '../adapter-kit/identity-resolution.js';
import type { GatehouseRequestContext } from './express-context.js';

/** The header a caller sends, with the same request, to resume it once approved. */
export const APPROVAL_ID_HEADER = 'gatehouse-approval-id';

export interface GatehouseExpressOptions extends IdentitySourceOptions<Request> {
  /** The stage the body is checked at. Default `input`. */
  stage?: 'input' | 'output';
  /** The body field to govern. Default: `messages` (array), then `prompt`, then `input`. */
  bodyField?: string;
  /** Opens approvals for `require_approval` decisions (`createApprovalService(store)` fits). */
  approvals?: AdapterApprovals | null;
  /** `respond` (default): answer 202 at once; `wait`: hold the request until a reviewer acts. */
  approval?: ApprovalMode;
  approvalTimeoutMs?: number;
  /** Facts for policy conditions, e.g. `(req) => ({ route: req.path, amount: req.body.amount })`. */
  attributes?: (req: Request) => Record<string, unknown> | undefined;
  /** The model provider, for policies that condition on it. */
  provider?: string;
  /** Put tokenized input values back into the reply in `guardOutput`. Default true. */
  restoreTokens?: boolean;
}

function send(res: Response, answer: HttpAnswer): void {
  if (answer.headers) res.set(answer.headers);
  res.status(answer.status).json(answer.body);
}

/**
 * The middleware. Mount `express.json()` before it, and `gatehouseErrorHandler()` after your
 * routes so that `guardOutput` refusals become 403 answers.
 *
 * - no identity: 401; deny: 403 `{ error: 'denied', decision_id, reasons }`;
 * - require_approval: 202 `{ status: 'pending_approval', approval_id, decision_id }`; send the
 *   same request again with the `gatehouse-approval-id` header once it is approved;
 * - allow / redact: `req.body`'s governed field is the redacted one, and
 *   `res.locals.gatehouse` holds `{ decision, restore, guardOutput, guardOutputJson }`.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { gatehouseExpress, gatehouseErrorHandler } from 'gatehouse/express';
 *
 * const app = express();
 * app.use(express.json());
 * app.post('/chat', gatehouseExpress(gh, { apiKeys, approvals }), async (req, res) => {
 *   const reply = await callModel(req.body.messages);
 *   res.json({ reply: await res.locals.gatehouse.guardOutput(reply) });
 * });
 * app.use(gatehouseErrorHandler());
 * ```
 */
export function gatehouseExpress(gatehouse: GatehouseCore, options: GatehouseExpressOptions): RequestHandler {
  if (!gatehouse || typeof gatehouse.check !== 'function') throw new GatehouseTypeError('gatehouseExpress needs the enforcement core from createGatehouseCore() as its first argument.');
  if (!options || typeof options !== 'object') throw new InvalidOptionError('gatehouseExpress needs options such as { apiKeys } or { resolveIdentity }.');
  const stage = options.stage ?? 'input';
  if (stage !== 'input' && stage !== 'output') throw new InvalidOptionError(`options.stage must be "input" or "output"; got ${String(stage)}.`);
  if (options.approval === 'wait' && !options.approvals?.waitFor) throw new InvalidOptionError('approval: "wait" needs options.approvals with a waitFor method (createApprovalService(store) has one).');
  const identify = createIdentityResolver<Request>(options, {
    authorization: (req) => req.get('authorization'),
    traceparent: (req) => req.get('traceparent'),
  });
  const restoreTokens = options.restoreTokens ?? true;

  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const identity = await identify(req);
      if (req.body === undefined) throw new ChatInputMissingError('The request has no JSON body: send one with content-type application/json, and mount express.json() before gatehouseExpress().');
      const input = readChatInput(req.body, options.bodyField);
      const attributes = options.attributes?.(req);
      const outcome = await governInput(gatehouse, identity, {
        stage,
        ...(input.messages !== undefined ? { messages: input.messages } : { text: input.text! }),
        ...(input.model !== undefined ? { model: input.model } : {}),
        ...(options.provider !== undefined ? { provider: options.provider } : {}),
        ...(attributes !== undefined ? { attributes } : {}),
      }, {
        approvals: options.approvals ?? null,
        ...(options.approval !== undefined ? { approval: options.approval } : {}),
        ...(options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {}),
        presentedApprovalId: req.get(APPROVAL_ID_HEADER),
        label: `${req.method} ${req.originalUrl.split('?')[0]}`,
      });
      if (outcome.kind !== 'proceed') return send(res, answerForOutcome(outcome));

      const { decision } = outcome;
      req.body = withSafeChatInput(req.body, input, decision);
      res.set(DECISION_ID_HEADER, decision.decisionId);
      const outputOptions = { inputDecision: decision, restoreTokens, ...(input.model !== undefined ? { model: input.model } : {}) };
      const context: GatehouseRequestContext = {
        decision,
        identity,
        approvalId: outcome.approvalId,
        restore: (text) => gatehouse.engine.restore(text, decision),
        guardOutput: async (text) => (await governOutputText(gatehouse, identity, text, outputOptions)).text,
        guardOutputJson: async (value) => (await governOutputJson(gatehouse, identity, value, outputOptions)).value,
      };
      res.locals.gatehouse = context;
      next();
    } catch (error) {
      const answer = answerForError(error);
      if (answer) return send(res, answer);
      next(error);
    }
  };
}
