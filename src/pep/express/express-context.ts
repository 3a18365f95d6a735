/** What `gatehouseExpress` leaves on `res.locals.gatehouse` for the route handler. */
import type { Response } from 'express';
import { InvalidOptionError } from '../../errors.js';
import type { Decision } from '../../pdp/decision.js';
import type { Identity } from '../guard/gatehouse-core.js';

export interface GatehouseRequestContext {
  /** The input decision (allow, redact, or a require_approval that an approval let through). */
  readonly decision: Decision;
  readonly identity: Identity;
  /** The approval that let this request through, if any. */
  readonly approvalId: string | null;
  /** Puts the values the input decision tokenized back into `text` (no decision is made). */
  restore(text: string): string;
  /**
   * Checks the handler's reply at the output stage and returns what to send: redacted, with
   * tokenized input values restored. Throws `PolicyDeniedError` when it must not be sent;
   * `gatehouseErrorHandler()` answers 403.
   */
  guardOutput(text: string): Promise<string>;
  /** Like `guardOutput`, for a JSON value (checked leaf by leaf, keys as labels). */
  guardOutputJson<T>(value: T): Promise<T>;
}

/**
 * The Gatehouse context of the current request. Throws `InvalidOptionError` when
 * `gatehouseExpress()` did not run for it (the route is not behind the middleware).
 *
 * @example
 * ```ts
 * app.post('/chat', gatehouseExpress(gh, { apiKeys }), async (req, res) => {
 *   const reply = await callModel(req.body.messages);           // already redacted
 *   res.json({ reply: await gatehouseContext(res).guardOutput(reply) });
 * });
 * ```
 */
export function gatehouseContext(res: Response): GatehouseRequestContext {
  const context = (res.locals as { gatehouse?: GatehouseRequestContext }).gatehouse;
  if (!context) throw new InvalidOptionError('This route is not behind gatehouseExpress(): mount the middleware before the handler that reads res.locals.gatehouse.');
  return context;
}
