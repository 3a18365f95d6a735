import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApprovalServiceClosedError, ApprovalWaitTimeoutError, EXPIRY_ACTOR, createApprovalService, isApproved, type ApprovalService, type ApprovalServiceOptions,
} from '../../src/pep/approvals/index.js';
import type { PolicyEngine } from '../../src/pdp/create-policy-engine.js';
import { actor, approvalEngine, recordingLogger } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe(`waiting for a human (${backend})`, () => {
  let store: TestStore;
  let engine: PolicyEngine;
  const services: ApprovalService[] = [];
  const org = uniqueName('acme');
  const approver = actor(org, ['approver']);

  /** Separate service instances, as two parts of an app (or two processes) would have. */
  function service(options: ApprovalServiceOptions = {}): ApprovalService {
    const s = createApprovalService(store, { pollIntervalMs: 20, listenUrl: false, logger: recordingLogger(), ...options });
    services.push(s);
    return s;
  }

  async function pending(s: ApprovalService, ttlMs?: number): Promise<string> {
    const decision = engine.decide({ orgId: org, userId: 'u1', stage: 'input', text: 'refund 10 EUR' });
    return (await s.request({ orgId: org, decision, requestedBy: 'u1', ...(ttlMs ? { ttlMs } : {}) })).approvalId;
  }

  beforeAll(async () => {
    store = await openTestStore();
    engine = await approvalEngine();
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
  });
  afterAll(() => store.dispose());

  it('resolves with the approval once another service approves it', async () => {
    const [waiter, reviewer] = [service(), service()];
    const approvalId = await pending(waiter);
    const waiting = waiter.waitFor(org, approvalId, { timeoutMs: 20_000 });
    await reviewer.approve({ orgId: org, approvalId, reviewer: approver, justification: 'ok' });
    const done = await waiting;
    expect(done).toMatchObject({ approvalId, status: 'approved', outcome: 'allow', reviewer: approver.id });
    expect(isApproved(done)).toBe(true);
  });

  it('resolves with a rejection (a deny)', async () => {
    const [waiter, reviewer] = [service(), service()];
    const approvalId = await pending(waiter);
    const waiting = waiter.waitFor(org, approvalId, { timeoutMs: 20_000 });
    await reviewer.reject({ orgId: org, approvalId, reviewer: approver, justification: 'no' });
    expect(isApproved(await waiting)).toBe(false);
  });

  it('resolves at once for an approval that is already final', async () => {
    const s = service();
    const approvalId = await pending(s);
    await s.approve({ orgId: org, approvalId, reviewer: approver, justification: 'ok' });
    expect((await s.waitFor(org, approvalId, { timeoutMs: 20_000 })).status).toBe('approved');
  });

  it('an approval that expires while waited on resolves as expired, and the expiry is recorded', async () => {
    const s = service();
    const approvalId = await pending(s, 150);
    const done = await s.waitFor(org, approvalId, { timeoutMs: 20_000 });
    expect(done).toMatchObject({ status: 'expired', outcome: 'deny' });
    expect((await s.history(org, approvalId)).map((e) => [e.event, e.actor])).toEqual([['requested', 'u1'], ['expired', EXPIRY_ACTOR]]);
  });

  it('gives up after timeoutMs with ApprovalWaitTimeoutError; the approval stays pending', async () => {
    const s = service();
    const approvalId = await pending(s);
    const error = await s.waitFor(org, approvalId, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalWaitTimeoutError);
    expect((error as ApprovalWaitTimeoutError).approvalId).toBe(approvalId);
    expect((await s.get(org, approvalId)).status).toBe('pending');
  });

  it('stops on abort with the signal\'s reason, and at once for an aborted signal', async () => {
    const s = service();
    const approvalId = await pending(s);
    const controller = new AbortController();
    const waiting = s.waitFor(org, approvalId, { timeoutMs: 20_000, signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    await expect(s.waitFor(org, approvalId, { timeoutMs: 20_000, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('close() ends pending waits with ApprovalServiceClosedError', async () => {
    const s = service();
    const approvalId = await pending(s);
    const waiting = s.waitFor(org, approvalId, { timeoutMs: 20_000 });
    await new Promise((r) => setImmediate(r));
    await s.close();
    await expect(waiting).rejects.toBeInstanceOf(ApprovalServiceClosedError);
    await expect(s.waitFor(org, approvalId, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(ApprovalServiceClosedError);
  });

  it('waitFor() checks its options', async () => {
    const s = service();
    const approvalId = await pending(s);
    await expect(s.waitFor(org, approvalId, {} as never)).rejects.toMatchObject({ code: 'INVALID_APPROVAL_REQUEST', issues: [{ path: ['timeoutMs'] }] });
  });
});
