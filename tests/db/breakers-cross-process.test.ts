/**
 * Two processes share one PostgreSQL schema: this one trips and resets breakers, a peer
 * process (tests/fixtures/pep-peer.ts) watches its own snapshot() and decides with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakerService, type BreakerService } from '../../src/pep/breakers/index.js';
import { actor, recordingLogger, startPeer, type Peer } from './helpers/pep-test-kit.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';

describe.skipIf(backend !== 'postgres')('circuit breakers across processes (PostgreSQL)', () => {
  let store: TestStore;
  let peer: Peer;
  let local: BreakerService;
  const org = uniqueName('acme');
  const admin = actor(org, ['admin'], 'oncall');

  beforeAll(async () => {
    store = await openTestStore();
    local = createBreakerService(store, { listenUrl: false, logger: recordingLogger() });
    await local.start();
    peer = startPeer({ PEER_SCHEMA: store.schema });
    await peer.next('ready', 20_000);
    // The peer's poll is a minute: only NOTIFY can bring it a trip within a second.
    peer.send({ cmd: 'startBreakers', name: 'main', pollIntervalMs: 60_000, staleAfterMs: 120_000, listen: true });
    expect(await peer.next('breakers-ready')).toMatchObject({ listening: true });
    // Its second service does not listen: the polling fallback.
    peer.send({ cmd: 'startBreakers', name: 'poll', pollIntervalMs: 250, staleAfterMs: 10_000, listen: false });
    expect(await peer.next('breakers-ready')).toMatchObject({ listening: false });
  }, 60_000);
  afterAll(async () => {
    await peer?.stop();
    await local?.close();
    await store?.dispose();
  });

  async function propagation(name: string, present: boolean, key: string, act: () => Promise<unknown>) {
    peer.send({ cmd: 'watchBreaker', name, orgId: org, scope: 'tool', key, present });
    await peer.next('watching');
    const t0 = Date.now();
    await act();
    const seen = await peer.next('breaker-seen', 5_000);
    return { seen, ms: (seen.at as number) - t0, msToHere: seen.receivedAt - t0 };
  }

  it('a trip in this process denies in the other process within 1 s (LISTEN/NOTIFY)', async () => {
    const trip = await propagation('main', true, 'db.query', () => local.trip({ orgId: org, scope: 'tool', key: 'db.query', actor: admin, reason: 'runaway agent' }));
    console.info(`breaker trip seen by the peer's snapshot() after ${trip.ms} ms (${trip.msToHere} ms until this process heard back)`);
    expect(trip.seen.verdict).toBe('deny');
    expect(trip.ms).toBeLessThan(1_000);

    const reset = await propagation('main', false, 'db.query', () => local.reset({ orgId: org, scope: 'tool', key: 'db.query', actor: admin, reason: 'fixed' }));
    console.info(`breaker reset seen by the peer's snapshot() after ${reset.ms} ms`);
    expect(reset.seen.verdict).toBe('allow');
    expect(reset.ms).toBeLessThan(1_000);
  });

  it('without LISTEN, polling still brings the trip within 1 s', async () => {
    const trip = await propagation('poll', true, 'shell.exec', () => local.trip({ orgId: org, scope: 'tool', key: 'shell.exec', actor: admin, reason: 'x' }));
    console.info(`breaker trip seen by the polling peer after ${trip.ms} ms`);
    expect(trip.ms).toBeLessThan(1_000);
  });

  it('an automatic trip reaches the other process too', async () => {
    const rules = createBreakerService(store, { listenUrl: false, logger: recordingLogger(), autoTrip: { tool: { threshold: 2, windowMs: 60_000 } } });
    try {
      const auto = await propagation('main', true, 'payments.refund', async () => {
        await rules.recordViolation({ orgId: org, scope: 'tool', key: 'payments.refund' });
        await rules.recordViolation({ orgId: org, scope: 'tool', key: 'payments.refund' });
      });
      expect(auto.seen.verdict).toBe('deny');
      expect(auto.ms).toBeLessThan(1_000);
    } finally {
      await rules.close();
    }
  });
});
