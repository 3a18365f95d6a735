/**
 * Under a steady stream of records the buffered writer gathers them for `flushIntervalMs`
 * before a batch goes, also while earlier batches are being written: transactions carry many
 * rows, not the few that arrived during the last write.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../src/audit/index.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';
import { AUDIT_SECRET, makeDecision, storedRows, testWriter } from './helpers/audit-fixtures.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`audit writer batching (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  it('gathers a stream of records for flushIntervalMs while batches are written, then writes them all in order', async () => {
    const org = uniqueName('org');
    const intervalMs = 200;
    const writer = await testWriter(store, { maxBatchSize: 1000, flushIntervalMs: intervalMs });
    // A record every millisecond or so for several intervals: the loop is writing while records keep coming.
    const decisions = [];
    const started = Date.now();
    while (Date.now() - started < 6 * intervalMs) {
      const d = makeDecision(org);
      decisions.push(d);
      await writer.record(d);
      await tick(1);
    }
    const arrivalMs = Date.now() - started;
    await vi.waitFor(() => expect(writer.counters.written).toBe(decisions.length), { timeout: 15_000 });
    // One batch per interval the stream spanned (plus one for a boundary), not one per write.
    expect(writer.counters.batches).toBeLessThanOrEqual(Math.ceil(arrivalMs / intervalMs) + 1);
    await writer.close();
    expect((await storedRows(store, org)).map((r) => r.decision_id)).toEqual(decisions.map((d) => d.decisionId));
    expect(await verifyChain(store, org, { auditSecret: AUDIT_SECRET })).toMatchObject({ valid: true, checked: decisions.length });
  });
});
