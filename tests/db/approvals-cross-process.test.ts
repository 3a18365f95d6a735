/**
 * Two processes share one PostgreSQL schema: one waits on an approval, the other decides it.
 * Both waiters poll only once a minute, so a prompt answer can only come from LISTEN/NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalService, type ApprovalService } from '../../src/pep/approvals/index.js';
import type { PolicyEngine } from '../../src/pdp/create-policy-engine.js';
import { actor, approvalEngine, recordingLogger, startPeer, type Peer } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe.skipIf(backend !== 'postgres')('approvals across processes (PostgreSQL)', () => {
  let store: TestStore;
  let peer: Peer;
  let local: ApprovalService;
  let engine: PolicyEngine;
  const org = uniqueName('acme');
  const reviewer = actor(org, ['approver'], 'lead');

  async function pending(): Promise<string> {
    const decision = engine.decide({ orgId: org, userId: 'u1', stage: 'input', text: 'refund 20 EUR' });
    return (await local.request({ orgId: org, decision, requestedBy: 'u1' })).approvalId;
  }

  beforeAll(async () => {
    store = await openTestStore();
    engine = await approvalEngine();
    local = createApprovalService(store, { pollIntervalMs: 60_000, logger: recordingLogger() });
    peer = startPeer({ PEER_SCHEMA: store.schema });
    await peer.next('ready', 20_000);
    peer.send({ cmd: 'startApprovals', pollIntervalMs: 60_000, listen: true });
    await peer.next('approvals-ready');
  }, 60_000);
  afterAll(async () => {
    await peer?.stop();
    await local?.close();
    await store?.dispose();
  });

  it('the other process waits on an approval; this one approves it', async () => {
    const approvalId = await pending();
    peer.send({ cmd: 'waitFor', orgId: org, approvalId, timeoutMs: 10_000 });
    await peer.next('waiting');
    // Give the peer's first read a moment, so the approval really arrives while it waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const t0 = Date.now();
    await local.approve({ orgId: org, approvalId, reviewer, justification: 'ok' });
    const done = await peer.next('wait-done', 10_000);
    const ms = (done.at as number) - t0;
    console.info(`approval decided here reached the waiting peer after ${ms} ms`);
    expect(done).toMatchObject({ status: 'approved', outcome: 'allow', reviewer: 'lead' });
    expect(ms).toBeLessThan(1_000);
  });

  it('this process waits on an approval; the other one approves it', async () => {
    const approvalId = await pending();
    const waiting = local.waitFor(org, approvalId, { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    peer.send({ cmd: 'approve', orgId: org, approvalId, reviewer, justification: 'fine by me' });
    const done = await waiting;
    const ms = Date.now() - ((await peer.next('approved')).sentAt as number);
    console.info(`approval decided by the peer reached this waiter after ${ms} ms`);
    expect(done).toMatchObject({ status: 'approved', reviewer: 'lead', justification: 'fine by me' });
    expect(ms).toBeLessThan(1_000);
  });
});
