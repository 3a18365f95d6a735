/**
 * The server's Prometheus metrics, in a registry of its own: two servers in one process (or a
 * host app's own prom-client metrics) never collide, and nothing is registered globally.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Verdict } from '../../pdp/decision.js';
import { VERDICTS } from '../../pdp/decision.js';
import type { BreakerSource } from '../guard/gatehouse-core.js';

/** What the audit gauges read: the counters `gatehouse/audit`'s writer keeps. */
export interface AuditCounterSource {
  readonly counters?: { readonly queued: number; readonly failed: number; readonly rejected: number };
}

export interface DecisionMetrics {
  readonly registry: Registry;
  /** One decision made by `POST /api/v1/decide`, with its handling time in seconds. */
  observeDecision(verdict: Verdict, seconds: number): void;
  /** One response, by route name (a fixed set) and status code. */
  countResponse(route: string, status: number): void;
  /** A request that named another org or client than its credentials'. */
  countIdentityMismatch(): void;
  /** The text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

const BREAKER_SCOPES = ['org', 'client', 'policy', 'model', 'tool'] as const;

/** Buckets around the 5 ms p99 target, from 100 µs to 1 s. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * Creates the metrics:
 *
 * - `gatehouse_decisions_total{verdict}`: decisions by engine verdict (allow, redact, require_approval, deny);
 * - `gatehouse_decide_duration_seconds`: time from request to response on the decide route;
 * - `gatehouse_http_responses_total{route,status}`;
 * - `gatehouse_identity_mismatch_total`: bodies naming another org or client (403);
 * - `gatehouse_audit_queue_depth`, `gatehouse_audit_failed_records`, `gatehouse_audit_rejected_records`: the audit writer's counters, read at scrape time;
 * - `gatehouse_breakers_open{scope}` and `gatehouse_breaker_state_available` (0 when the state cannot be read: decisions then deny).
 *
 * @example
 * ```ts
 * const metrics = createDecisionMetrics({ audit: writer, breakers });
 * const { contentType, body } = await metrics.render();
 * ```
 */
export function createDecisionMetrics(sources: { audit?: AuditCounterSource | null; breakers?: BreakerSource | null } = {}): DecisionMetrics {
  const registry = new Registry();
  const decisions = new Counter({ name: 'gatehouse_decisions_total', help: 'Decisions made over HTTP, by verdict.', labelNames: ['verdict'] as const, registers: [registry] });
  const byVerdict = new Map(VERDICTS.map((v) => [v, decisions.labels(v)]));
  const latency = new Histogram({ name: 'gatehouse_decide_duration_seconds', help: 'Time to answer POST /api/v1/decide, in seconds.', buckets: LATENCY_BUCKETS, registers: [registry] });
  const responses = new Counter({ name: 'gatehouse_http_responses_total', help: 'HTTP responses by route and status code.', labelNames: ['route', 'status'] as const, registers: [registry] });
  const responseChildren = new Map<string, Counter.Internal>();
  const mismatches = new Counter({ name: 'gatehouse_identity_mismatch_total', help: 'Requests refused because the body named another org or client than the credentials.', registers: [registry] });

  const audit = sources.audit ?? null;
  new Gauge({
    name: 'gatehouse_audit_queue_depth', help: 'Audit records accepted and not yet written.', registers: [registry],
    collect() { this.set(audit?.counters?.queued ?? 0); },
  });
  new Gauge({
    name: 'gatehouse_audit_failed_records', help: 'Audit records that could not be written, since start.', registers: [registry],
    collect() { this.set(audit?.counters?.failed ?? 0); },
  });
  new Gauge({
    name: 'gatehouse_audit_rejected_records', help: 'Audit records refused (queue full or writer closed), since start.', registers: [registry],
    collect() { this.set(audit?.counters?.rejected ?? 0); },
  });

  const breakers = sources.breakers ?? null;
  new Gauge({
    name: 'gatehouse_breakers_open', help: 'Tripped circuit breakers, by scope.', labelNames: ['scope'] as const, registers: [registry],
    collect() {
      const counts: Record<string, number> = Object.fromEntries(BREAKER_SCOPES.map((s) => [s, 0]));
      if (breakers) {
        try {
          for (const b of breakers.snapshot()) counts[b.scope] = (counts[b.scope] ?? 0) + 1;
        } catch {
          // Reported by gatehouse_breaker_state_available.
        }
      }
      for (const [scope, n] of Object.entries(counts)) this.labels(scope).set(n);
    },
  });
  new Gauge({
    name: 'gatehouse_breaker_state_available', help: '1 when the circuit-breaker state can be read; 0 means every decision is denied.', registers: [registry],
    collect() { this.set(breakerStateReadable(breakers) ? 1 : 0); },
  });

  return {
    registry,
    observeDecision(verdict, seconds) {
      byVerdict.get(verdict)?.inc();
      latency.observe(seconds);
    },
    countResponse(route, status) {
      const key = `${route} ${status}`;
      let child = responseChildren.get(key);
      if (child === undefined) {
        child = responses.labels(route, String(status));
        responseChildren.set(key, child);
      }
      child.inc();
    },
    countIdentityMismatch: () => mismatches.inc(),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

function breakerStateReadable(breakers: BreakerSource | null): boolean {
  if (!breakers) return true;
  try {
    breakers.snapshot();
    return true;
  } catch {
    return false;
  }
}
