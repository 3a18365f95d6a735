/**
 * The heartbeat: off by default, off whatever the config under GATEHOUSE_TELEMETRY=off, and
 * carrying counts only, never an org id or a text.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGatehouse, createPolicyEngine, InvalidOptionError, type Heartbeat } from '../../src/index.js';
import { createGatehouseCore } from '../../src/pep/guard/index.js';
import { createVerdictCounter, startHeartbeat, telemetryDisabled } from '../../src/pep/telemetry/index.js';
import { openStore, type GatehouseStore } from '../../src/tenancy/index.js';
import { recordingLogger } from './helpers/http-kit.js';

const CARD = '4111 1111 1111 1111';
const AWS_KEY = 'AKIAZ7Q3KX2LMN4P5R6T';
const policies = { policies: [
  { id: 'cards', kind: 'detector' as const, types: { credit_card: { action: 'redact' as const, style: 'mask' as const } } },
  { id: 'keys', kind: 'detector' as const, types: { aws_access_key_id: { action: 'block' as const } } },
  { id: 'refunds', kind: 'condition' as const, stages: ['input' as const], when: { field: 'attributes.action', op: 'equals' as const, value: 'refund' }, action: 'require_approval' as const },
] };

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('GATEHOUSE_TELEMETRY=off', () => {
  // One in-memory PGlite store for both createGatehouse() cases: a store passed in stays open.
  let store: GatehouseStore;
  beforeAll(async () => { store = await openStore({ dataDir: 'memory' }); }, 60_000);
  afterAll(() => store.close());

  it('is read in any case, with its common synonyms; anything else leaves telemetry on', () => {
    for (const v of ['off', 'OFF', ' Off ', 'false', '0', 'disabled']) expect(telemetryDisabled({ GATEHOUSE_TELEMETRY: v })).toBe(true);
    for (const v of [undefined, '', 'on', '1', 'offf']) expect(telemetryDisabled({ GATEHOUSE_TELEMETRY: v })).toBe(false);
  });

  it('startHeartbeat() never calls a configured sink, however many intervals pass', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const sink = vi.fn();
    const hb = startHeartbeat({ sink, counter: createVerdictCounter(), intervalMs: 1_000, env: { GATEHOUSE_TELEMETRY: 'off' } });
    expect(hb).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sink).not.toHaveBeenCalled();
  });

  it('createGatehouse() with a heartbeat never calls it, through decisions and close()', async () => {
    vi.stubEnv('GATEHOUSE_TELEMETRY', 'off');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const sink = vi.fn();
    const gh = await createGatehouse({ policies, store, audit: 'off', breakers: false, approvals: false, heartbeat: sink, heartbeatIntervalMs: 1_000 });
    try {
      await gh.check({ orgId: 'acme' }, { stage: 'input', text: `card ${CARD}` });
      await vi.advanceTimersByTimeAsync(30_000);
    } finally {
      await gh.close();
    }
    expect(sink).not.toHaveBeenCalled();
  }, 60_000);

  it('the same createGatehouse() without the switch does beat (so the test above is not vacuous)', async () => {
    vi.stubEnv('GATEHOUSE_TELEMETRY', '');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const beats: Heartbeat[] = [];
    const gh = await createGatehouse({ policies, store, audit: 'off', breakers: false, approvals: false, heartbeat: (b) => { beats.push(b); }, heartbeatIntervalMs: 1_000 });
    try {
      await gh.check({ orgId: 'acme-secret-org' }, { stage: 'input', text: `card ${CARD}` });
      await expect(gh.guard({ orgId: 'acme-secret-org' }, { messages: [{ role: 'user', content: `key ${AWS_KEY}` }] }, async () => 'never')).rejects.toThrow();
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      await gh.close();
    }
    expect(beats).toHaveLength(1);
    expect(beats[0]!.decisions).toEqual({ allow: 0, deny: 1, redact: 1, require_approval: 0 });
    const json = JSON.stringify(beats);
    for (const v of ['acme-secret-org', CARD, AWS_KEY, 'card']) expect(json).not.toContain(v);
  }, 60_000);
});

describe('beats', () => {
  it('carry version, uptime, node version and verdict counts only: no org id, user id or text', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = 1_000_000;
    const counter = createVerdictCounter();
    const core = createGatehouseCore({ engine: createPolicyEngine({ policies }), onDecision: counter.count });
    const beats: Heartbeat[] = [];
    const hb = startHeartbeat({ sink: async (b) => { beats.push(b); }, counter, intervalMs: 60_000, env: {}, now: () => clock, version: '9.9.9' })!;

    const org = { orgId: 'org-7f3a', userId: 'user-ana', clientId: 'client-web' };
    await core.guard(org, { messages: [{ role: 'user', content: `pay with ${CARD}` }] }, async () => 'ok');
    await core.guard(org, { messages: [{ role: 'user', content: `key ${AWS_KEY}` }] }, async () => 'never').catch(() => {});
    await core.guard(org, { messages: [{ role: 'user', content: 'refund me' }], attributes: { action: 'refund' } }, async () => 'never').catch(() => {});
    clock += 61_500;
    await vi.advanceTimersByTimeAsync(60_000);

    expect(beats).toEqual([{ version: '9.9.9', uptimeS: 61, node: process.version, decisions: { allow: 1, deny: 1, redact: 1, require_approval: 1 } }]);
    const json = JSON.stringify(beats);
    for (const v of ['org-7f3a', 'user-ana', 'client-web', CARD, '1111', AWS_KEY, 'refund', 'cards', 'keys']) expect(json).not.toContain(v);
    await hb.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(beats).toHaveLength(1);
  });

  it('counts are a copy: a sink that edits its beat does not change the next one', async () => {
    const counter = createVerdictCounter();
    counter.count({ verdict: 'allow' });
    const beats: Heartbeat[] = [];
    const hb = startHeartbeat({ sink: (b) => { beats.push(structuredClone(b)); b.decisions.allow = 999; }, counter, env: {} })!;
    await hb.beat();
    await hb.beat();
    await hb.stop();
    expect(beats.map((b) => b.decisions.allow)).toEqual([1, 1]);
  });

  it('a failing sink is logged by error name only, and the next beat still comes', async () => {
    const logger = recordingLogger();
    let calls = 0;
    const hb = startHeartbeat({
      sink: async () => { calls += 1; if (calls === 1) throw new Error('upstream said: token sk-live-abc'); },
      counter: createVerdictCounter(), logger, env: {},
    })!;
    await hb.beat();
    await hb.beat();
    await hb.stop();
    expect(calls).toBe(2);
    expect(logger.lines).toEqual([{ level: 'warn', message: 'heartbeat sink failed', fields: { error: 'Error' } }]);
  });

  it('rejects a sink that is not a function and an out-of-range interval, naming the option', async () => {
    expect(() => startHeartbeat({ sink: 'https://example.com' as never, counter: createVerdictCounter() })).toThrow(InvalidOptionError);
    expect(() => startHeartbeat({ sink: () => {}, counter: createVerdictCounter(), intervalMs: 10 })).toThrow(/heartbeatIntervalMs/);
    await expect(createGatehouse({ policies, audit: 'off', heartbeat: true as never })).rejects.toThrow(/options\.heartbeat/);
  });
});
