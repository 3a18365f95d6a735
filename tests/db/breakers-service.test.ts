import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/crypto/rbac/authorizer.js';
import { createMemoryRoleStore } from '../../src/crypto/rbac/memory-role-store.js';
import { PermissionDeniedError } from '../../src/crypto/rbac/rbac-errors.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import {
  AUTO_TRIP_ACTOR, InvalidBreakerRequestError, createBreakerService, type BreakerService, type BreakerServiceOptions,
} from '../../src/pep/breakers/index.js';
import { withTenant } from '../../src/tenancy/index.js';
import { actor, manualClock, recordingLogger, type ManualClock } from './helpers/pep-test-kit.js';
import { backend, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';

const PERMISSION_DENIED = '42501';

describe(`circuit breakers: trip, reset, expiry, automatic trips (${backend})`, () => {
  let store: TestStore;
  let clock: ManualClock;
  const services: BreakerService[] = [];
  const org = uniqueName('acme');
  const admin = actor(org, ['admin']);

  /** A started service on the test clock; polling and listening are left to other suites. */
  async function service(options: BreakerServiceOptions = {}): Promise<BreakerService> {
    const s = createBreakerService(store, { now: clock.now, pollIntervalMs: 3_600_000, staleAfterMs: 7_200_000, listenUrl: false, logger: recordingLogger(), ...options });
    services.push(s);
    await s.start();
    return s;
  }

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
    await withTenant(store, org, async (trx) => {
      await trx.deleteFrom('breakers').execute();
    });
  });
  afterAll(() => store.dispose());

  beforeAll(() => {
    clock = manualClock();
  });

  it('a trip shows in the snapshot at once and makes the engine deny that scope only', async () => {
    const breakers = await service();
    const engine = createPolicyEngine({ policies: { policies: [] }, breakers: breakers.snapshot });
    expect(breakers.snapshot()).toEqual([]);
    expect(engine.decide({ orgId: org, stage: 'tool_call', tool: { name: 'db.query' } }).verdict).toBe('allow');

    const state = await breakers.trip({ orgId: org, scope: 'tool', key: 'db.query', actor: admin, reason: 'runaway agent' });
    expect(state).toEqual({ scope: 'tool', key: 'db.query', orgId: org, reason: 'runaway agent' });
    expect(breakers.snapshot()).toEqual([state]);

    const denied = engine.decide({ orgId: org, stage: 'tool_call', tool: { name: 'db.query' } });
    expect(denied.verdict).toBe('deny');
    expect(denied.reasons[0]).toMatchObject({ code: 'circuit_open', detail: { scope: 'tool', key: 'db.query' } });
    expect(engine.decide({ orgId: org, stage: 'tool_call', tool: { name: 'search' } }).verdict).toBe('allow');
    expect(engine.decide({ orgId: 'another-org', stage: 'tool_call', tool: { name: 'db.query' } }).verdict).toBe('allow');
  });

  it('the trip is in the store: a second service reads it, status() lists it with actor and reason', async () => {
    const a = await service();
    await a.trip({ orgId: org, scope: 'model', key: 'gpt-4o', actor: admin, reason: 'provider incident', durationMs: 60_000 });
    const b = await service();
    expect(b.snapshot()).toEqual([{ scope: 'model', key: 'gpt-4o', orgId: org, reason: 'provider incident', expiresAt: new Date(clock.now() + 60_000).toISOString() }]);
    const [status, ...rest] = await b.status(org);
    expect(rest).toEqual([]);
    expect(status).toMatchObject({ orgId: org, scope: 'model', key: 'gpt-4o', reason: 'provider incident', trippedBy: admin.id });
    expect(status!.expiresAt?.getTime()).toBe(clock.now() + 60_000);
  });

  it('reset closes the breaker everywhere and reports whether it was tripped', async () => {
    const a = await service();
    const b = await service();
    await a.trip({ orgId: org, scope: 'client', key: 'mobile-app', actor: admin, reason: 'abuse' });
    await b.refresh();
    expect(b.snapshot()).toHaveLength(1);

    expect(await b.reset({ orgId: org, scope: 'client', key: 'mobile-app', actor: admin, reason: 'fixed' })).toEqual({ wasTripped: true });
    expect(b.snapshot()).toEqual([]);
    expect(await a.refresh()).toEqual([]);
    expect(await a.status(org)).toEqual([]);
    expect(await a.reset({ orgId: org, scope: 'client', key: 'mobile-app', actor: admin, reason: 'again' })).toEqual({ wasTripped: false });
  });

  it('an org breaker is keyed by the org and denies everything in it', async () => {
    const breakers = await service();
    const engine = createPolicyEngine({ policies: { policies: [] }, breakers: breakers.snapshot });
    await breakers.trip({ orgId: org, scope: 'org', actor: admin, reason: 'incident' });
    expect(breakers.snapshot()).toEqual([{ scope: 'org', key: org, orgId: org, reason: 'incident' }]);
    expect(engine.decide({ orgId: org, stage: 'input', text: 'hello' }).verdict).toBe('deny');
    await expect(breakers.trip({ orgId: org, scope: 'org', key: 'someone-else', actor: admin, reason: 'x' })).rejects.toThrow(/key.*its orgId/);
  });

  it('a timed trip expires: gone from the snapshot, from status() and from decisions', async () => {
    const breakers = await service();
    const engine = createPolicyEngine({ policies: { policies: [] }, breakers: breakers.snapshot, now: clock.now });
    await breakers.trip({ orgId: org, scope: 'model', key: 'm1', actor: admin, reason: 'cool down', durationMs: 5_000 });
    await breakers.trip({ orgId: org, scope: 'model', key: 'm2', actor: admin, reason: 'until reset' });
    expect(breakers.snapshot().map((s) => s.key)).toEqual(['m1', 'm2']);
    clock.advance(4_999);
    expect(engine.decide({ orgId: org, stage: 'input', model: 'm1', text: 'x' }).verdict).toBe('deny');
    clock.advance(2);
    expect(breakers.snapshot().map((s) => s.key)).toEqual(['m2']);
    expect(engine.decide({ orgId: org, stage: 'input', model: 'm1', text: 'x' }).verdict).toBe('allow');
    expect((await breakers.status(org)).map((s) => s.key)).toEqual(['m2']);
    expect((await breakers.refresh()).map((s) => s.key)).toEqual(['m2']);
    clock.advance(365 * 24 * 3_600_000);
    expect((await breakers.refresh()).map((s) => s.key)).toEqual(['m2']);
  });

  it('an explicit expiresAt is honoured; one in the past is refused', async () => {
    const breakers = await service();
    const at = new Date(clock.now() + 120_000);
    const state = await breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: admin, reason: 'r', expiresAt: at.toISOString() });
    expect(state.expiresAt).toBe(at.toISOString());
    await expect(breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: admin, reason: 'r', expiresAt: new Date(clock.now() - 1) }))
      .rejects.toMatchObject({ code: 'INVALID_BREAKER_REQUEST', issues: [{ path: ['expiresAt'] }] });
  });

  it('re-tripping replaces the reason and expiry', async () => {
    const breakers = await service();
    await breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: admin, reason: 'first', durationMs: 1_000 });
    await breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: admin, reason: 'second' });
    expect(breakers.snapshot()).toEqual([{ scope: 'tool', key: 't', orgId: org, reason: 'second' }]);
    expect(await breakers.refresh()).toEqual([{ scope: 'tool', key: 't', orgId: org, reason: 'second' }]);
  });

  it('automatic trip after N violations within the window, for as long as the rule says', async () => {
    const breakers = await service({ autoTrip: { tool: { threshold: 3, windowMs: 10_000, durationMs: 60_000 } } });
    const target = { orgId: org, scope: 'tool' as const, key: 'shell.exec' };
    expect(await breakers.recordViolation(target)).toEqual({ counted: true, tripped: false, open: false, violations: 1 });
    clock.advance(1_000);
    expect(await breakers.recordViolation(target)).toEqual({ counted: true, tripped: false, open: false, violations: 2 });
    expect(breakers.snapshot()).toEqual([]);
    clock.advance(1_000);
    const third = await breakers.recordViolation(target);
    expect(third).toMatchObject({ tripped: true, open: true });
    const expected = { scope: 'tool', key: 'shell.exec', orgId: org, reason: 'automatic: 3 violations within 10000 ms', expiresAt: new Date(clock.now() + 60_000).toISOString() };
    expect(breakers.snapshot()).toEqual([expected]);
    expect(await breakers.refresh()).toEqual([expected]);
    expect((await breakers.status(org))[0]).toMatchObject({ trippedBy: AUTO_TRIP_ACTOR });
    // More violations while tripped neither count nor re-trip.
    expect(await breakers.recordViolation(target)).toEqual({ counted: true, tripped: false, open: true, violations: 0 });
    const history = await breakers.history(org, { scope: 'tool', key: 'shell.exec' });
    expect(history.map((e) => e.event)).toEqual(['auto_tripped']);
  });

  it('violations that fall out of the window do not count', async () => {
    const breakers = await service({ autoTrip: { client: { threshold: 3, windowMs: 10_000 } } });
    const target = { orgId: org, scope: 'client' as const, key: 'c1' };
    await breakers.recordViolation(target);
    await breakers.recordViolation(target);
    clock.advance(10_001);
    expect(await breakers.recordViolation(target)).toEqual({ counted: true, tripped: false, open: false, violations: 1 });
    await breakers.recordViolation(target);
    const tripped = await breakers.recordViolation(target);
    expect(tripped.tripped).toBe(true);
    // No durationMs: tripped until reset.
    expect(tripped.state?.expiresAt).toBeUndefined();
    clock.advance(365 * 24 * 3_600_000);
    expect((await breakers.refresh()).map((s) => s.key)).toEqual(['c1']);
  });

  it('violations from two services sharing the store count towards one window', async () => {
    const rules = { autoTrip: { model: { threshold: 4, windowMs: 60_000 } } };
    const [a, b] = [await service(rules), await service(rules)];
    const target = { orgId: org, scope: 'model' as const, key: 'shared' };
    const results = await Promise.all([a.recordViolation(target), b.recordViolation(target), a.recordViolation(target), b.recordViolation(target)]);
    expect(results.filter((r) => r.tripped)).toHaveLength(1);
    expect((await a.refresh()).map((s) => s.key)).toEqual(['shared']);
  });

  it('a violation for a scope without a rule is not counted and never trips', async () => {
    const breakers = await service({ autoTrip: { tool: { threshold: 1, windowMs: 1_000 } } });
    expect(await breakers.recordViolation({ orgId: org, scope: 'model', key: 'm' })).toEqual({ counted: false, tripped: false, open: false, violations: 0 });
    expect(await withTenant(store, org, (trx) => trx.selectFrom('breakers').selectAll().execute())).toEqual([]);
    expect((await breakers.recordViolation({ orgId: org, scope: 'tool', key: 't' })).tripped).toBe(true);
  });

  it('a reset after an automatic trip starts the count over', async () => {
    const breakers = await service({ autoTrip: { tool: { threshold: 2, windowMs: 60_000 } } });
    const target = { orgId: org, scope: 'tool' as const, key: 'x' };
    await breakers.recordViolation(target);
    expect((await breakers.recordViolation(target)).tripped).toBe(true);
    await breakers.reset({ ...target, actor: admin, reason: 'checked' });
    expect(await breakers.recordViolation(target)).toEqual({ counted: true, tripped: false, open: false, violations: 1 });
  });

  it('history records every trip and reset with actor and reason, newest first', async () => {
    const breakers = await service();
    await breakers.trip({ orgId: org, scope: 'policy', key: 'pii', actor: admin, reason: 'false positives' });
    await breakers.reset({ orgId: org, scope: 'policy', key: 'pii', actor: actor(org, ['owner'], 'boss'), reason: 'tuned' });
    const events = await breakers.history(org, { scope: 'policy', key: 'pii', limit: 2 });
    expect(events.map((e) => [e.event, e.actor, e.reason])).toEqual([['reset', 'boss', 'tuned'], ['tripped', admin.id, 'false positives']]);
  });

  it('the history is append-only for the app role', async () => {
    const breakers = await service();
    await breakers.trip({ orgId: org, scope: 'tool', key: 'h', actor: admin, reason: 'r' });
    const update = withTenant(store, org, (trx) => sql`update ${sql.raw(`"${store.schema}".breaker_events`)} set reason = 'rewritten'`.execute(trx));
    expect(await sqlStateOf(update)).toBe(PERMISSION_DENIED);
    const remove = withTenant(store, org, (trx) => sql`delete from ${sql.raw(`"${store.schema}".breaker_events`)}`.execute(trx));
    expect(await sqlStateOf(remove)).toBe(PERMISSION_DENIED);
  });

  it('the store refuses an open breaker without actor or reason', async () => {
    const attempt = withTenant(store, org, (trx) => sql`insert into ${sql.raw(`"${store.schema}".breakers`)} (org_id, scope, breaker_key, state) values (${org}, 'tool', 'raw', 'open')`.execute(trx));
    expect(await sqlStateOf(attempt)).toBe('23514');
  });

  describe('permissions', () => {
    it('trip and reset need breaker:trip', async () => {
      const breakers = await service();
      const viewer = actor(org, ['viewer']);
      await expect(breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: viewer, reason: 'r' })).rejects.toBeInstanceOf(PermissionDeniedError);
      await breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: admin, reason: 'r' });
      await expect(breakers.reset({ orgId: org, scope: 'tool', key: 't', actor: viewer, reason: 'r' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED', permission: 'breaker:trip' });
      expect(await breakers.status(org)).toHaveLength(1);
    });

    it('an admin of another org cannot trip or reset this org\'s breakers', async () => {
      const breakers = await service();
      const outsider = actor(uniqueName('globex'), ['owner']);
      await expect(breakers.trip({ orgId: org, scope: 'tool', key: 't', actor: outsider, reason: 'r' })).rejects.toBeInstanceOf(PermissionDeniedError);
      expect(await breakers.status(org)).toEqual([]);
    });

    it('a custom role from the role store can grant breaker:trip', async () => {
      const roles = createMemoryRoleStore();
      await roles.putRole({ orgId: org, name: 'oncall', permissions: ['breaker:trip'] });
      const breakers = await service({ authorize: createAuthorizer(roles).can });
      const oncall = actor(org, ['oncall'], 'pager');
      await breakers.trip({ orgId: org, scope: 'model', key: 'm', actor: oncall, reason: 'incident' });
      expect((await breakers.status(org))[0]?.trippedBy).toBe('pager');
      await expect(breakers.trip({ orgId: org, scope: 'model', key: 'm', actor: actor(org, ['release_manager']), reason: 'x' })).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  });

  describe('bad input is a typed error naming the field', () => {
    it.each([
      [{ scope: 'tool', key: 't', reason: 'r', actor: undefined }, 'actor'],
      [{ scope: 'tool', key: 't', actor: 'ana', reason: 'r' }, 'actor'],
      [{ scope: 'tool', key: 't', actor: { id: '', orgId: 'o', roles: [] }, reason: 'r' }, 'actor.id'],
      [{ scope: 'tool', key: 't', reason: '  ' }, 'reason'],
      [{ scope: 'everything', key: 't', reason: 'r' }, 'scope'],
      [{ scope: 'tool', reason: 'r' }, 'key'],
      [{ scope: 'tool', key: 't', reason: 'r', durationMs: -5 }, 'durationMs'],
      [{ scope: 'tool', key: 't', reason: 'r', durationMs: 5, expiresAt: new Date(Date.now() + 9e6) }, 'durationMs'],
    ])('%j -> %s', async (input, path) => {
      const breakers = await service();
      const error = await breakers.trip({ orgId: org, actor: admin, ...input } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidBreakerRequestError);
      expect((error as InvalidBreakerRequestError).issues.map((i) => i.path.join('.'))).toContain(path);
    });

    it('options are checked when the service is created', () => {
      expect(() => createBreakerService(store, { pollIntervalMs: 1_000, staleAfterMs: 500 })).toThrow(/staleAfterMs/);
      expect(() => createBreakerService(store, { failMode: 'maybe' as never })).toThrow(/failMode/);
      expect(() => createBreakerService(store, { autoTrip: { tool: { threshold: 0, windowMs: 10 } } })).toThrow(/autoTrip\.tool\.threshold/);
      expect(() => createBreakerService(store, { autoTrip: { galaxy: { threshold: 1, windowMs: 10 } } as never })).toThrow(/not a breaker scope/);
    });
  });
});
