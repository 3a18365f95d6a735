/**
 * The worker side of worker-audit.ts (a bench prototype): opens its own connection to the
 * store, runs the audit writer, and answers each batch of records the main thread posts with
 * which were accepted. Counters go to shared memory after every batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAuditWriter } from '../../src/audit/index.js';
import { openStore, type OpenStoreOptions } from '../../src/tenancy/index.js';

interface Init { storeOptions: OpenStoreOptions; auditSecret: string; mode: 'buffered' | 'sync'; counters: SharedArrayBuffer }
interface Batch { type: 'batch'; ids: number[]; records: { decision: never; input: string | object; durationUs: number }[] }

const init = workerData as Init;
const counters = new Float64Array(init.counters);
const store = await openStore(init.storeOptions);
const writer = await createAuditWriter(store, { auditSecret: init.auditSecret, mode: init.mode });
const port = parentPort!;

const publish = () => {
  counters[0] = writer.counters.queued;
  counters[1] = writer.counters.failed;
  counters[2] = writer.counters.rejected;
};
const timer = setInterval(publish, 100);

port.on('message', (message: Batch | { type: 'close'; timeoutMs: number }) => {
  if (message.type === 'close') {
    clearInterval(timer);
    writer.close({ timeoutMs: message.timeoutMs }).then(
      () => store.close().then(() => port.postMessage({ type: 'closed' })),
      (error: Error) => store.close().then(() => port.postMessage({ type: 'closed', error: { name: error.name, code: (error as { code?: string }).code } })),
    );
    return;
  }
  const settled = message.records.map((r) => writer.record(r.decision, { input: r.input, durationUs: r.durationUs }));
  Promise.allSettled(settled).then((results) => {
    publish();
    port.postMessage({
      type: 'acks',
      ids: message.ids,
      errors: results.map((r) => (r.status === 'fulfilled' ? null : { name: (r.reason as Error)?.name, code: (r.reason as { code?: string })?.code, message: (r.reason as Error)?.message })),
    });
  });
});
port.postMessage({ type: 'ready' });
