/**
 * A bench prototype: the audit writer in a worker thread, so that its per-record work (digests,
 * the hash chain, the INSERT) runs on the other core. The main thread posts the records of a
 * turn as one message and each `record()` settles when the worker's writer accepted (buffered)
 * or wrote (sync) it, so a refusal still fails the request closed. PostgreSQL only (PGlite's
 * database lives in one thread). Used by ablation-server.ts's `workeraudit` variant to measure
 * what moving the audit off the main thread would save; not a product module.
 */
import { Worker } from 'node:worker_threads';
import { GatehouseError } from '../../src/errors.js';
import type { HandlerAuditSink } from '../../src/pep/http/index.js';
import type { OpenStoreOptions } from '../../src/tenancy/index.js';

class WorkerAuditError extends GatehouseError {}

export interface WorkerAuditSink extends HandlerAuditSink {
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export async function workerAuditSink(options: { storeOptions: OpenStoreOptions; auditSecret: string; mode: 'buffered' | 'sync' }): Promise<WorkerAuditSink> {
  const shared = new SharedArrayBuffer(3 * 8);
  const counters = new Float64Array(shared);
  // The thread loads TypeScript source: register tsx there first (the main thread's loader is not inherited).
  const entry = JSON.stringify(new URL('./worker-audit-thread.ts', import.meta.url).href);
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData: { ...options, counters: shared } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });

  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let ids: number[] = [];
  let records: unknown[] = [];
  let closed = false;
  let onClosed: ((error?: { name: string; code?: string }) => void) | undefined;

  worker.on('message', (message: { type: string; ids?: number[]; errors?: ({ name: string; code?: string; message: string } | null)[]; error?: { name: string; code?: string } }) => {
    if (message.type === 'closed') return onClosed?.(message.error);
    if (message.type !== 'acks') return;
    message.ids!.forEach((id, i) => {
      const p = pending.get(id)!;
      pending.delete(id);
      const e = message.errors![i];
      if (e === null || e === undefined) p.resolve();
      else p.reject(new WorkerAuditError(e.code ?? 'AUDIT_UNAVAILABLE', e.message));
    });
  });
  worker.on('error', (error) => {
    for (const p of pending.values()) p.reject(new WorkerAuditError('AUDIT_UNAVAILABLE', error.message));
    pending.clear();
  });

  const post = () => {
    worker.postMessage({ type: 'batch', ids, records });
    ids = [];
    records = [];
  };

  return {
    get counters() {
      return { queued: counters[0]!, failed: counters[1]!, rejected: counters[2]! };
    },
    get closed() {
      return closed;
    },
    record(decision, recordOptions) {
      if (closed) return Promise.reject(new WorkerAuditError('AUDIT_WRITER_CLOSED', 'the audit writer is closed'));
      const id = nextId++;
      if (ids.length === 0) setImmediate(post);
      ids.push(id);
      records.push({ decision, input: recordOptions?.input ?? '', durationUs: recordOptions?.durationUs ?? 0 });
      return new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    close(closeOptions) {
      closed = true;
      return new Promise<void>((resolve, reject) => {
        onClosed = (error) => {
          void worker.terminate();
          if (error) reject(new WorkerAuditError(error.code ?? 'AUDIT_UNAVAILABLE', error.name));
          else resolve();
        };
        if (ids.length > 0) post();
        worker.postMessage({ type: 'close', timeoutMs: closeOptions?.timeoutMs ?? 10_000 });
      });
    },
  };
}
