import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../src/crypto/rbac/rbac-errors.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import { createBreakerService, type BreakerService } from '../../src/pep/breakers/index.js';
import { withTenant } from '../../src/tenancy/index.js';
import { actor, recordingLogger } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe(`circuit breakers: org isolation (${backend})`, () => {
  let store: TestStore;
  let breakers: BreakerService;
  const orgA = uniqueName('org-a');
  const orgB = uniqueName('org-b');
  const adminA = actor(orgA, ['admin']);
  const adminB = actor(orgB, ['admin']);

  beforeAll(async () => {
    store = await openTestStore();
    breakers = createBreakerService(store, { pollIntervalMs: 3_600_000, staleAfterMs: 7_200_000, listenUrl: false, logger: recordingLogger() });
    await breakers.start();
    await breakers.trip({ orgId: orgA, scope: 'tool', key: 'shared-name', actor: adminA, reason: 'A trips' });
    await breakers.trip({ orgId: orgB, scope: 'tool', key: 'shared-name', actor: adminB, reason: 'B trips' });
    await breakers.trip({ orgId: orgB, scope: 'model', key: 'only-b', actor: adminB, reason: 'B only' });
  });
  afterAll(async () => {
    await breakers.close();
    await store.dispose();
  });

  it('status() and history() show only the org\'s own breakers', async () => {
    expect((await breakers.status(orgA)).map((b) => [b.orgId, b.scope, b.key, b.reason])).toEqual([[orgA, 'tool', 'shared-name', 'A trips']]);
    expect((await breakers.status(orgB)).map((b) => [b.orgId, b.key])).toEqual([[orgB, 'only-b'], [orgB, 'shared-name']]);
    expect((await breakers.history(orgA)).map((e) => e.orgId)).toEqual([orgA]);
    expect((await breakers.history(orgB)).map((e) => e.orgId)).toEqual([orgB, orgB]);
  });

  it('the store rows themselves are invisible across orgs', async () => {
    const seenByA = await withTenant(store, orgA, (trx) => trx.selectFrom('breakers').select(['org_id', 'breaker_key']).execute());
    expect(seenByA).toEqual([{ org_id: orgA, breaker_key: 'shared-name' }]);
  });

  it('the snapshot carries each breaker\'s org, so one org\'s trip never denies another org', async () => {
    const engine = createPolicyEngine({ policies: { policies: [] }, breakers: breakers.snapshot });
    expect(engine.decide({ orgId: orgA, stage: 'input', model: 'only-b', text: 'x' }).verdict).toBe('allow');
    expect(engine.decide({ orgId: orgB, stage: 'input', model: 'only-b', text: 'x' }).verdict).toBe('deny');
  });

  it('org A cannot reset org B\'s breaker, neither by naming it nor by naming org B', async () => {
    expect(await breakers.reset({ orgId: orgA, scope: 'model', key: 'only-b', actor: adminA, reason: 'sneaky' })).toEqual({ wasTripped: false });
    await expect(breakers.reset({ orgId: orgB, scope: 'model', key: 'only-b', actor: adminA, reason: 'sneaky' })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await breakers.status(orgB)).map((b) => b.key)).toContain('only-b');
    expect((await breakers.refresh()).filter((s) => s.orgId === orgB).map((s) => s.key)).toEqual(['only-b', 'shared-name']);
  });

  it('resetting a key both orgs use touches only the caller\'s org', async () => {
    expect(await breakers.reset({ orgId: orgA, scope: 'tool', key: 'shared-name', actor: adminA, reason: 'done' })).toEqual({ wasTripped: true });
    expect(await breakers.status(orgA)).toEqual([]);
    expect((await breakers.status(orgB)).map((b) => b.key)).toEqual(['only-b', 'shared-name']);
  });
});
