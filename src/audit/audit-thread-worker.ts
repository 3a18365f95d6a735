/**
 * The worker side of the audit thread (see audit-thread.ts): opens its own store over the
 * caller's database from the handle it was started with (PostgreSQL: its own pool; PGlite in a
 * worker thread: a client of that thread), runs `createAuditWriter()` there, and feeds it the
 * records the caller's thread posts, one message per turn of its event loop.
 *
 * Back to the caller: `ready` or `failed` at start; `progress` (how many records received are
 * settled, and the writer's counters) while records are queued, at most every
 * PROGRESS_INTERVAL_MS and at once after a flush; in sync mode the outcome of each record
 * (`acks`); every error for `onError`; `drained` when close() finished, then `closed` once this
 * thread's store is closed (the caller's store stays open). Nothing here logs: errors go back to
 * the caller, which owns `onError`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Decision } from '../pdp/decision.js';
import { openStoreFromHandle } from '../tenancy/open-store-from-handle.js';
import type { StoreHandle } from '../tenancy/store-thread-handle.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { createAuditWriter, type AuditWriter } from './audit-writer.js';
import { serialiseError, type AuditThreadInit, type FromWorker, type SerialisedError, type ToWorker, type WorkerProgress } from './audit-thread-protocol.js';
import { AuditWriteError } from './errors.js';

/** How often the settled count is sent while records are queued: the caller's queue bound and gauges lag by at most this. */
const PROGRESS_INTERVAL_MS = 5;

const port = parentPort!;
const init = workerData as AuditThreadInit;
const post = (message: FromWorker) => port.postMessage(message);

/** PostgreSQL: this thread's connections are named `<name>-audit`, so pg_stat_activity tells them apart. */
function ownHandle(handle: StoreHandle): StoreHandle {
  if (handle.backend !== 'postgres') return handle;
  return { ...handle, options: { ...handle.options, applicationName: `${handle.options.applicationName}-audit` } };
}

let store: GatehouseStore | undefined;

/** The store and the writer, or undefined after reporting why they could not be opened. */
async function start(): Promise<AuditWriter | undefined> {
  try {
    store = await openStoreFromHandle(ownHandle(init.store));
    return await createAuditWriter(store, { ...init.writer, auditSecret: init.secret, onError: (error) => post({ type: 'error', error: serialiseError(error) }) });
  } catch (error) {
    post({ type: 'failed', error: serialiseError(error) });
    await store?.close().catch(() => {});
    port.close(); // nothing else keeps the thread alive: it ends
    return undefined;
  }
}

// Not a top-level await: the entry is also built as CommonJS.
void start().then((writer) => writer !== undefined && serve(writer));

function serve(writer: AuditWriter): void {
  let received = 0;
  /** Records the writer refused (invalid, or after close): failed, and counted in `failed`. */
  let refused = 0;
  let lastSettled = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function progress(): WorkerProgress {
    const c = writer.counters;
    return { settled: received - c.queued, counters: { ...c, failed: c.failed + refused } };
  }

  /** Sends the settled count if it moved; keeps polling while the writer holds records. */
  function report(): void {
    timer = undefined;
    const p = progress();
    if (p.settled !== lastSettled) {
      lastSettled = p.settled;
      post({ type: 'progress', ...p });
    }
    if (writer.counters.queued > 0) timer = setTimeout(report, PROGRESS_INTERVAL_MS);
  }

  function scheduleReport(): void {
    timer ??= setTimeout(report, PROGRESS_INTERVAL_MS);
  }

  /** Buffered: a record the writer refused is a failure nobody else hears of, so it goes to onError. */
  function refuse(error: unknown): void {
    refused++;
    lastSettled = -1; // the counters changed even if the settled count did not
    post({ type: 'error', error: serialiseError(new AuditWriteError({ transient: false, willRetry: false, records: 1, attempt: 0, cause: error })) });
  }

  // Sync mode: outcomes, sent once per turn.
  let ok: number[] = [];
  let failed: [number, SerialisedError][] = [];
  let acksScheduled = false;
  function ack(seq: number, error?: unknown): void {
    if (error === undefined) ok.push(seq);
    else {
      refused += (error as { code?: string })?.code === 'AUDIT_RECORD_INVALID' ? 1 : 0;
      failed.push([seq, serialiseError(error)]);
    }
    if (acksScheduled) return;
    acksScheduled = true;
    setImmediate(sendAcks);
  }

  function sendAcks(): void {
    acksScheduled = false;
    if (ok.length === 0 && failed.length === 0) return;
    post({ type: 'acks', ok, failed });
    ok = [];
    failed = [];
  }

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'records': {
        const { records, seqs } = message;
        for (let i = 0; i < records.length; i++) {
          const [decision, input, durationUs] = records[i]!;
          received++;
          const recorded = writer.record(decision as Decision, { input, durationUs });
          if (seqs === undefined) recorded.catch(refuse);
          else {
            const seq = seqs[i]!;
            recorded.then(() => ack(seq), (error: unknown) => ack(seq, error));
          }
        }
        scheduleReport();
        return;
      }
      case 'flush':
        void writer.flush().then(() => {
          if (timer !== undefined) clearTimeout(timer);
          lastSettled = -1; // always answer a flush
          report();
        });
        return;
      case 'close': {
        const closed = message.timeoutMs === undefined ? writer.close() : writer.close({ timeoutMs: message.timeoutMs });
        void closed.then(
          () => undefined,
          (error: unknown) => serialiseError(error),
        ).then(async (error) => {
          if (timer !== undefined) clearTimeout(timer);
          sendAcks(); // every outcome before the close's
          post({ type: 'drained', ...progress(), ...(error !== undefined ? { error } : {}) });
          await store!.close().catch(() => {});
          // The caller stops the thread now (a loader registered in it may keep it alive).
          post({ type: 'closed' });
        });
        return;
      }
    }
  });
  post({ type: 'ready' });
}
