import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../src/crypto/rbac/rbac-errors.js';
import { ApprovalNotFoundError, createApprovalService, type ApprovalService } from '../../src/pep/approvals/index.js';
import { withTenant } from '../../src/tenancy/index.js';
import { actor, approvalEngine, recordingLogger } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe(`human approvals: org isolation (${backend})`, () => {
  let store: TestStore;
  let approvals: ApprovalService;
  const orgA = uniqueName('org-a');
  const orgB = uniqueName('org-b');
  let idA: string;
  let idB: string;

  beforeAll(async () => {
    store = await openTestStore();
    approvals = createApprovalService(store, { listenUrl: false, logger: recordingLogger() });
    const engine = await approvalEngine();
    for (const org of [orgA, orgB]) {
      const decision = engine.decide({ orgId: org, userId: 'u1', stage: 'input', text: 'refund please' });
      const { approvalId } = await approvals.request({ orgId: org, decision, requestedBy: 'u1' });
      if (org === orgA) idA = approvalId;
      else idB = approvalId;
    }
  });
  afterAll(async () => {
    await approvals.close();
    await store.dispose();
  });

  it('org A cannot see org B\'s approval, its history, or list it', async () => {
    await expect(approvals.get(orgA, idB)).rejects.toBeInstanceOf(ApprovalNotFoundError);
    expect(await approvals.history(orgA, idB)).toEqual([]);
    expect((await approvals.list(orgA)).map((a) => a.approvalId)).toEqual([idA]);
    const rows = await withTenant(store, orgA, (trx) => trx.selectFrom('approval_events').select('org_id').execute());
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([orgA]));
  });

  it('org A\'s approver cannot decide org B\'s approval: not by naming it, not by naming org B', async () => {
    const approverA = actor(orgA, ['approver']);
    await expect(approvals.approve({ orgId: orgA, approvalId: idB, reviewer: approverA, justification: 'x' })).rejects.toBeInstanceOf(ApprovalNotFoundError);
    await expect(approvals.approve({ orgId: orgB, approvalId: idB, reviewer: approverA, justification: 'x' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(approvals.override({ orgId: orgB, approvalId: idB, admin: actor(orgA, ['owner']), outcome: 'allow', justification: 'x' })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await approvals.get(orgB, idB)).status).toBe('pending');
  });

  it('expireOverdue() of one org leaves the other alone', async () => {
    const later = createApprovalService(store, { listenUrl: false, now: () => Date.now() + 48 * 3_600_000, logger: recordingLogger() });
    try {
      expect(await later.expireOverdue(orgA)).toEqual([idA]);
      const raw = await withTenant(store, orgB, (trx) => trx.selectFrom('approvals').select('status').execute());
      expect(raw).toEqual([{ status: 'pending' }]);
    } finally {
      await later.close();
    }
  });
});
