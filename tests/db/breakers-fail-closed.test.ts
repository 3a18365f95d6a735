import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import { BreakerStateUnavailableError, createBreakerService, type BreakerService, type BreakerServiceOptions } from '../../src/pep/breakers/index.js';
import { openStore, withTenant, type GatehouseStore } from '../../src/tenancy/index.js';
import { actor, eventually, manualClock, recordingLogger, startTcpProxy, type ManualClock } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

const STALE_AFTER = 5_000;

describe(`circuit breakers fail closed (${backend})`, () => {
  let store: TestStore;
  let clock: ManualClock;
  const services: BreakerService[] = [];
  const org = uniqueName('acme');
  const admin = actor(org, ['admin']);

  function service(options: BreakerServiceOptions = {}, on: GatehouseStore = store): BreakerService {
    const s = createBreakerService(on, { now: clock.now, pollIntervalMs: 4_000, staleAfterMs: STALE_AFTER, listenUrl: false, logger: recordingLogger(), ...options });
    services.push(s);
    return s;
  }

  /** Makes the breaker table unreadable to the snapshot read (the platform admin role), then readable again. */
  const revokeRead = () => sql.raw(`revoke select on "${store.schema}".breakers from "${store.roles.admin}"`).execute(store.admin);
  const grantRead = () => sql.raw(`grant select on "${store.schema}".breakers to "${store.roles.admin}"`).execute(store.admin);

  function expectDeny(snapshot: () => unknown): void {
    const engine = createPolicyEngine({ policies: { policies: [] }, breakers: snapshot as never });
    const d = engine.decide({ orgId: org, stage: 'input', text: 'hello' });
    expect(d.verdict).toBe('deny');
    expect(d.reasons[0]?.code).toBe('evaluation_error');
    expect(d.reasons[0]?.message).toContain('BreakerStateUnavailableError');
  }

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await grantRead();
    await Promise.all(services.splice(0).map((s) => s.close()));
    await withTenant(store, org, (trx) => trx.deleteFrom('breakers').execute());
  });
  afterAll(() => store.dispose());
  beforeAll(() => {
    clock = manualClock();
  });

  it('before start(), snapshot() throws and decisions deny', () => {
    const breakers = service();
    expect(() => breakers.snapshot()).toThrow(expect.objectContaining({ code: 'BREAKER_STATE_UNAVAILABLE', reason: 'not_started' }));
    expectDeny(breakers.snapshot);
  });

  it('a store that cannot be read at start: start() rejects, snapshot() throws, decisions deny; it recovers by itself', async () => {
    await revokeRead();
    const breakers = service({ pollIntervalMs: 50 });
    await expect(breakers.start()).rejects.toMatchObject({ code: 'BREAKER_STATE_UNAVAILABLE', reason: 'unreadable' });
    expect(() => breakers.snapshot()).toThrow(BreakerStateUnavailableError);
    expect(breakers.health()).toMatchObject({ status: 'unreadable', lastRefreshAt: null });
    expectDeny(breakers.snapshot);
    await grantRead();
    await eventually(() => (breakers.health().status === 'fresh' ? true : undefined));
    expect(breakers.snapshot()).toEqual([]);
  });

  it.skipIf(backend !== 'postgres')('PostgreSQL going away: start() fails while it is down; state goes stale and decisions deny', async () => {
    const proxy = await startTcpProxy(new URL(process.env.DATABASE_URL!));
    const viaProxy = await openStore({ schema: store.schema, url: proxy.url });
    try {
      const breakers = service({}, viaProxy);
      await breakers.start();
      expect(breakers.snapshot()).toEqual([]);
      await proxy.stop();
      // Let the pool see its connections close first: a pooled pg client that drops while
      // checked out, before its query starts, emits an unhandled 'error' (reported to the lead).
      await new Promise((resolve) => setTimeout(resolve, 100));
      await breakers.refresh();
      expect(breakers.health().lastError).not.toBeNull();
      clock.advance(STALE_AFTER + 1);
      expect(() => breakers.snapshot()).toThrow(expect.objectContaining({ reason: 'stale' }));
      expectDeny(breakers.snapshot);
      const late = service({}, viaProxy);
      await expect(late.start()).rejects.toMatchObject({ reason: 'unreadable' });
      expectDeny(late.snapshot);
    } finally {
      await proxy.stop();
      await viaProxy.close();
    }
  });

  it('unreadable state goes stale after staleAfterMs: then snapshot() throws and decisions deny', async () => {
    const breakers = service();
    await breakers.start();
    await breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: admin, reason: 'r' });
    await revokeRead();
    await breakers.refresh();                       // the read fails; the last state is still fresh enough
    expect(breakers.snapshot()).toHaveLength(1);
    expect(breakers.health().lastError).toMatch(/permission denied/);
    clock.advance(STALE_AFTER + 1);
    const error = (() => { try { breakers.snapshot(); } catch (e) { return e; } })() as BreakerStateUnavailableError;
    expect(error).toBeInstanceOf(BreakerStateUnavailableError);
    expect(error.reason).toBe('stale');
    expect(error.ageMs).toBe(STALE_AFTER + 1);
    expect(error.message).toMatch(/permission denied/);
    expectDeny(breakers.snapshot);
  });

  it('a successful read makes stale state fresh again', async () => {
    const breakers = service();
    await breakers.start();
    await revokeRead();
    clock.advance(STALE_AFTER + 1);
    await expect(breakers.refresh()).rejects.toMatchObject({ reason: 'stale' });
    await grantRead();
    expect(await breakers.refresh()).toEqual([]);
    expect(breakers.health().status).toBe('fresh');
  });

  it('failMode "open" serves the last known state, logs once and counts every such answer', async () => {
    const logger = recordingLogger();
    const breakers = service({ failMode: 'open', logger });
    await breakers.start();
    await breakers.trip({ orgId: org, scope: 'model', key: 'm', actor: admin, reason: 'r' });
    await revokeRead();
    await breakers.refresh();
    clock.advance(STALE_AFTER + 1);
    expect(breakers.snapshot().map((s) => s.key)).toEqual(['m']);
    expect(breakers.snapshot().map((s) => s.key)).toEqual(['m']);
    expect(breakers.health()).toMatchObject({ status: 'stale', failedOpenCount: 2 });
    expect(logger.lines.filter((l) => /failMode is "open"/.test(l.message))).toHaveLength(1);
    const engine = createPolicyEngine({ policies: { policies: [] }, breakers: breakers.snapshot });
    expect(engine.decide({ orgId: org, stage: 'input', model: 'm', text: 'x' }).verdict).toBe('deny');
    expect(engine.decide({ orgId: org, stage: 'input', model: 'other', text: 'x' }).verdict).toBe('allow');
  });

  it('after close(), snapshot() throws', async () => {
    const breakers = service();
    await breakers.start();
    await breakers.close();
    expect(() => breakers.snapshot()).toThrow(expect.objectContaining({ reason: 'closed' }));
    await expect(breakers.start()).rejects.toMatchObject({ reason: 'closed' });
  });
});
