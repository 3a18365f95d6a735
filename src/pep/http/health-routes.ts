/**
 * `GET /health` and `GET /metrics`: unauthenticated by design, and so they say nothing about
 * any tenant. Health is 503 while decisions would be denied for want of breaker state, or
 * while the audit writer is closed.
 */
import type { ResolvedHandlerOptions } from './handler-options.js';
import type { RequestContext } from './request-context.js';
import { sendJson } from './send-json.js';

/** `GET /health`: `{ status: 'ok' }`, or 503 with the failing checks. */
export async function handleHealth(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  const checks: Record<string, 'ok' | 'unavailable'> = {};
  if (deps.breakers) {
    try {
      deps.breakers.snapshot();
      checks.breakers = 'ok';
    } catch {
      checks.breakers = 'unavailable';
    }
  }
  if (deps.audit) checks.audit = deps.audit.closed === true ? 'unavailable' : 'ok';
  const ok = Object.values(checks).every((c) => c === 'ok');
  sendJson(ctx.res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks });
}

/** `GET /metrics`: Prometheus text exposition from the server's own registry. */
export async function handleMetrics(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  const { contentType, body } = await deps.metrics.render();
  if (ctx.res.headersSent) return;
  ctx.res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  ctx.res.end(body);
}
