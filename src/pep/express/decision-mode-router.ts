/**
 * Decision Mode (`POST /api/v1/decide` and the other routes of `createDecisionHandler`) mounted
 * inside an Express app, under any prefix.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createDecisionHandler } from '../http/decision-handler.js';
import type { DecisionHandlerOptions } from '../http/handler-options.js';
import { matchRoute } from '../http/routes.js';

/**
 * A middleware that answers the Decision Mode routes and passes every other path on. It reads
 * the request body itself, so mount it before `express.json()` (a body that was already parsed
 * is answered with a 500 that says so).
 *
 * @example
 * ```ts
 * app.use('/gatehouse', decisionModeRouter({ engine, apiKeys: createKyselyApiKeyLookup(store), audit }));
 * app.use(express.json());
 * // POST /gatehouse/api/v1/decide
 * ```
 */
export function decisionModeRouter(options: DecisionHandlerOptions): RequestHandler {
  const handler = createDecisionHandler(options);
  return (req: Request, res: Response, next: NextFunction) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (!matchRoute(q === -1 ? url : url.slice(0, q))) return next();
    if (req.body !== undefined) {
      res.status(500).json({ error: { code: 'BODY_ALREADY_READ', message: 'A body parser ran before decisionModeRouter(); mount decisionModeRouter() before express.json().' } });
      return;
    }
    handler(req, res);
  };
}
