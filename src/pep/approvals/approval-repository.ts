/**
 * The approval SQL, always in a tenant transaction: row-level security keeps every read and
 * write inside the org. State changes are conditional updates (only from the states allowed),
 * append an event, and queue a NOTIFY for waiters in other processes.
 */
import type { GatehouseStore } from '../../tenancy/store.js';
import { withTenant } from '../../tenancy/with-tenant.js';
import { notifyOnCommit } from '../notifications/notify.js';
import { toApprovalRecord, type ApprovalEvent, type ApprovalRecord } from './approval-record.js';
import { approvalTables, type ApprovalOutcome, type ApprovalStatus } from './approval-tables.js';
import type { StoredDecision } from './decision-summary.js';

/** The actor that expiries record. */
export const EXPIRY_ACTOR = 'gatehouse:expiry';

export interface NewApproval {
  orgId: string;
  approvalId: string;
  decision: StoredDecision;
  requestedBy: string | null;
  reason: string | null;
  expiresAt: Date;
}

export async function insertApproval(store: GatehouseStore, a: NewApproval, now: number): Promise<ApprovalRecord> {
  return withTenant(store, a.orgId, async (tenantTrx) => {
    const trx = approvalTables(tenantTrx);
    const at = new Date(now);
    const row = await trx.insertInto('approvals')
      .values({
        org_id: a.orgId, approval_id: a.approvalId, decision_id: a.decision.decisionId, status: 'pending',
        requested_by: a.requestedBy, reason: a.reason, request: JSON.stringify(a.decision),
        expires_at: a.expiresAt, created_at: at, updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('approval_events')
      .values({ org_id: a.orgId, approval_id: a.approvalId, event: 'requested', actor: a.requestedBy, detail: JSON.stringify({ expiresAt: a.expiresAt.toISOString() }) })
      .execute();
    return toApprovalRecord(row, now);
  });
}

export async function selectApproval(store: GatehouseStore, orgId: string, approvalId: string, now: number): Promise<ApprovalRecord | undefined> {
  const row = await withTenant(store, orgId, (trx) =>
    approvalTables(trx).selectFrom('approvals').selectAll().where('approval_id', '=', approvalId).executeTakeFirst(),
  );
  return row === undefined ? undefined : toApprovalRecord(row, now);
}

export interface Transition {
  to: Exclude<ApprovalStatus, 'pending'>;
  outcome: ApprovalOutcome;
  actor: string;
  justification: string | null;
  /** The states it may leave. */
  from: readonly ApprovalStatus[];
  /** Refuse when the request is past its expiry (reviews); overrides ignore expiry. */
  mustBeUnexpired: boolean;
}

/**
 * Applies a transition if the approval is in one of `from` (and unexpired when required).
 * Returns the new record, or the current one (unchanged) when the transition did not apply;
 * undefined when the approval does not exist in the org.
 */
export async function applyTransition(
  store: GatehouseStore, orgId: string, approvalId: string, t: Transition, change: { channel: string; now: number },
): Promise<{ applied: boolean; record: ApprovalRecord } | undefined> {
  return withTenant(store, orgId, async (tenantTrx) => {
    const trx = approvalTables(tenantTrx);
    const at = new Date(change.now);
    let q = trx.updateTable('approvals')
      .set({ status: t.to, outcome: t.outcome, decided_by: t.actor, decided_at: at, justification: t.justification, updated_at: at })
      .where('approval_id', '=', approvalId)
      .where('status', 'in', [...t.from]);
    if (t.mustBeUnexpired) q = q.where('expires_at', '>', at);
    const row = await q.returningAll().executeTakeFirst();
    if (row === undefined) {
      const current = await trx.selectFrom('approvals').selectAll().where('approval_id', '=', approvalId).executeTakeFirst();
      return current === undefined ? undefined : { applied: false, record: toApprovalRecord(current, change.now) };
    }
    await trx.insertInto('approval_events')
      .values({ org_id: orgId, approval_id: approvalId, event: t.to, actor: t.actor, detail: JSON.stringify({ outcome: t.outcome, ...(t.justification !== null ? { justification: t.justification } : {}) }) })
      .execute();
    await notifyOnCommit(tenantTrx, store, change.channel, { orgId, approvalId });
    return { applied: true, record: toApprovalRecord(row, change.now) };
  });
}

/** Records `expired` for the org's pending approvals past their expiry; returns their ids. */
export async function expireOverdue(store: GatehouseStore, orgId: string, change: { channel: string; now: number }, approvalId?: string): Promise<string[]> {
  return withTenant(store, orgId, async (tenantTrx) => {
    const trx = approvalTables(tenantTrx);
    const at = new Date(change.now);
    let q = trx.updateTable('approvals')
      .set({ status: 'expired', outcome: 'deny', decided_at: at, updated_at: at })
      .where('status', '=', 'pending')
      .where('expires_at', '<=', at);
    if (approvalId !== undefined) q = q.where('approval_id', '=', approvalId);
    const rows = await q.returning('approval_id').execute();
    for (const { approval_id } of rows) {
      await trx.insertInto('approval_events').values({ org_id: orgId, approval_id, event: 'expired', actor: EXPIRY_ACTOR, detail: JSON.stringify({ outcome: 'deny' }) }).execute();
      await notifyOnCommit(tenantTrx, store, change.channel, { orgId, approvalId: approval_id });
    }
    return rows.map((r) => r.approval_id);
  });
}

export async function listApprovals(store: GatehouseStore, orgId: string, filter: { status?: ApprovalStatus; limit: number }, now: number): Promise<ApprovalRecord[]> {
  const rows = await withTenant(store, orgId, (tenantTrx) => {
    let q = approvalTables(tenantTrx).selectFrom('approvals').selectAll();
    const at = new Date(now);
    // Filter on the effective status: pending means "and not yet expired".
    if (filter.status === 'pending') q = q.where('status', '=', 'pending').where('expires_at', '>', at);
    else if (filter.status === 'expired') q = q.where((eb) => eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', at)])]));
    else if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    return q.orderBy('created_at', 'desc').orderBy('approval_id', 'desc').limit(filter.limit).execute();
  });
  return rows.map((r) => toApprovalRecord(r, now));
}

export async function listApprovalEvents(store: GatehouseStore, orgId: string, approvalId: string): Promise<ApprovalEvent[]> {
  const rows = await withTenant(store, orgId, (trx) =>
    approvalTables(trx).selectFrom('approval_events').selectAll().where('approval_id', '=', approvalId).orderBy('event_id').execute(),
  );
  return rows.map((r) => ({ eventId: Number(r.event_id), approvalId: r.approval_id, event: r.event, actor: r.actor, detail: r.detail, at: r.created_at }));
}
