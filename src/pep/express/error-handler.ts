/** Turns Gatehouse refusals thrown in a route (e.g. by `guardOutput`) into JSON answers. */
import type { ErrorRequestHandler } from 'express';
import { answerForError } from '../adapter-kit/http-answers.js';

/**
 * Express error middleware: `PolicyDeniedError` → 403 `{ error: 'denied', decision_id, … }`,
 * `AuditRequiredError` → 503, an input `ApprovalRequiredError` → 202, and so on. Any other
 * error goes on to the next error handler. Mount it after your routes.
 *
 * @example
 * ```ts
 * app.post('/chat', gatehouseExpress(gh, { apiKeys }), handler);
 * app.use(gatehouseErrorHandler());
 * ```
 */
export function gatehouseErrorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const answer = answerForError(error);
    if (!answer || res.headersSent) return next(error);
    if (answer.headers) res.set(answer.headers);
    res.status(answer.status).json(answer.body);
  };
}
