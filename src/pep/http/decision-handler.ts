/**
 * The Decision Mode request handler: a plain `(req, res)` Node handler, so it mounts in any
 * Node HTTP server (or Express, Fastify's raw handler, a Next custom server) as well as in
 * {@link createDecisionServer}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DecisionMetrics } from './decision-metrics.js';
import { respondWithError } from './error-response.js';
import { resolveHandlerOptions, type DecisionHandlerOptions } from './handler-options.js';
import { MethodNotAllowedError, RequestTimeoutError, RouteNotFoundError } from './http-errors.js';
import type { RequestContext } from './request-context.js';
import { matchRoute } from './routes.js';

/** A Node request handler, with the metrics it updates. */
export interface DecisionHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly metrics: DecisionMetrics;
}

/**
 * Creates the handler. Routes: `POST /api/v1/decide`, `GET /api/v1/audit`,
 * `POST /api/v1/gdpr/delete`, `GET|POST /api/v1/admin/orgs/{org}/breakers[/trip|/reset]`,
 * `GET /health`, `GET /metrics`. Every request gets `requestTimeoutMs`; every error is a JSON
 * `{ error: { code, message, issues? } }`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const handler = createDecisionHandler({ engine, apiKeys: createKyselyApiKeyLookup(store), audit: writer });
 * createServer(handler).listen(8080, '127.0.0.1');
 * // curl -H 'authorization: Bearer gh_live_…' -H 'content-type: application/json' \
 * //   -d '{"stage":"input","query":"card 4111 1111 1111 1111"}' http://127.0.0.1:8080/api/v1/decide
 * ```
 */
export function createDecisionHandler(options: DecisionHandlerOptions): DecisionHandler {
  const deps = resolveHandlerOptions(options);
  const { metrics, logger, requestTimeoutMs } = deps;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const match = matchRoute(path);
    const routeName = match?.route.name ?? 'unknown';
    const ctx: RequestContext = { req, res, params: match?.params ?? {}, search: q === -1 ? '' : url.slice(q + 1), started, reading: false };
    const credentials = match?.route.credentials ?? 'none';

    const fail = (error: unknown) => {
      const status = respondWithError(res, error, { route: routeName, credentials, logger });
      if (status !== 0) metrics.countResponse(routeName, status);
    };

    if (!match) return fail(new RouteNotFoundError());
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const run = match.route.methods[method];
    if (!run) return fail(new MethodNotAllowedError(Object.keys(match.route.methods)));

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      fail(new RequestTimeoutError(requestTimeoutMs, ctx.reading));
      // The route may still be waiting (a slow database); its late answer is dropped by sendJson.
    }, requestTimeoutMs);
    run(ctx, deps).then(
      () => {
        clearTimeout(timer);
        if (!timedOut && res.headersSent) metrics.countResponse(routeName, res.statusCode);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!timedOut) fail(error);
      },
    );
  };
  return Object.assign(handler, { metrics });
}
