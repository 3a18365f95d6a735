/**
 * The audit writer in a worker thread: `createAuditWriter()` runs in a worker over its own store
 * of the caller's database (made from `storeThreadHandle(store)`: its own PostgreSQL pool, or a
 * client of the PGlite thread), so its per-record work (the HMAC digests, the records' JSON, the
 * hash chain, the encoding of each batch, and the garbage all of that leaves) uses another core
 * instead of the event loop that serves requests.
 *
 * This side keeps the writer's contract without a round trip per record. It counts the records
 * it accepted and the worker has not yet reported settled, and enforces `maxQueue` and the
 * overflow policy on that count itself; a buffered `record()` resolves at once, and the turn's
 * records go to the worker as one message after the turn (setImmediate). The worker maps each
 * decision to its record there (measured: mapping on this side costs ~4.5 µs per record and
 * makes the message no cheaper to copy), so a decision that cannot be audited is found in the
 * worker: buffered, it is counted as failed and reported to `onError`; sync, `record()` rejects
 * with `InvalidAuditRecordError` as usual. Errors come back as plain fields and are rebuilt by
 * code into the same typed errors.
 */
import type { Worker } from 'node:worker_threads';
import type { Decision } from '../pdp/decision.js';
import type { GatehouseStore } from '../tenancy/store.js';
import type { AuditWriter, AuditWriterCounters, RecordOptions } from './audit-writer.js';
import { spawnAuditThread } from './audit-thread-entry.js';
import { AuditUnavailableError } from './audit-thread-errors.js';
import { resolveThreadOptions, type AuditThreadWriterOptions } from './audit-thread-options.js';
import { reviveError, type FromWorker, type PostedRecord, type ToWorker, type WorkerProgress } from './audit-thread-protocol.js';
import { AuditFlushTimeoutError, AuditWriteError, AuditWriterClosedError, InvalidAuditRecordError } from './errors.js';
import { checkAuditable } from './audit-record.js';
import { closeTimeoutOf, settlesBy } from './close-deadline.js';
import { canonicalJson } from './canonical-json.js';
import { QueueAdmission } from './queue-admission.js';
import type { AuditWriterMode, ResolvedWriterOptions } from './writer-options.js';

/** How long close() waits, past its `timeoutMs`, for a worker that does not answer before stopping it. */
const CLOSE_GRACE_MS = 2000;

/**
 * Buffered: how long accepted records wait to go to the worker together. Each message wakes the
 * worker thread (a syscall and a context switch on these few cores); gathering ~2 ms of records
 * sends one message where a post per turn sent several. Sync records go at the end of the turn.
 */
const BUFFERED_POST_DELAY_MS = 2;

interface Entry {
  readonly record: PostedRecord;
  /** Sync mode: settles the caller's promise when the worker acknowledges the record. */
  readonly settle?: (error?: Error) => void;
  seq: number;
}

interface FlushWaiter {
  readonly target: number;
  resolve(): void;
}

const RESOLVED = Promise.resolve();
const noop = (): void => {};
const ZERO: AuditWriterCounters = { queued: 0, written: 0, failed: 0, rejected: 0, retries: 0, duplicates: 0, batches: 0 };

/**
 * The input as it is now: the record goes to the worker up to a few milliseconds later, and the
 * caller may change its object or buffer meanwhile (a guard()ed callee appending the reply to
 * the messages, say). An object becomes its canonical JSON, which is exactly what its digest is
 * of, so the digest is the one the in-thread writer would compute.
 */
function inputSnapshot(input: RecordOptions['input']): PostedRecord[1] {
  if (input === undefined || input === null || typeof input === 'string') return input ?? undefined;
  return input instanceof Uint8Array ? input.slice() : canonicalJson(input);
}

/** Each writer's worker, for tests that stop it to see the writer fail closed. */
const workers = new WeakMap<AuditWriter, Worker>();

/** @internal The worker behind a writer from {@link startAuditThread}. Not exported from the package. */
export function auditThreadWorker(writer: AuditWriter): Worker | undefined {
  return workers.get(writer);
}

class ThreadAuditWriter implements AuditWriter {
  readonly mode: AuditWriterMode;
  readonly #worker: Worker;
  readonly #options: ResolvedWriterOptions;
  /** Records admitted: posted to the worker, or in this turn's message. */
  #accepted = 0;
  /** Of the records posted, how many the worker reports written or failed. */
  #workerSettled = 0;
  /** Records settled on this side: not copyable to the worker, or lost with it. */
  #localSettled = 0;
  #turn: Entry[] = [];
  #nextSeq = 0;
  readonly #acks = new Map<number, (error?: Error) => void>();
  readonly #admission: QueueAdmission<Entry>;
  #blockedDrained: (() => void) | undefined;
  #flushWaiters: FlushWaiter[] = [];
  #workerCounters: AuditWriterCounters = ZERO;
  readonly #local = { failed: 0, rejected: 0 };
  #closing = false;
  #closed: Promise<void> | undefined;
  /** Why the worker is gone, once it is. */
  #dead: string | undefined;
  #lostWithWorker = 0;
  #drained: ((error?: Error) => void) | undefined;
  #stopping = false;
  #storeClosed: (() => void) | undefined;
  #referenced = true;

  constructor(worker: Worker, options: ResolvedWriterOptions) {
    this.#worker = worker;
    this.#options = options;
    this.mode = options.mode;
    this.#admission = new QueueAdmission<Entry>({
      maxQueue: options.maxQueue,
      overflow: options.overflow,
      queued: () => this.#accepted - this.#settled,
      enqueue: (entry) => this.#enqueue(entry),
      rejected: () => this.#local.rejected++,
    });
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error: Error) => this.#die(`it failed (${error.message})`, error));
    worker.on('exit', (code: number) => {
      if (!this.#stopping) this.#die(`it exited with code ${code}`);
    });
    this.#updateReference();
  }

  get counters(): AuditWriterCounters {
    const w = this.#workerCounters;
    return {
      queued: this.#accepted - this.#settled + this.#admission.blocked.length,
      written: w.written,
      failed: w.failed + this.#local.failed,
      rejected: w.rejected + this.#local.rejected,
      retries: w.retries,
      duplicates: w.duplicates,
      batches: w.batches,
    };
  }

  /** True after close(), and once the thread is gone: it accepts no more records (health checks report it). */
  get closed(): boolean {
    return this.#closing || this.#dead !== undefined;
  }

  get #settled(): number {
    return this.#workerSettled + this.#localSettled;
  }

  record(decision: Decision, options?: RecordOptions): Promise<void> {
    if (this.#closing) {
      this.#local.rejected++;
      return Promise.reject(new AuditWriterClosedError());
    }
    if (this.#dead !== undefined) {
      this.#local.rejected++;
      return Promise.reject(new AuditUnavailableError(this.#dead));
    }
    let record: PostedRecord;
    try {
      // Refused here as the in-thread writer would refuse it, not dropped in the worker later.
      checkAuditable(decision, options?.input, options?.durationUs);
      record = [decision, inputSnapshot(options?.input), options?.durationUs];
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.mode === 'sync') {
      return new Promise<void>((resolve, reject) => {
        this.#admission.admit({ record, seq: -1, settle: (error) => (error ? reject(error) : resolve()) }, noop, reject);
      });
    }
    const entry: Entry = { record, seq: -1 };
    if (this.#admission.tryEnqueue(entry)) return RESOLVED;
    return new Promise<void>((resolve, reject) => this.#admission.admit(entry, resolve, reject));
  }

  #enqueue(entry: Entry): void {
    this.#accepted++;
    if (entry.settle !== undefined) {
      entry.seq = this.#nextSeq++;
      this.#acks.set(entry.seq, entry.settle);
    }
    this.#turn.push(entry);
    if (this.#turn.length === 1) {
      if (this.mode === 'sync') setImmediate(this.#postTurn);
      else setTimeout(this.#postTurn, BUFFERED_POST_DELAY_MS);
    }
    if (!this.#referenced) this.#updateReference();
  }

  readonly #postTurn = (): void => {
    const turn = this.#turn;
    if (turn.length === 0 || this.#dead !== undefined) return;
    this.#turn = [];
    const sync = this.mode === 'sync';
    try {
      this.#post({ type: 'records', records: turn.map((e) => e.record), ...(sync ? { seqs: turn.map((e) => e.seq) } : {}) });
    } catch {
      // A record holding something a structured clone refuses (a function, a symbol): send the
      // others, and fail that one here.
      for (const entry of turn) {
        try {
          this.#post({ type: 'records', records: [entry.record], ...(sync ? { seqs: [entry.seq] } : {}) });
        } catch {
          this.#failUncopyable(entry);
        }
      }
    }
    if (this.#flushWaiters.length > 0) this.#post({ type: 'flush' });
  };

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #failUncopyable(entry: Entry): void {
    this.#localSettled++;
    this.#local.failed++;
    const error = new InvalidAuditRecordError('decision', 'holds a value that cannot be copied to the audit thread (a function, a symbol or a host object)');
    if (entry.settle !== undefined) {
      this.#acks.delete(entry.seq);
      entry.settle(error);
    } else {
      this.#report(new AuditWriteError({ transient: false, willRetry: false, records: 1, attempt: 0, cause: error }));
    }
    this.#afterSettle();
  }

  #report(error: AuditWriteError): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // A throwing callback must not stop the writer.
    }
  }

  #onMessage(message: FromWorker): void {
    // Once the thread is given up, what it still had in flight has been counted here.
    if (this.#dead !== undefined) return;
    switch (message.type) {
      case 'progress':
        this.#progress(message);
        return;
      case 'acks':
        for (const seq of message.ok) this.#ack(seq);
        for (const [seq, error] of message.failed) this.#ack(seq, reviveError(error));
        return;
      case 'error':
        this.#report(reviveError(message.error) as AuditWriteError);
        return;
      case 'closed':
        this.#storeClosed?.();
        return;
      case 'drained':
        this.#stopping = true;
        this.#progress(message);
        this.#drained?.(message.error === undefined ? undefined : reviveError(message.error));
        return;
      default:
        return;
    }
  }

  #ack(seq: number, error?: Error): void {
    const settle = this.#acks.get(seq);
    if (settle === undefined) return;
    this.#acks.delete(seq);
    settle(error);
  }

  #progress(progress: WorkerProgress): void {
    this.#workerSettled = progress.settled;
    this.#workerCounters = progress.counters;
    this.#afterSettle();
  }

  /** Bookkeeping after records settled: room for blocked callers, flush waiters, the thread's reference. */
  #afterSettle(): void {
    this.#admission.admitBlocked();
    if (this.#admission.blocked.length === 0) this.#blockedDrained?.();
    if (this.#flushWaiters.length > 0) {
      const settled = this.#settled;
      const still: FlushWaiter[] = [];
      for (const waiter of this.#flushWaiters) {
        if (settled >= waiter.target) waiter.resolve();
        else still.push(waiter);
      }
      this.#flushWaiters = still;
    }
    this.#updateReference();
  }

  /**
   * The worker keeps the process alive only while it holds work: an idle writer someone forgot
   * to close does not stop the process from exiting (nothing is lost then).
   */
  #updateReference(): void {
    const busy = this.#closing || this.#accepted > this.#settled || this.#admission.blocked.length > 0 || this.#acks.size > 0;
    if (busy === this.#referenced || this.#dead !== undefined) return;
    this.#referenced = busy;
    if (busy) this.#worker.ref();
    else this.#worker.unref();
  }

  /** The worker is gone: what it held is failed (and reported), every waiting caller is answered. */
  #die(reason: string, cause?: unknown): void {
    if (this.#dead !== undefined) return;
    this.#dead = reason;
    const error = new AuditUnavailableError(reason, cause === undefined ? undefined : { cause });
    const lost = this.#accepted - this.#settled;
    this.#turn = [];
    this.#localSettled += lost;
    this.#local.failed += lost;
    this.#lostWithWorker = lost;
    if (lost > 0) this.#report(new AuditWriteError({ transient: true, willRetry: false, records: lost, attempt: 0, cause: error }));
    for (const settle of this.#acks.values()) settle(error);
    this.#acks.clear();
    this.#local.rejected += this.#admission.refuseBlocked(error);
    this.#blockedDrained?.();
    for (const waiter of this.#flushWaiters.splice(0)) waiter.resolve();
    this.#drained?.(lost > 0 ? error : undefined);
    void this.#worker.terminate();
  }

  flush(): Promise<void> {
    const target = this.#accepted + this.#admission.blocked.length;
    if (this.#dead !== undefined || this.#settled >= target) return RESOLVED;
    const flushed = new Promise<void>((resolve) => this.#flushWaiters.push({ target, resolve }));
    if (this.#turn.length > 0) this.#postTurn(); // posts the flush after the records
    else this.#post({ type: 'flush' });
    return flushed;
  }

  close(options: { timeoutMs?: number } = {}): Promise<void> {
    let timeoutMs: number | undefined;
    try {
      timeoutMs = closeTimeoutOf(options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#closing = true;
    this.#updateReference();
    this.#closed ??= this.#close(timeoutMs);
    return this.#closed;
  }

  async #close(timeoutMs: number | undefined): Promise<void> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    // Callers blocked for room came before close(): they are admitted as room appears, in time.
    let refused = 0;
    if (this.#admission.blocked.length > 0) {
      const admitted = new Promise<void>((resolve) => (this.#blockedDrained = resolve));
      if (!(await settlesBy(admitted, deadline))) {
        refused = this.#admission.refuseBlocked(new AuditWriterClosedError('close() timed out before the record was written'));
        this.#local.failed += refused;
      }
    }
    if (this.#dead !== undefined) {
      if (this.#lostWithWorker > 0) throw new AuditUnavailableError(`${this.#dead}; ${this.#lostWithWorker} record(s) were not written`);
      return;
    }
    this.#postTurn();
    const drained = new Promise<Error | undefined>((resolve) => (this.#drained = resolve));
    const storeClosed = new Promise<void>((resolve) => {
      this.#storeClosed = resolve;
      this.#worker.once('exit', () => resolve());
    });
    this.#post({ type: 'close', timeoutMs: deadline === undefined ? undefined : Math.max(0, deadline - Date.now()) });
    let error: Error | undefined;
    if (await settlesBy(drained, deadline === undefined ? undefined : deadline + CLOSE_GRACE_MS)) {
      error = await drained;
      // The worker closes its store next; a connection stuck in a query does not hold close() up.
      await settlesBy(storeClosed, Date.now() + CLOSE_GRACE_MS);
    } else {
      // The worker did not answer: what it held is lost.
      const lost = this.#accepted - this.#settled;
      this.#localSettled += lost;
      this.#local.failed += lost;
      error = new AuditFlushTimeoutError(lost, timeoutMs!);
    }
    this.#stopping = true;
    this.#dead ??= 'it was closed';
    await this.#worker.terminate();
    // A batch still in flight (its database stuck) ended with the thread's connections.
    const unconfirmed = new AuditUnavailableError('it stopped before confirming the record');
    for (const settle of this.#acks.values()) settle(unconfirmed);
    this.#acks.clear();
    const lost = this.#accepted - this.#settled;
    if (lost > 0) {
      this.#localSettled += lost;
      this.#local.failed += lost;
      this.#report(new AuditWriteError({ transient: true, willRetry: false, records: lost, attempt: 0, cause: new AuditWriterClosedError('close() timed out before the record was written') }));
    }
    this.#afterSettle();
    if (error instanceof AuditFlushTimeoutError || (error === undefined && refused > 0)) {
      throw new AuditFlushTimeoutError(((error as AuditFlushTimeoutError | undefined)?.unwritten ?? 0) + refused, timeoutMs!);
    }
    if (error !== undefined) throw error;
  }
}

/**
 * Starts the audit writer in a worker thread over `store`'s database, and resolves once the
 * thread's store answers and the audit tables are there. The result is an `AuditWriter`: the same
 * `record()`, `flush()`, `close()`, `counters`, `mode` and errors as `createAuditWriter(store, …)`'s,
 * plus `AuditUnavailableError` when the thread stops (records then fail closed).
 *
 * The thread opens its own store from `storeThreadHandle(store)`: on PostgreSQL its own pool (up
 * to `poolSize` connections, `application_name` `<name>-audit`); on PGlite opened with
 * `openStore({ dataDir, thread: true })`, a client of the PGlite thread, whose session lock runs
 * the two threads' transactions one at a time. The writer's `close()` drains and closes only the
 * thread's store: `store` stays open, and the caller closes it (after the writer).
 *
 * Differences from `createAuditWriter()`: `record()` checks the decision's org, id and verdict,
 * the input and the duration at once (refusing as `createAuditWriter()` does), but its other
 * fields in the worker: a buffered record failing there (a malformed trace or client id, say) has
 * resolved already, and is counted as failed and reported to `onError`. `counters` lag the worker
 * by a few milliseconds. The input is copied at `record()`; the decision goes to the worker up to
 * ~2 ms later, so do not change it after `record()` (the engine's decisions are not changed).
 *
 * @throws StoreNotShareableError (`STORE_NOT_SHAREABLE`) for PGlite running in this thread: open
 *   the store with `thread: true`, use PostgreSQL, or write from this thread with `createAuditWriter()`.
 * @throws InvalidOptionError for a bad option, or keys from `createAuditKeys()` as `auditSecret`.
 * @throws StoreUnavailableError for a closed store; StoreUnavailableError, AuditSchemaMissingError as `createAuditWriter()` does.
 * @throws AuditUnavailableError when the thread cannot start.
 *
 * @example
 * ```ts
 * import { openStore } from 'gatehouse/tenancy';
 * import { startAuditThread } from 'gatehouse/audit';
 *
 * const store = await openStore({ url: process.env.DATABASE_URL });   // or { dataDir, thread: true }; migrated already
 * const audit = await startAuditThread(store, {
 *   auditSecret: process.env.GATEHOUSE_AUDIT_SECRET!, overflow: 'fail_closed', onError: (e) => log.warn(e.message),
 * });
 * await audit.record(engine.decide(request), { input: request.text });  // queued; written by the thread
 * await audit.close({ timeoutMs: 10_000 });                             // drains, then stops the thread
 * await store.close();
 * ```
 */
export async function startAuditThread(store: GatehouseStore, writerOptions: AuditThreadWriterOptions): Promise<AuditWriter> {
  const { init, transferList, writer } = resolveThreadOptions(store, writerOptions);
  let worker: Worker;
  try {
    worker = spawnAuditThread(init, transferList);
  } catch (error) {
    for (const port of transferList) port.close(); // the handle's port would keep the PGlite thread serving nobody
    throw error;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') done();
        else if (message.type === 'failed') done(reviveError(message.error));
      };
      const onError = (error: Error) => done(new AuditUnavailableError(`it failed to start (${error.message})`, { cause: error }));
      const onExit = (code: number) => done(new AuditUnavailableError(`it exited with code ${code} while starting`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const audit = new ThreadAuditWriter(worker, writer);
  workers.set(audit, worker);
  return audit;
}
