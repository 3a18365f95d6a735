/**
 * `withGatehouse()`: governs a Next.js App Router route handler (Node runtime). Written against
 * the Web `Request` / `Response` only, so it needs nothing from `next`.
 */
import { GatehouseTypeError, InvalidOptionError } from '../../errors.js';
import type { Decision } from '../../pdp/decision.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import type { AdapterApprovals, ApprovalMode } from '../adapter-kit/adapter-approvals.js';
import { readChatInput, withSafeChatInput } from '../adapter-kit/chat-input.js';
import { governInput } from '../adapter-kit/govern-input.js';
import { governOutputJson, governOutputText } from '../adapter-kit/govern-output.js';
import { answerForError, answerForOutcome, DECISION_ID_HEADER, type HttpAnswer } from '../adapter-kit/http-answers.js';
import { createIdentityResolver, type IdentitySourceOptions } from '../adapter-kit/identity-resolution.js';
import { DEFAULT_BODY_LIMIT_BYTES, readJsonRequest } from './read-json-request.js';
import { governResponse } from './response-output.js';

/** The header a caller sends, with the same request, to resume it once approved. */
export const APPROVAL_ID_HEADER = 'gatehouse-approval-id';

/** What the wrapped handler gets as `ctx.gatehouse`. */
export interface GatehouseRouteContext {
  /** The request body with its governed field redacted (also what `req.json()` returns). */
  readonly body: unknown;
  readonly decision: Decision;
  readonly identity: Identity;
  readonly approvalId: string | null;
  restore(text: string): string;
  /** Checks a text at the output stage yourself (e.g. for a streamed reply); see `checkResponse`. */
  guardOutput(text: string): Promise<string>;
  guardOutputJson<T>(value: T): Promise<T>;
}

export interface WithGatehouseOptions extends IdentitySourceOptions<Request> {
  stage?: 'input' | 'output';
  /** The body field to govern. Default: `messages` (array), then `prompt`, then `input`. */
  bodyField?: string;
  approvals?: AdapterApprovals | null;
  approval?: ApprovalMode;
  approvalTimeoutMs?: number;
  attributes?: (req: Request, body: unknown) => Record<string, unknown> | undefined;
  provider?: string;
  /** Largest request body, in bytes. Default 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * Check the handler's `Response` at the output stage (JSON and `text/*` bodies; a text
   * stream is buffered first). Default true. Set false when the handler checks its own
   * output with `ctx.gatehouse.guardOutput`.
   */
  checkResponse?: boolean;
  restoreTokens?: boolean;
}

/** A route handler as Next calls it, with `ctx.gatehouse` added. */
export type GovernedRouteHandler<C> = (req: Request, ctx: C & { gatehouse: GatehouseRouteContext }) => Response | Promise<Response>;

function toResponse(answer: HttpAnswer): Response {
  return Response.json(answer.body, { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) });
}

/** `response` with one more header; a copy when its headers are immutable (e.g. from `fetch`). */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** A copy of `req` whose body is `body` as JSON. */
function withBody(req: Request, body: unknown): Request {
  const headers = new Headers(req.headers);
  headers.delete('content-length');
  return new Request(req.url, { method: req.method, headers, body: JSON.stringify(body), signal: req.signal });
}

/**
 * Wraps a route handler: identifies the caller, decides on the JSON body's messages or prompt,
 * answers refusals itself (401, 403 `{ error: 'denied', decision_id, reasons }`, 202
 * `{ status: 'pending_approval', approval_id, decision_id }`), calls the handler with the safe
 * body, and checks the handler's response on the way out.
 *
 * @example
 * ```ts
 * // app/api/chat/route.ts
 * import { withGatehouse } from 'gatehouse/next';
 * export const runtime = 'nodejs';
 * export const POST = withGatehouse(async (req, { gatehouse }) => {
 *   const { messages } = await req.json();                  // redacted
 *   return Response.json({ reply: await callModel(messages) });
 * }, gh, { resolveIdentity: async (req) => ({ orgId: 'acme', userId: await userIdFrom(req) }) });
 * ```
 */
export function withGatehouse<C = unknown>(handler: GovernedRouteHandler<C>, gatehouse: GatehouseCore, options: WithGatehouseOptions): (req: Request, ctx: C) => Promise<Response> {
  if (typeof handler !== 'function') throw new GatehouseTypeError('withGatehouse needs the route handler (req, ctx) => Response as its first argument.');
  if (!gatehouse || typeof gatehouse.check !== 'function') throw new GatehouseTypeError('withGatehouse needs the enforcement core from createGatehouseCore() as its second argument.');
  if (!options || typeof options !== 'object') throw new InvalidOptionError('withGatehouse needs options such as { resolveIdentity } or { apiKeys }.');
  const stage = options.stage ?? 'input';
  if (stage !== 'input' && stage !== 'output') throw new InvalidOptionError(`options.stage must be "input" or "output"; got ${String(stage)}.`);
  if (options.approval === 'wait' && !options.approvals?.waitFor) throw new InvalidOptionError('approval: "wait" needs options.approvals with a waitFor method (createApprovalService(store) has one).');
  const identify = createIdentityResolver<Request>(options, {
    authorization: (req) => req.headers.get('authorization') ?? undefined,
    traceparent: (req) => req.headers.get('traceparent') ?? undefined,
  });
  const restoreTokens = options.restoreTokens ?? true;
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  return async (req, ctx) => {
    try {
      const identity = await identify(req);
      const body = await readJsonRequest(req, limit);
      const input = readChatInput(body, options.bodyField);
      const attributes = options.attributes?.(req, body);
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
        presentedApprovalId: req.headers.get(APPROVAL_ID_HEADER) ?? undefined,
        label: `${req.method} ${new URL(req.url).pathname}`,
      });
      if (outcome.kind !== 'proceed') return toResponse(answerForOutcome(outcome));

      const { decision } = outcome;
      const safeBody = withSafeChatInput(body, input, decision);
      const outputOptions = { inputDecision: decision, restoreTokens, ...(input.model !== undefined ? { model: input.model } : {}) };
      const gatehouseContext: GatehouseRouteContext = {
        body: safeBody,
        decision,
        identity,
        approvalId: outcome.approvalId,
        restore: (text) => gatehouse.engine.restore(text, decision),
        guardOutput: async (text) => (await governOutputText(gatehouse, identity, text, outputOptions)).text,
        guardOutputJson: async (value) => (await governOutputJson(gatehouse, identity, value, outputOptions)).value,
      };
      const response = await handler(withBody(req, safeBody), { ...(ctx as C), gatehouse: gatehouseContext });
      const out = options.checkResponse === false ? { response } : await governResponse(gatehouse, identity, response, outputOptions);
      return withHeader(out.response, DECISION_ID_HEADER, decision.decisionId);
    } catch (error) {
      const answer = answerForError(error);
      if (answer) return toResponse(answer);
      throw error;
    }
  };
}
