/**
 * The route table: path → method → implementation, and which credentials each route takes.
 * Exact paths are looked up in a map; the admin breaker paths are the only patterns.
 */
import { handleAuditQuery } from './audit-route.js';
import { handleBreakerReset, handleBreakerStatus, handleBreakerTrip } from './breaker-admin-routes.js';
import { handleDecide } from './decide-route.js';
import type { CredentialKind } from './error-response.js';
import { handleGdprDelete } from './gdpr-route.js';
import { handleHealth, handleMetrics } from './health-routes.js';
import type { RouteHandler } from './request-context.js';

export interface Route {
  /** A fixed label for metrics and logs. */
  readonly name: string;
  readonly credentials: CredentialKind;
  readonly methods: Readonly<Record<string, RouteHandler>>;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

const EXACT = new Map<string, Route>([
  ['/api/v1/decide', { name: 'decide', credentials: 'tenant', methods: { POST: handleDecide } }],
  ['/api/v1/audit', { name: 'audit', credentials: 'tenant', methods: { GET: handleAuditQuery } }],
  ['/api/v1/gdpr/delete', { name: 'gdpr_delete', credentials: 'admin', methods: { POST: handleGdprDelete } }],
  ['/health', { name: 'health', credentials: 'none', methods: { GET: handleHealth } }],
  ['/metrics', { name: 'metrics', credentials: 'none', methods: { GET: handleMetrics } }],
]);

const BREAKERS = /^\/api\/v1\/admin\/orgs\/([^/]+)\/breakers(?:\/(trip|reset))?$/;
const BREAKER_ROUTES = {
  status: { name: 'admin_breakers', credentials: 'admin', methods: { GET: handleBreakerStatus } },
  trip: { name: 'admin_breakers_trip', credentials: 'admin', methods: { POST: handleBreakerTrip } },
  reset: { name: 'admin_breakers_reset', credentials: 'admin', methods: { POST: handleBreakerReset } },
} as const satisfies Record<string, Route>;

/** The exact routes' matches, made once: they carry no parameters. */
const EXACT_MATCHES = new Map<string, RouteMatch>([...EXACT].map(([path, route]) => [path, Object.freeze({ route, params: Object.freeze({}) })]));

/** The route for `path` (without the query string), or undefined. */
export function matchRoute(path: string): RouteMatch | undefined {
  const exact = EXACT_MATCHES.get(path);
  if (exact) return exact;
  const m = BREAKERS.exec(path);
  if (m) {
    let org: string;
    try {
      org = decodeURIComponent(m[1]!);
    } catch {
      org = '';
    }
    return { route: BREAKER_ROUTES[(m[2] as 'trip' | 'reset' | undefined) ?? 'status'], params: { org } };
  }
  return undefined;
}
