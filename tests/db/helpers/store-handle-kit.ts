/**
 * Starts store-handle-worker.ts in a real worker thread with a store handle, and sends it
 * commands, through src/worker-script.ts (the thread registers tsx before importing the worker,
 * as for the PGlite host).
 */
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { StoreHandleTransfer } from '../../../src/tenancy/index.js';
import { startWorkerScript } from '../../../src/worker-script.js';
import type { WorkerCommand, WorkerReply } from './store-handle-worker.js';

export interface StoreHandleWorker {
  readonly worker: Worker;
  /** Runs a command in the worker; rejects with an Error carrying the worker error's name and code. */
  send(command: WorkerCommand): Promise<unknown>;
  /** The reply to the `once` command. */
  onceReply(): Promise<unknown>;
  terminate(): Promise<void>;
}

/**
 * A worker thread with a store opened from `transfer.handle`, once the store is open. With
 * `onlyCommand`, the worker runs that command as id 1 (await it with `reply(1)`) and then nothing more.
 */
export async function startStoreHandleWorker({ handle, transferList }: StoreHandleTransfer, onlyCommand?: WorkerCommand): Promise<StoreHandleWorker> {
  const worker = startWorkerScript({ name: 'store-handle-worker', folder: 'tests/db/helpers' }, import.meta.url, { workerData: { handle, once: onlyCommand }, transferList }, (problem) => new Error(problem));
  const waiting = new Map<number, (reply: WorkerReply) => void>();
  worker.on('message', (reply: WorkerReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let nextId = onlyCommand === undefined ? 1 : 2;
  const reply = (id: number) => new Promise<unknown>((resolve, reject) => {
    waiting.set(id, (r) => {
      if (r.ok) return resolve(r.value);
      reject(Object.assign(new Error(r.error.message), { name: r.error.name, code: r.error.code }));
    });
  });
  const first = onlyCommand === undefined ? undefined : reply(1);
  const ready = new Promise<void>((resolve) => waiting.set(0, () => resolve()));
  await Promise.race([ready, once(worker, 'error').then(([error]) => Promise.reject(error as Error))]);
  return {
    worker,
    send(command) {
      const id = nextId++;
      const answered = reply(id);
      worker.postMessage({ id, command });
      return answered;
    },
    onceReply: () => first ?? Promise.reject(new Error('started without `once`')),
    async terminate() {
      await worker.terminate();
    },
  };
}
