import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/crypto/rbac/authorizer.js';
import { createMemoryRoleStore } from '../../src/crypto/rbac/memory-role-store.js';
import { PermissionDeniedError } from '../../src/crypto/rbac/rbac-errors.js';
import type { Decision } from '../../src/pdp/decision.js';
import type { PolicyEngine } from '../../src/pdp/create-policy-engine.js';
import {
  ApprovalNotFoundError, ApprovalNotPendingError, ApprovalSelfReviewError, EXPIRY_ACTOR, InvalidApprovalRequestError,
  createApprovalService, isApproved, type ApprovalService,
} from '../../src/pep/approvals/index.js';
import { withTenant } from '../../src/tenancy/index.js';
import { actor, approvalEngine, manualClock, recordingLogger, type ManualClock } from './helpers/pep-test-kit.js';
import { backend, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';

const EMAIL = 'ana.lima@example.com';

describe(`human approvals (${backend})`, () => {
  let store: TestStore;
  let engine: PolicyEngine;
  let clock: ManualClock;
  let approvals: ApprovalService;
  const org = uniqueName('acme');
  const approver = actor(org, ['approver'], 'reviewer-1');
  const admin = actor(org, ['admin'], 'admin-1');

  function decision(text = `Please refund ${EMAIL} 500 EUR`): Decision {
    const d = engine.decide({ orgId: org, userId: 'u1', clientId: 'support-bot', stage: 'input', text });
    expect(d.verdict).toBe('require_approval');
    return d;
  }

  async function pending(ttlMs?: number): Promise<string> {
    const { approvalId } = await approvals.request({ orgId: org, decision: decision(), requestedBy: 'u1', reason: 'refund over limit', ...(ttlMs ? { ttlMs } : {}) });
    return approvalId;
  }

  beforeAll(async () => {
    store = await openTestStore();
    engine = await approvalEngine();
    clock = manualClock();
    approvals = createApprovalService(store, { now: clock.now, listenUrl: false, logger: recordingLogger() });
  });
  afterAll(async () => {
    await approvals.close();
    await store.dispose();
  });

  it('request() stores a pending approval that expires after the default 24 h', async () => {
    const d = decision();
    const { approvalId, expiresAt } = await approvals.request({ orgId: org, decision: d, requestedBy: 'u1', reason: 'refund over limit' });
    expect(expiresAt.getTime()).toBe(clock.now() + 24 * 3_600_000);
    const record = await approvals.get(org, approvalId);
    expect(record).toMatchObject({
      approvalId, orgId: org, decisionId: d.decisionId, status: 'pending', outcome: null, requestedBy: 'u1', reason: 'refund over limit', reviewer: null,
    });
    expect(record.decision).toMatchObject({
      decisionId: d.decisionId, verdict: 'require_approval', stage: 'input', clientId: 'support-bot', userId: 'u1',
      approvalPolicyIds: ['refunds'], findingCounts: { email: 1 },
    });
    expect(record.decision.reasons.map((r) => r.policyId)).toContain('refunds');
    expect(isApproved(record)).toBe(false);
  });

  it('stores the redacted text and never the raw value or the restore tokens', async () => {
    const d = decision();
    expect(d.obligations.some((o) => o.type === 'restore')).toBe(true);
    const { approvalId } = await approvals.request({ orgId: org, decision: d, requestedBy: 'u1' });
    const row = await withTenant(store, org, (trx) => trx.selectFrom('approvals').select('request').where('approval_id', '=', approvalId).executeTakeFirstOrThrow());
    const stored = JSON.stringify(row.request);
    expect(stored).toContain(d.redactedText!);
    expect(stored).not.toContain(EMAIL);
    expect(stored).not.toContain('restore');
  });

  it('approve: needs hitl:approve, records reviewer and justification, outcome allow', async () => {
    const approvalId = await pending();
    const done = await approvals.approve({ orgId: org, approvalId, reviewer: approver, justification: 'customer verified by phone' });
    expect(done).toMatchObject({ status: 'approved', outcome: 'allow', reviewer: 'reviewer-1', justification: 'customer verified by phone' });
    expect(done.decidedAt?.getTime()).toBe(clock.now());
    expect(isApproved(await approvals.get(org, approvalId))).toBe(true);
    const history = await approvals.history(org, approvalId);
    expect(history.map((e) => [e.event, e.actor])).toEqual([['requested', 'u1'], ['approved', 'reviewer-1']]);
    expect(history[1]?.detail).toEqual({ outcome: 'allow', justification: 'customer verified by phone' });
  });

  it('reject: outcome deny, and a decided approval cannot be reviewed again', async () => {
    const approvalId = await pending();
    const done = await approvals.reject({ orgId: org, approvalId, reviewer: approver, justification: 'not the account owner' });
    expect(done).toMatchObject({ status: 'rejected', outcome: 'deny', reviewer: 'reviewer-1' });
    expect(isApproved(done)).toBe(false);
    const again = await approvals.approve({ orgId: org, approvalId, reviewer: approver, justification: 'changed my mind' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApprovalNotPendingError);
    expect((again as ApprovalNotPendingError).current).toBe('rejected');
    expect((await approvals.get(org, approvalId)).status).toBe('rejected');
  });

  it('without hitl:approve a review is refused with PermissionDeniedError and changes nothing', async () => {
    const approvalId = await pending();
    for (const roles of [['viewer'], ['auditor'], ['policy_admin'], []]) {
      const error = await approvals.approve({ orgId: org, approvalId, reviewer: actor(org, roles), justification: 'ok' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as PermissionDeniedError).permission).toBe('hitl:approve');
    }
    await expect(approvals.reject({ orgId: org, approvalId, reviewer: actor(uniqueName('globex'), ['approver']), justification: 'x' })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await approvals.get(org, approvalId)).status).toBe('pending');
    expect((await approvals.history(org, approvalId)).map((e) => e.event)).toEqual(['requested']);
  });

  it('a custom role from the role store can grant hitl:approve', async () => {
    const roles = createMemoryRoleStore();
    await roles.putRole({ orgId: org, name: 'refund_desk', permissions: ['hitl:approve'] });
    const custom = createApprovalService(store, { now: clock.now, listenUrl: false, authorize: createAuthorizer(roles).can, logger: recordingLogger() });
    try {
      const approvalId = await pending();
      const done = await custom.approve({ orgId: org, approvalId, reviewer: actor(org, ['refund_desk'], 'desk-7'), justification: 'within policy' });
      expect(done.reviewer).toBe('desk-7');
    } finally {
      await custom.close();
    }
  });

  it('the requester cannot review their own request (four eyes), unless allowed', async () => {
    const approvalId = await pending();
    const self = actor(org, ['approver'], 'u1');
    await expect(approvals.approve({ orgId: org, approvalId, reviewer: self, justification: 'trust me' })).rejects.toBeInstanceOf(ApprovalSelfReviewError);
    const lenient = createApprovalService(store, { now: clock.now, listenUrl: false, allowSelfReview: true, logger: recordingLogger() });
    try {
      expect((await lenient.approve({ orgId: org, approvalId, reviewer: self, justification: 'solo team' })).status).toBe('approved');
    } finally {
      await lenient.close();
    }
  });

  it('expiry: past expires_at, get() reports expired (a deny) before anything writes it; reviews are refused', async () => {
    const approvalId = await pending(60_000);
    clock.advance(60_000);
    const record = await approvals.get(org, approvalId);
    expect(record).toMatchObject({ status: 'expired', outcome: 'deny' });
    expect(isApproved(record)).toBe(false);
    const raw = await withTenant(store, org, (trx) => trx.selectFrom('approvals').select('status').where('approval_id', '=', approvalId).executeTakeFirstOrThrow());
    expect(raw.status).toBe('pending');
    const error = await approvals.approve({ orgId: org, approvalId, reviewer: approver, justification: 'too late' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalNotPendingError);
    expect((error as ApprovalNotPendingError).current).toBe('expired');
    // The refused review wrote the expiry down.
    expect((await approvals.history(org, approvalId)).map((e) => [e.event, e.actor])).toEqual([['requested', 'u1'], ['expired', EXPIRY_ACTOR]]);
  });

  it('expireOverdue() records expired for overdue pending requests only', async () => {
    const overdue = await pending(1_000);
    const fresh = await pending(3_600_000);
    const decided = await pending(1_000);
    await approvals.approve({ orgId: org, approvalId: decided, reviewer: approver, justification: 'fine' });
    clock.advance(1_000);
    const expired = await approvals.expireOverdue(org);
    expect(expired).toContain(overdue);
    expect(expired).not.toContain(fresh);
    expect(expired).not.toContain(decided);
    expect((await approvals.get(org, decided)).status).toBe('approved');
    expect((await approvals.get(org, fresh)).status).toBe('pending');
    expect(await approvals.expireOverdue(org)).toEqual([]);
  });

  it('override: an admin decides in any state, recorded as overridden with the chosen outcome', async () => {
    const approvalId = await pending();
    await approvals.reject({ orgId: org, approvalId, reviewer: approver, justification: 'looks odd' });
    await expect(approvals.override({ orgId: org, approvalId, admin: approver, outcome: 'allow', justification: 'x' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED', permission: 'policy:write' });
    const done = await approvals.override({ orgId: org, approvalId, admin, outcome: 'allow', justification: 'incident 42: customer is VIP' });
    expect(done).toMatchObject({ status: 'overridden', outcome: 'allow', reviewer: 'admin-1', justification: 'incident 42: customer is VIP' });
    expect(isApproved(done)).toBe(true);
    const blocked = await approvals.override({ orgId: org, approvalId, admin, outcome: 'deny', justification: 'reverted' });
    expect(isApproved(blocked)).toBe(false);
    expect((await approvals.history(org, approvalId)).map((e) => e.event)).toEqual(['requested', 'rejected', 'overridden', 'overridden']);
  });

  it('two reviewers racing: exactly one decision wins', async () => {
    const approvalId = await pending();
    const other = actor(org, ['approver'], 'reviewer-2');
    const results = await Promise.allSettled([
      approvals.approve({ orgId: org, approvalId, reviewer: approver, justification: 'yes' }),
      approvals.reject({ orgId: org, approvalId, reviewer: other, justification: 'no' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(ApprovalNotPendingError);
    expect((await approvals.history(org, approvalId))).toHaveLength(2);
  });

  it('the history is append-only for the app role', async () => {
    const approvalId = await pending();
    const update = withTenant(store, org, (trx) => trx.updateTable('approval_events').set({ actor: 'forged' }).where('approval_id', '=', approvalId).execute());
    expect(await sqlStateOf(update)).toBe('42501');
    const remove = withTenant(store, org, (trx) => trx.deleteFrom('approval_events').where('approval_id', '=', approvalId).execute());
    expect(await sqlStateOf(remove)).toBe('42501');
  });

  it('the store only accepts the five states', async () => {
    const approvalId = await pending();
    const bad = withTenant(store, org, (trx) => sql`update ${sql.raw(`"${store.schema}".approvals`)} set status = 'denied' where approval_id = ${approvalId}`.execute(trx));
    expect(await sqlStateOf(bad)).toBe('23514');
  });

  it('list() filters on the effective status', async () => {
    const lapsed = await pending(5_000);
    clock.advance(5_000);
    const live = await pending();
    const pendingIds = (await approvals.list(org, { status: 'pending' })).map((a) => a.approvalId);
    expect(pendingIds).toContain(live);
    expect(pendingIds).not.toContain(lapsed);
    expect((await approvals.list(org, { status: 'expired' })).map((a) => a.approvalId)).toContain(lapsed);
    expect((await approvals.list(org, { limit: 1 }))).toHaveLength(1);
  });

  describe('bad input is a typed error naming the field', () => {
    it('request() needs a require_approval decision of the same org and a requester', async () => {
      const allow = engine.decide({ orgId: org, stage: 'input', text: 'hello' });
      const cases: [unknown, string][] = [
        [{ orgId: org, decision: allow, requestedBy: 'u1' }, 'decision.verdict'],
        [{ orgId: uniqueName('other'), decision: decision(), requestedBy: 'u1' }, 'decision.identity.orgId'],
        [{ orgId: org, decision: decision(), requestedBy: '' }, 'requestedBy'],
        [{ orgId: org, decision: { ...decision(), decisionId: 'nope' }, requestedBy: 'u1' }, 'decision.decisionId'],
        [{ orgId: org, decision: decision(), requestedBy: 'u1', ttlMs: 0 }, 'ttlMs'],
        [{ orgId: 'bad org', decision: decision(), requestedBy: 'u1' }, 'orgId'],
      ];
      for (const [input, path] of cases) {
        const error = await approvals.request(input as never).catch((e: unknown) => e);
        expect(error, path).toBeInstanceOf(InvalidApprovalRequestError);
        expect((error as InvalidApprovalRequestError).issues.map((i) => i.path.join('.'))).toContain(path);
      }
    });

    it('reviews need a justification; ids must be UUIDs; unknown ids are not found', async () => {
      const approvalId = await pending();
      await expect(approvals.approve({ orgId: org, approvalId, reviewer: approver, justification: '  ' })).rejects.toMatchObject({ code: 'INVALID_APPROVAL_REQUEST', issues: [{ path: ['justification'] }] });
      await expect(approvals.get(org, 'not-a-uuid')).rejects.toMatchObject({ issues: [{ path: ['approvalId'] }] });
      await expect(approvals.get(org, '0190a000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(ApprovalNotFoundError);
      await expect(approvals.approve({ orgId: org, approvalId: '0190a000-0000-7000-8000-000000000000', reviewer: approver, justification: 'x' })).rejects.toBeInstanceOf(ApprovalNotFoundError);
    });
  });
});
