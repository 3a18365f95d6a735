import { createPolicyEngine, type PolicyEngineOptions } from '../pdp/create-policy-engine.js';
import { InvalidOptionError } from '../errors.js';
import type { GatehouseStore, OpenStoreOptions as StoreOptions } from '../tenancy/index.js';
import { createGatehouseCore, type GatehouseCore, type GuardOptions } from './guard/gatehouse-core.js';
import { consoleLogger, type Logger } from './log/logger.js';
import { createVerdictCounter, startHeartbeat, type HeartbeatSink } from './telemetry/index.js';

/** Options of {@link createGatehouse}. */
export interface CreateGatehouseOptions extends Omit<PolicyEngineOptions, 'breakers'> {
  /** An open store, or options for `openStore()`. Default: PGlite under `.gatehouse/` (or `DATABASE_URL`). */
  store?: GatehouseStore | StoreOptions;
  /** `buffered` (default): record() queues; `sync`: each decision is committed before the call runs; `off`: no audit. */
  audit?: 'buffered' | 'sync' | 'off';
  /** Secret for the audit trail's keyed digests (≥ 32 bytes). Default: `GATEHOUSE_AUDIT_SECRET`. Required unless audit is off. */
  auditSecret?: string | Uint8Array;
  /** Shared circuit breakers from the store. Default true. */
  breakers?: boolean;
  /** A human-approval queue in the store. Default true. */
  approvals?: boolean;
  /** What guard() does on require_approval: `wait` (default) or `throw`. */
  approval?: GuardOptions<unknown>['approval'];
  approvalTimeoutMs?: number;
  /** Migrate the store on start. Default true. */
  migrate?: boolean;
  /** pino-compatible (`warn`/`error`, optionally `info`/`debug`). Default: the console. */
  logger?: Logger;
  /**
   * Optional telemetry sink, called every `heartbeatIntervalMs` with the version, uptime and
   * verdict counts (no tenant data). Nothing is sent without it, and `GATEHOUSE_TELEMETRY=off`
   * switches it off whatever is passed here.
   */
  heartbeat?: HeartbeatSink;
  /** Between heartbeats, in ms (1000 to 86 400 000). Default 300 000. */
  heartbeatIntervalMs?: number;
}

/** The enforcement point with its store-backed audit, breakers and approvals. */
export interface Gatehouse extends GatehouseCore {
  readonly store: GatehouseStore;
  /** Drains the audit queue and closes what `createGatehouse` opened. */
  close(): Promise<void>;
}

/**
 * Opens the store (PGlite by default), migrates it, and wires the policy engine to a batching
 * audit writer, shared circuit breakers and the approval queue. The database modules are
 * loaded here, on first use, so importing `gatehouse` never loads them.
 *
 * @example
 * ```ts
 * import { createGatehouse } from 'gatehouse';
 * const gh = await createGatehouse({ policies, auditSecret: process.env.GATEHOUSE_AUDIT_SECRET });
 * const reply = await gh.guard({ orgId, userId }, { stage: 'input', messages }, (safe) => callMyModel(safe.messages));
 * await gh.close();
 * ```
 */
export async function createGatehouse(options: CreateGatehouseOptions): Promise<Gatehouse> {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('createGatehouse needs an options object such as { policies }.');
  const auditMode = options.audit ?? 'buffered';
  if (!['buffered', 'sync', 'off'].includes(auditMode)) throw new InvalidOptionError(`options.audit must be "buffered", "sync" or "off"; got ${String(auditMode)}.`);
  const auditSecret = options.auditSecret ?? process.env.GATEHOUSE_AUDIT_SECRET;
  if (auditMode !== 'off' && !auditSecret) {
    throw new InvalidOptionError('Auditing needs a secret for its keyed digests: pass auditSecret (≥ 32 bytes) or set GATEHOUSE_AUDIT_SECRET, or choose audit: "off" explicitly.');
  }
  if (options.heartbeat !== undefined && typeof options.heartbeat !== 'function') {
    throw new InvalidOptionError('options.heartbeat must be a function (beat) => void; leave it out to send nothing.');
  }
  const logger = options.logger ?? consoleLogger;

  const tenancy = await import('../tenancy/index.js');
  const ownsStore = !isStore(options.store);
  const store = isStore(options.store) ? options.store : await tenancy.openStore(options.store);
  const opened: Array<() => Promise<void>> = [];
  try {
    if (options.migrate ?? true) await tenancy.migrate(store);
    let audit: Awaited<ReturnType<typeof import('../audit/index.js').createAuditWriter>> | null = null;
    if (auditMode !== 'off') {
      const { createAuditWriter } = await import('../audit/index.js');
      audit = await createAuditWriter(store, { auditSecret: auditSecret!, mode: auditMode });
      const a = audit;
      opened.push(() => a.close());
    }
    let breakers = null;
    if (options.breakers ?? true) {
      const { createBreakerService } = await import('./breakers/index.js');
      const service = createBreakerService(store, { logger });
      await service.start();
      breakers = service;
      opened.push(() => service.close());
    }
    let approvals = null;
    if (options.approvals ?? true) {
      const { createApprovalService } = await import('./approvals/index.js');
      const service = createApprovalService(store, { logger });
      approvals = service;
      opened.push(() => service.close());
    }
    const {
      store: _s, audit: _a, auditSecret: _k, breakers: _b, approvals: _p, approval, approvalTimeoutMs, migrate: _m, logger: _l,
      heartbeat: _h, heartbeatIntervalMs: _hi, ...engineOptions
    } = options;
    const engine = createPolicyEngine(engineOptions);
    const counter = options.heartbeat !== undefined ? createVerdictCounter() : null;
    const core = createGatehouseCore({
      engine, audit, approvals, breakers, logger,
      ...(counter ? { onDecision: counter.count } : {}),
      ...(approval ? { approval } : {}),
      ...(approvalTimeoutMs !== undefined ? { approvalTimeoutMs } : {}),
    });
    if (counter) {
      const heartbeat = startHeartbeat({
        sink: options.heartbeat!, counter, logger,
        ...(options.heartbeatIntervalMs !== undefined ? { intervalMs: options.heartbeatIntervalMs } : {}),
      });
      // Stopped first on close, so no beat runs against a closing store.
      if (heartbeat) opened.push(() => heartbeat.stop());
    }
    return {
      ...core,
      store,
      async close() {
        for (const close of opened.reverse()) await close();
        if (ownsStore) await store.close();
      },
    };
  } catch (error) {
    for (const close of opened.reverse()) await close().catch(() => {});
    if (ownsStore) await store.close().catch(() => {});
    throw error;
  }
}

function isStore(value: unknown): value is GatehouseStore {
  return value !== null && typeof value === 'object' && 'app' in value && 'admin' in value && typeof (value as GatehouseStore).close === 'function';
}
