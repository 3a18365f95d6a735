/**
 * The options of the Decision Mode handler, and their resolution into what the routes use.
 */
import { integerOption } from '../../integer-option.js';
import type { ApiKeyLookup } from '../../crypto/api-keys/api-key-store.js';
import type { TenantCaller } from '../../crypto/api-keys/authenticate.js';
import { InvalidOptionError } from '../../errors.js';
import type { BreakerState, Decision } from '../../pdp/decision.js';
import type { PolicyEngine } from '../../pdp/create-policy-engine.js';
import { builtinAuthorize, type Authorize } from '../access/require-permission.js';
import type { ResetInput, TripInput, TrippedBreaker } from '../breakers/index.js';
import { createGatehouseCore, type AuditSink, type BreakerSource, type GatehouseCore } from '../guard/gatehouse-core.js';
import { consoleLogger, type Logger } from '../log/logger.js';
import { adminKeyAuthenticator, type AdminAuthenticator } from './admin-key-authenticator.js';
import type { AuditRecordsSource } from './audit-records-source.js';
import { cachedApiKeyAuthenticator } from './cached-api-key-authenticator.js';
import { createDecisionMetrics, type AuditCounterSource, type DecisionMetrics } from './decision-metrics.js';
import type { TenantAuthenticator } from './tenant-authenticator.js';

/** Creates the approval request for a `require_approval` decision. `gatehouse`'s approval service fits. */
export interface ApprovalRequester {
  request(input: { orgId: string; decision: Decision; requestedBy?: string | null; reason?: string }): Promise<{ approvalId: string; expiresAt?: Date | string }>;
}

/** The operator side of the breakers, for the admin routes. `gatehouse`'s breaker service fits. */
export interface BreakerAdmin {
  status(orgId: string): Promise<readonly TrippedBreaker[]>;
  trip(input: TripInput): Promise<BreakerState>;
  reset(input: ResetInput): Promise<{ wasTripped: boolean }>;
}

/** The audit writer as the server uses it: a sink, with counters for /metrics when it has them. */
export type HandlerAuditSink = AuditSink & AuditCounterSource & { readonly closed?: boolean };

/** Options of `createDecisionHandler` and `createDecisionServer`. */
export interface DecisionHandlerOptions {
  /** The policy engine. Required unless `core` is given. */
  engine?: PolicyEngine;
  /** An enforcement core to decide through; built from `engine`, `audit`, `breakers` and `logger` when left out. */
  core?: GatehouseCore;
  /** Tenant authentication. Give this, or `apiKeys`. */
  authenticate?: TenantAuthenticator;
  /** Stored API keys (e.g. `createKyselyApiKeyLookup(store)`); wrapped in a short cache. */
  apiKeys?: ApiKeyLookup;
  /**
   * How long a looked-up key record, and a credential verified against it, is reused, in ms; a
   * key revoked in the store stops working within this. Default 5000; 0: no cache.
   */
  apiKeyCacheTtlMs?: number;
  /** Admin authentication for /api/v1/gdpr and /api/v1/admin. Give this, or `adminKeyDigests`. Neither: admin routes answer 401. */
  adminAuthenticate?: AdminAuthenticator;
  /** SHA-256 hex digests of the admin keys (`GATEHOUSE_ADMIN_KEY_SHA256`). */
  adminKeyDigests?: readonly string[];
  /** Where decisions (and refused identity mismatches) are recorded. `gatehouse/audit`'s writer fits. */
  audit?: HandlerAuditSink | null;
  /** Creates approval requests; without it, `needs_approval` answers carry `approval_id: null`. */
  approvals?: ApprovalRequester | null;
  /** Breaker state for decisions; with `status`/`trip`/`reset`, also the admin breaker routes. */
  breakers?: (BreakerSource & Partial<BreakerAdmin>) | null;
  /** The audit query and GDPR erasure (e.g. `storeAuditRecords(store, { auditSecret })`). */
  auditRecords?: AuditRecordsSource | null;
  /**
   * The RBAC roles an API-key caller holds in its org, for routes that need a permission
   * (`GET /api/v1/audit` needs `audit:read`). `gatehouse serve` reads the role bindings of the
   * subject `client:<clientId>`. Left out: such routes answer 403 (no role is known, none is assumed).
   */
  callerRoles?: (caller: TenantCaller) => Promise<readonly string[]> | readonly string[];
  /** Permission check. Default: built-in roles; pass `createAuthorizer(roleStore).can` for custom roles. */
  authorize?: Authorize;
  /** Largest request body, in bytes. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Longest a request may take, reading included, in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** pino-compatible; lines carry ids, codes and counts, never a body or a credential. */
  logger?: Logger;
  /** Metrics to update; default: a new set in its own registry. */
  metrics?: DecisionMetrics;
}

export interface ResolvedHandlerOptions {
  readonly core: GatehouseCore;
  readonly policySetVersion: string;
  readonly authenticate: TenantAuthenticator | null;
  readonly adminAuthenticate: AdminAuthenticator | null;
  readonly audit: HandlerAuditSink | null;
  readonly approvals: ApprovalRequester | null;
  readonly breakers: (BreakerSource & Partial<BreakerAdmin>) | null;
  readonly auditRecords: AuditRecordsSource | null;
  readonly callerRoles: DecisionHandlerOptions['callerRoles'] | null;
  readonly authorize: Authorize;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
  readonly metrics: DecisionMetrics;
}


export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Checks the options and fills in the defaults. Throws `InvalidOptionError` naming the bad option. */
export function resolveHandlerOptions(options: DecisionHandlerOptions): ResolvedHandlerOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('createDecisionHandler needs an options object such as { engine, apiKeys }.');
  if (!options.core && !options.engine) throw new InvalidOptionError('createDecisionHandler needs options.engine (a policy engine) or options.core.');
  const logger = options.logger ?? consoleLogger;
  const audit = options.audit ?? null;
  const breakers = options.breakers ?? null;
  const core = options.core ?? createGatehouseCore({ engine: options.engine!, audit, breakers, logger });
  let authenticate: TenantAuthenticator | null = options.authenticate ?? null;
  if (!authenticate && options.apiKeys) authenticate = cachedApiKeyAuthenticator(options.apiKeys, { ttlMs: options.apiKeyCacheTtlMs ?? 5_000 });
  let adminAuthenticate: AdminAuthenticator | null = options.adminAuthenticate ?? null;
  if (!adminAuthenticate && options.adminKeyDigests && options.adminKeyDigests.length > 0) adminAuthenticate = adminKeyAuthenticator(options.adminKeyDigests);
  return {
    core,
    policySetVersion: core.engine.version,
    authenticate,
    adminAuthenticate,
    audit,
    approvals: options.approvals ?? null,
    breakers,
    auditRecords: options.auditRecords ?? null,
    callerRoles: options.callerRoles ?? null,
    authorize: options.authorize ?? builtinAuthorize,
    bodyLimitBytes: integerOption(options.bodyLimitBytes, 'options.bodyLimitBytes', DEFAULT_BODY_LIMIT_BYTES, 1, 1024 * 1024 * 1024),
    requestTimeoutMs: integerOption(options.requestTimeoutMs, 'options.requestTimeoutMs', DEFAULT_REQUEST_TIMEOUT_MS, 1, 3_600_000),
    logger,
    metrics: options.metrics ?? createDecisionMetrics({ audit, breakers }),
  };
}
