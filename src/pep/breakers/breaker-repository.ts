/**
 * The breaker SQL. Writes run in a tenant transaction (row-level security holds them to the
 * org) and queue a NOTIFY that PostgreSQL delivers on commit. The cross-org snapshot read is
 * platform work (every org's open breakers, no request data) and runs as the platform admin.
 */
import type { BreakerState } from '../../pdp/decision.js';
import type { GatehouseStore } from '../../tenancy/store.js';
import { withPlatformAdmin } from '../../tenancy/with-platform-admin.js';
import { withTenant } from '../../tenancy/with-tenant.js';
import { notifyOnCommit } from '../notifications/notify.js';
import { autoTripReason, nextViolationWindow, type AutoTripRule } from './auto-trip.js';
import { breakerTables, type BreakerEventKind, type BreakerScope } from './breaker-tables.js';
import type { ParsedTarget } from './breaker-input.js';

/** The actor that automatic trips record. */
export const AUTO_TRIP_ACTOR = 'gatehouse:auto-trip';

/** A tripped breaker as `status()` reports it. */
export interface TrippedBreaker {
  orgId: string;
  scope: BreakerScope;
  key: string;
  reason: string;
  trippedBy: string;
  trippedAt: Date | null;
  /** Null: tripped until reset. */
  expiresAt: Date | null;
}

/** One entry of a breaker's append-only history. */
export interface BreakerEvent {
  eventId: number;
  orgId: string;
  scope: BreakerScope;
  key: string;
  event: BreakerEventKind;
  actor: string;
  reason: string;
  expiresAt: Date | null;
  at: Date;
}

interface Change {
  channel: string;
  now: number;
}

/** Every open, unexpired breaker of every org, in a stable order. */
export async function loadOpenBreakers(store: GatehouseStore, now: number): Promise<BreakerState[]> {
  const rows = await withPlatformAdmin(store, (trx) =>
    breakerTables(trx)
      .selectFrom('breakers')
      .select(['org_id', 'scope', 'breaker_key', 'reason', 'expires_at'])
      .where('state', '=', 'open')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date(now))]))
      .orderBy('org_id').orderBy('scope').orderBy('breaker_key')
      .execute(),
  );
  return rows.map((r) => ({
    scope: r.scope,
    key: r.breaker_key,
    orgId: r.org_id,
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.expires_at !== null ? { expiresAt: r.expires_at.toISOString() } : {}),
  }));
}

/** Opens (or re-opens, with the new reason and expiry) a breaker and records the trip. */
export async function writeTrip(
  store: GatehouseStore,
  t: ParsedTarget & { actorId: string; reason: string; expiresAt: Date | null; event: BreakerEventKind },
  change: Change,
): Promise<void> {
  await withTenant(store, t.orgId, async (tenantTrx) => {
    const trx = breakerTables(tenantTrx);
    const at = new Date(change.now);
    const open = { state: 'open' as const, reason: t.reason, tripped_by: t.actorId, opened_at: at, expires_at: t.expiresAt, violations: '[]', failure_count: 0, updated_at: at };
    await trx.insertInto('breakers')
      .values({ org_id: t.orgId, scope: t.scope, breaker_key: t.key, ...open })
      .onConflict((oc) => oc.columns(['org_id', 'scope', 'breaker_key']).doUpdateSet(open))
      .execute();
    await trx.insertInto('breaker_events')
      .values({ org_id: t.orgId, scope: t.scope, breaker_key: t.key, event: t.event, actor: t.actorId, reason: t.reason, expires_at: t.expiresAt })
      .execute();
    await notifyOnCommit(tenantTrx, store, change.channel, { orgId: t.orgId });
  });
}

/**
 * Closes a breaker and clears its violation count. Returns whether it was tripped (open and
 * unexpired); a reset of an open row is recorded even when it had expired.
 */
export async function writeReset(store: GatehouseStore, r: ParsedTarget & { actorId: string; reason: string }, change: Change): Promise<boolean> {
  return withTenant(store, r.orgId, async (tenantTrx) => {
    const trx = breakerTables(tenantTrx);
    const before = await trx.selectFrom('breakers')
      .select(['state', 'expires_at'])
      .where('scope', '=', r.scope).where('breaker_key', '=', r.key)
      .forUpdate()
      .executeTakeFirst();
    if (before === undefined) return false;
    await trx.updateTable('breakers')
      .set({ state: 'closed', reason: null, tripped_by: null, opened_at: null, expires_at: null, violations: '[]', failure_count: 0, updated_at: new Date(change.now) })
      .where('scope', '=', r.scope).where('breaker_key', '=', r.key)
      .execute();
    if (before.state !== 'open') return false;
    await trx.insertInto('breaker_events')
      .values({ org_id: r.orgId, scope: r.scope, breaker_key: r.key, event: 'reset', actor: r.actorId, reason: r.reason, expires_at: null })
      .execute();
    await notifyOnCommit(tenantTrx, store, change.channel, { orgId: r.orgId });
    return before.expires_at === null || before.expires_at.getTime() > change.now;
  });
}

export interface ViolationResult {
  /** False when the scope has no automatic-trip rule, so nothing was recorded. */
  counted: boolean;
  /** True when this violation tripped the breaker. */
  tripped: boolean;
  /** True when the breaker is tripped after this call (by it or before it). */
  open: boolean;
  /** Violations in the current window (0 once tripped: the window starts over). */
  violations: number;
  /** Set when this call tripped the breaker. */
  state?: BreakerState;
}

/**
 * Counts one violation. The row is locked for the read-modify-write, so concurrent violations
 * from several processes all count and only one of them trips the breaker.
 */
export async function writeViolation(store: GatehouseStore, v: ParsedTarget, rule: AutoTripRule, change: Change): Promise<ViolationResult> {
  return withTenant(store, v.orgId, async (tenantTrx) => {
    const trx = breakerTables(tenantTrx);
    await trx.insertInto('breakers')
      .values({ org_id: v.orgId, scope: v.scope, breaker_key: v.key })
      .onConflict((oc) => oc.columns(['org_id', 'scope', 'breaker_key']).doNothing())
      .execute();
    const row = await trx.selectFrom('breakers')
      .select(['state', 'expires_at', 'violations'])
      .where('scope', '=', v.scope).where('breaker_key', '=', v.key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.state === 'open' && (row.expires_at === null || row.expires_at.getTime() > change.now)) {
      return { counted: true, tripped: false, open: true, violations: 0 };
    }
    const window = nextViolationWindow(row.violations, change.now, rule);
    const at = new Date(change.now);
    if (window.length < rule.threshold) {
      await trx.updateTable('breakers')
        .set({ violations: JSON.stringify(window), failure_count: window.length, updated_at: at })
        .where('scope', '=', v.scope).where('breaker_key', '=', v.key)
        .execute();
      return { counted: true, tripped: false, open: false, violations: window.length };
    }
    const reason = autoTripReason(window.length, rule);
    const expiresAt = rule.durationMs === undefined ? null : new Date(change.now + rule.durationMs);
    await trx.updateTable('breakers')
      .set({ state: 'open', reason, tripped_by: AUTO_TRIP_ACTOR, opened_at: at, expires_at: expiresAt, violations: '[]', failure_count: 0, updated_at: at })
      .where('scope', '=', v.scope).where('breaker_key', '=', v.key)
      .execute();
    await trx.insertInto('breaker_events')
      .values({ org_id: v.orgId, scope: v.scope, breaker_key: v.key, event: 'auto_tripped', actor: AUTO_TRIP_ACTOR, reason, expires_at: expiresAt })
      .execute();
    await notifyOnCommit(tenantTrx, store, change.channel, { orgId: v.orgId });
    const state: BreakerState = { scope: v.scope, key: v.key, orgId: v.orgId, reason, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
    return { counted: true, tripped: true, open: true, violations: 0, state };
  });
}

/** The org's tripped breakers (row-level security: only this org's rows are visible). */
export async function listTripped(store: GatehouseStore, orgId: string, now: number): Promise<TrippedBreaker[]> {
  const rows = await withTenant(store, orgId, (tenantTrx) =>
    breakerTables(tenantTrx)
      .selectFrom('breakers')
      .select(['org_id', 'scope', 'breaker_key', 'reason', 'tripped_by', 'opened_at', 'expires_at'])
      .where('state', '=', 'open')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date(now))]))
      .orderBy('scope').orderBy('breaker_key')
      .execute(),
  );
  return rows.map((r) => ({
    orgId: r.org_id, scope: r.scope, key: r.breaker_key,
    reason: r.reason ?? '', trippedBy: r.tripped_by ?? '', trippedAt: r.opened_at, expiresAt: r.expires_at,
  }));
}

/** The org's breaker history, newest first; optionally one breaker's. */
export async function listEvents(store: GatehouseStore, orgId: string, filter: { scope?: BreakerScope; key?: string; limit: number }): Promise<BreakerEvent[]> {
  const rows = await withTenant(store, orgId, (tenantTrx) => {
    let q = breakerTables(tenantTrx).selectFrom('breaker_events').selectAll();
    if (filter.scope !== undefined) q = q.where('scope', '=', filter.scope);
    if (filter.key !== undefined) q = q.where('breaker_key', '=', filter.key);
    return q.orderBy('event_id', 'desc').limit(filter.limit).execute();
  });
  return rows.map((r) => ({
    eventId: Number(r.event_id), orgId: r.org_id, scope: r.scope, key: r.breaker_key, event: r.event,
    actor: r.actor, reason: r.reason, expiresAt: r.expires_at, at: r.created_at,
  }));
}
