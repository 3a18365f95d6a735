/**
 * Human approval (HITL): a `require_approval` decision becomes a pending request in the store;
 * a reviewer with `hitl:approve` approves or rejects it with a justification; an admin can
 * override it; it expires (a deny) after its TTL. History is append-only. Waiters hear of
 * the outcome through LISTEN/NOTIFY on PostgreSQL and by polling on PGlite.
 */
import { integerOption } from '../../integer-option.js';
import { InvalidOptionError } from '../../errors.js';
import { uuidv7 } from '../../pdp/uuidv7.js';
import { assertOrgId } from '../../tenancy/org-id.js';
import type { GatehouseStore } from '../../tenancy/store.js';
import { builtinAuthorize, requirePermissions, type Authorize } from '../access/require-permission.js';
import { consoleLogger, type Logger } from '../log/logger.js';
import { notificationChannel } from '../notifications/channel-name.js';
import { resolveListenUrl } from '../notifications/listen-url.js';
import { createPostgresListener, type PostgresListener } from '../notifications/postgres-listener.js';
import {
  ApprovalNotFoundError, ApprovalNotPendingError, ApprovalSelfReviewError, ApprovalServiceClosedError, ApprovalWaitTimeoutError, InvalidApprovalRequestError,
} from './approval-errors.js';
import {
  parseOverride, parseRequest, parseReview, parseTarget, parseWait,
  type OverrideInput, type RequestApprovalInput, type ReviewInput, type WaitOptions,
} from './approval-input.js';
import { isFinal, type ApprovalEvent, type ApprovalRecord } from './approval-record.js';
import {
  applyTransition, expireOverdue, insertApproval, listApprovalEvents, listApprovals, selectApproval, type Transition,
} from './approval-repository.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from './approval-tables.js';
import { WaitRegistry } from './approval-waiters.js';
import { summarizeDecision } from './decision-summary.js';
import { createWebhookSender, type WebhookOptions, type WebhookSender } from './webhook-delivery.js';
import { errorFields } from '../log/error-fields.js';

/** Options of {@link createApprovalService}. */
export interface ApprovalServiceOptions {
  /** How long a request stays pending, in ms. Default 24 h. */
  defaultTtlMs?: number;
  /** POSTs a signed JSON notification of every new request. */
  webhook?: WebhookOptions;
  /** How often waiters re-read their approval, in ms. Default 1000 (the fallback on PostgreSQL). */
  pollIntervalMs?: number;
  /** Permission checks (`hitl:approve`; overrides also `policy:write`). Default: built-in roles (`can`). */
  authorize?: Authorize;
  /** Let the requester review their own request. Default false (four eyes). */
  allowSelfReview?: boolean;
  /** PostgreSQL only: the LISTEN connection string. Default `DATABASE_URL`; `false` polls only. */
  listenUrl?: string | false;
  logger?: Logger;
  /** Clock, for tests. */
  now?: () => number;
}

/** The approvals of one store. Methods do not rely on `this`. */
export interface ApprovalService {
  /** Records a pending request for a `require_approval` decision and notifies the webhook. */
  request(input: RequestApprovalInput): Promise<{ approvalId: string; expiresAt: Date }>;
  /** The approval, with its effective status (`expired` once past its expiry). */
  get(orgId: string, approvalId: string): Promise<ApprovalRecord>;
  /** The org's approvals, newest first; `status` filters on the effective status. */
  list(orgId: string, filter?: { status?: ApprovalStatus; limit?: number }): Promise<ApprovalRecord[]>;
  /** The approval's append-only history, oldest first. */
  history(orgId: string, approvalId: string): Promise<ApprovalEvent[]>;
  /** Needs `hitl:approve`. Throws `ApprovalNotPendingError` unless pending and unexpired. */
  approve(input: ReviewInput): Promise<ApprovalRecord>;
  /** Needs `hitl:approve`. Throws `ApprovalNotPendingError` unless pending and unexpired. */
  reject(input: ReviewInput): Promise<ApprovalRecord>;
  /** An admin decision in any state (needs `hitl:approve` and `policy:write`): status `overridden`, with the given outcome. */
  override(input: OverrideInput): Promise<ApprovalRecord>;
  /** Records `expired` for the org's overdue pending requests; returns their ids. */
  expireOverdue(orgId: string): Promise<string[]>;
  /**
   * Resolves with the approval once it is final (approved, rejected, expired or overridden).
   * Rejects with `ApprovalWaitTimeoutError` after `timeoutMs`, with the signal's reason when
   * aborted, and with `ApprovalServiceClosedError` when the service closes.
   */
  waitFor(orgId: string, approvalId: string, options: WaitOptions): Promise<ApprovalRecord>;
  /** Resolves when webhook deliveries in flight have finished. */
  webhooksIdle(): Promise<void>;
  /** Stops listening, ends waiters and cancels webhook retries. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 3_600_000;
const MAX_TIMER_MS = 2_147_483_647;


/**
 * Creates the approval service over a migrated store.
 *
 * @example
 * ```ts
 * const approvals = createApprovalService(store, { webhook: { url: 'https://ops.acme.example/hooks/gatehouse', secret: process.env.HOOK_SECRET! } });
 *
 * const d = engine.decide({ orgId: 'acme', userId: 'u1', stage: 'tool_call', tool: { name: 'payments.refund', args } });
 * if (d.verdict === 'require_approval') {
 *   const { approvalId } = await approvals.request({ orgId: 'acme', decision: d, requestedBy: 'u1', reason: 'refund over limit' });
 *   const done = await approvals.waitFor('acme', approvalId, { timeoutMs: 10 * 60_000 });
 *   if (!isApproved(done)) throw new Error(`refund ${done.status}`);
 * }
 *
 * // elsewhere, a reviewer:
 * await approvals.approve({ orgId: 'acme', approvalId, reviewer: { id: 'lead@acme.example', orgId: 'acme', roles: ['approver'] }, justification: 'customer verified by phone' });
 * ```
 */
export function createApprovalService(store: GatehouseStore, options: ApprovalServiceOptions = {}): ApprovalService {
  const defaultTtlMs = integerOption(options.defaultTtlMs, 'options.defaultTtlMs', DAY_MS, 1, 30 * DAY_MS);
  const pollIntervalMs = integerOption(options.pollIntervalMs, 'options.pollIntervalMs', 1_000, 10, 3_600_000);
  if (options.listenUrl !== undefined && options.listenUrl !== false && (typeof options.listenUrl !== 'string' || options.listenUrl === '')) {
    throw new InvalidOptionError('options.listenUrl must be a PostgreSQL connection string, or false to poll only.');
  }
  const authorize = options.authorize ?? builtinAuthorize;
  const allowSelfReview = options.allowSelfReview === true;
  const logger = options.logger ?? consoleLogger;
  const now = options.now ?? Date.now;
  const channel = notificationChannel(store.schema, 'approvals');
  const webhook: WebhookSender | undefined = options.webhook ? createWebhookSender(options.webhook, logger, now) : undefined;

  let closed = false;
  let listener: PostgresListener | undefined;
  const aborts = new Set<(error: Error) => void>();
  const waiters = new WaitRegistry({ pollIntervalMs, logger, load: (orgId, approvalId) => selectApproval(store, orgId, approvalId, now()) });

  function assertOpen(): void {
    if (closed) throw new ApprovalServiceClosedError();
  }

  /** The LISTEN connection, started by the first waitFor() on PostgreSQL. */
  async function ensureListening(): Promise<void> {
    if (listener !== undefined) {
      await listener.ready;
      return;
    }
    const url = resolveListenUrl(store, options.listenUrl);
    if (url === undefined) return;
    listener = createPostgresListener({
      url, channels: [channel], logger, purpose: 'approvals',
      onNotification: (_channel, payload) => {
        try {
          const { orgId, approvalId } = JSON.parse(payload) as { orgId?: unknown; approvalId?: unknown };
          if (typeof orgId === 'string' && typeof approvalId === 'string') waiters.wake(orgId, approvalId);
        } catch {
          waiters.wakeAll();
        }
      },
      // Reconnected: whatever was decided meanwhile was not heard.
      onListening: () => waiters.wakeAll(),
    });
    await listener.ready;
  }

  async function get(orgId: string, approvalId: string): Promise<ApprovalRecord> {
    const t = parseTarget(orgId, approvalId);
    const record = await selectApproval(store, t.orgId, t.approvalId, now());
    if (record === undefined) throw new ApprovalNotFoundError(t.orgId, t.approvalId);
    return record;
  }

  async function transition(orgId: string, approvalId: string, t: Transition): Promise<ApprovalRecord> {
    const result = await applyTransition(store, orgId, approvalId, t, { channel, now: now() });
    if (result === undefined) throw new ApprovalNotFoundError(orgId, approvalId);
    if (!result.applied) {
      if (result.record.status === 'expired') await expireOverdue(store, orgId, { channel, now: now() }, approvalId);
      throw new ApprovalNotPendingError(approvalId, result.record.status);
    }
    return result.record;
  }

  async function review(input: ReviewInput, to: 'approved' | 'rejected'): Promise<ApprovalRecord> {
    assertOpen();
    const r = parseReview(input);
    await requirePermissions(authorize, r.reviewer, r.orgId, ['hitl:approve']);
    if (!allowSelfReview) {
      const current = await get(r.orgId, r.approvalId);
      if (current.requestedBy !== null && current.requestedBy === r.reviewer.id) throw new ApprovalSelfReviewError(r.approvalId);
    }
    return transition(r.orgId, r.approvalId, {
      to, outcome: to === 'approved' ? 'allow' : 'deny', actor: r.reviewer.id, justification: r.justification, from: ['pending'], mustBeUnexpired: true,
    });
  }

  return {
    async request(input) {
      assertOpen();
      const r = parseRequest(input);
      const ttlMs = r.ttlMs ?? defaultTtlMs;
      const at = now();
      const approvalId = uuidv7(at);
      const decision = summarizeDecision(r.decision);
      const record = await insertApproval(store, {
        orgId: r.orgId, approvalId, decision, requestedBy: r.requestedBy ?? null, reason: r.reason ?? null, expiresAt: new Date(at + ttlMs),
      }, at);
      webhook?.send(approvalId, {
        type: 'approval.requested',
        approvalId, orgId: r.orgId, decisionId: decision.decisionId, stage: decision.stage,
        requestedBy: record.requestedBy, reason: record.reason,
        reasons: decision.reasons.map((x) => ({ code: x.code, ...(x.policyId !== undefined ? { policyId: x.policyId } : {}) })),
        approvalPolicyIds: decision.approvalPolicyIds,
        createdAt: record.createdAt.toISOString(), expiresAt: record.expiresAt.toISOString(),
      });
      return { approvalId, expiresAt: record.expiresAt };
    },

    get,

    async list(orgId, filter = {}) {
      assertOrgId(orgId);
      if (filter.status !== undefined && !(APPROVAL_STATUSES as readonly string[]).includes(filter.status)) {
        throw new InvalidApprovalRequestError('list', [{ path: ['status'], message: `must be one of ${APPROVAL_STATUSES.join(', ')}` }]);
      }
      const limit = integerOption(filter.limit, 'filter.limit', 100, 1, 1000);
      return listApprovals(store, orgId, { ...(filter.status ? { status: filter.status } : {}), limit }, now());
    },

    async history(orgId, approvalId) {
      const t = parseTarget(orgId, approvalId);
      return listApprovalEvents(store, t.orgId, t.approvalId);
    },

    approve: (input) => review(input, 'approved'),
    reject: (input) => review(input, 'rejected'),

    async override(input) {
      assertOpen();
      const o = parseOverride(input);
      await requirePermissions(authorize, o.admin, o.orgId, ['hitl:approve', 'policy:write']);
      return transition(o.orgId, o.approvalId, {
        to: 'overridden', outcome: o.outcome, actor: o.admin.id, justification: o.justification, from: APPROVAL_STATUSES, mustBeUnexpired: false,
      });
    },

    async expireOverdue(orgId) {
      assertOrgId(orgId);
      return expireOverdue(store, orgId, { channel, now: now() });
    },

    async waitFor(orgId, approvalId, waitOptions) {
      assertOpen();
      const t = parseTarget(orgId, approvalId);
      const { timeoutMs, signal } = parseWait(waitOptions);
      signal?.throwIfAborted();
      await ensureListening();
      const first = await get(t.orgId, t.approvalId);
      // Aborted or closed while the reads above were in flight.
      signal?.throwIfAborted();
      assertOpen();
      const final = await new Promise<ApprovalRecord>((resolve, reject) => {
        const timers: NodeJS.Timeout[] = [];
        let remove = () => {};
        const finish = (error: Error | undefined, record?: ApprovalRecord) => {
          for (const timer of timers) clearTimeout(timer);
          remove();
          aborts.delete(abortWait);
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(record!);
        };
        const abortWait = (error: Error) => finish(error);
        const onAbort = () => finish(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
        aborts.add(abortWait);
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(setTimeout(() => finish(new ApprovalWaitTimeoutError(t.approvalId, timeoutMs)), Math.min(timeoutMs, MAX_TIMER_MS)));
        if (!isFinal(first)) {
          // Wake up at the expiry: the read then reports `expired` even if nothing wrote it.
          const untilExpiry = first.expiresAt.getTime() - now();
          timers.push(setTimeout(() => waiters.wake(t.orgId, t.approvalId), Math.min(Math.max(untilExpiry + 1, 0), MAX_TIMER_MS)));
        }
        remove = waiters.add({ orgId: t.orgId, approvalId: t.approvalId, resolve: (record) => finish(undefined, record) });
      });
      if (final.status === 'expired') {
        // Write the expiry down for the history; the waiter has its answer either way.
        await expireOverdue(store, t.orgId, { channel, now: now() }, t.approvalId).catch((error: unknown) => {
          logger.warn({ approvalId: t.approvalId, ...errorFields(error) }, 'could not record an approval expiry');
        });
      }
      return final;
    },

    webhooksIdle: () => webhook?.idle() ?? Promise.resolve(),

    async close() {
      if (closed) return;
      closed = true;
      for (const abort of [...aborts]) abort(new ApprovalServiceClosedError());
      await Promise.all([listener?.close(), webhook?.close()]);
    },
  };
}
