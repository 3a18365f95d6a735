/**
 * The audit writer: a bounded queue in front of batched, chained, retried inserts.
 *
 * The request path only maps the decision (two HMACs) and appends to an array; encoding,
 * hashing, SQL and retries happen in the background loop. One batch is written at a time (its
 * orgs in parallel), so each org's records reach its chain in the order `record()` was called.
 * A batch goes when it is full or `flushIntervalMs` after its oldest record was queued, also
 * while the loop is busy, so that under a steady load a transaction carries many rows, not a
 * few; after a full batch (the writer is behind) the rest follows at once.
 */
import type { Decision } from '../pdp/decision.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { toAuditRecord } from './audit-record.js';
import { assertAuditReady } from './check-audit-schema.js';
import { AuditFlushTimeoutError, AuditWriteError, AuditWriterClosedError } from './errors.js';
import { BatchPipeline, type WritingBatch } from './batch-pipeline.js';
import { closeTimeoutOf, settlesBy } from './close-deadline.js';
import { QueueAdmission } from './queue-admission.js';
import type { BatchContext, QueueEntry } from './write-org-batch.js';
import { resolveWriterOptions, type AuditWriterMode, type AuditWriterOptions, type ResolvedWriterOptions } from './writer-options.js';

/** Counters since the writer was created. */
export interface AuditWriterCounters {
  /** Records accepted and not yet settled (queued or being written). */
  readonly queued: number;
  /** Records committed to the store. */
  readonly written: number;
  /** Records that could not be written (reported to `onError`, and rejected in sync mode). */
  readonly failed: number;
  /** `record()` calls refused: queue full under `fail_closed`, or writer closed. */
  readonly rejected: number;
  /** Write attempts retried after a transient error. */
  readonly retries: number;
  /** Records skipped because their decision was stored already. */
  readonly duplicates: number;
  /** Committed org transactions. */
  readonly batches: number;
}

/** Per-call options of `record()`. */
export interface RecordOptions {
  /** The request input to digest (prompt text, or the request object). */
  input?: string | Uint8Array | object;
  /** How long the decision took, in microseconds. */
  durationUs?: number;
}

export interface AuditWriter {
  readonly mode: AuditWriterMode;
  /**
   * Queues the decision's audit record. Buffered: resolves once queued (after waiting for room
   * under `overflow: 'block'`). Sync: resolves after the commit. Rejects with
   * `InvalidAuditRecordError`, `AuditQueueFullError`, `AuditWriterClosedError` or (sync)
   * `AuditWriteError`.
   */
  record(decision: Decision, options?: RecordOptions): Promise<void>;
  /** Resolves when every record accepted so far is written or failed. */
  flush(): Promise<void>;
  /**
   * Stops accepting records and drains the queue. With `timeoutMs`, gives up after that long:
   * what is left is counted as failed and the promise rejects with `AuditFlushTimeoutError`.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  readonly counters: AuditWriterCounters;
  readonly closed: boolean;
}

interface FlushWaiter {
  readonly target: number;
  resolve(): void;
}

const RESOLVED = Promise.resolve();
const noop = (): void => {};

class BatchingAuditWriter implements AuditWriter {
  readonly mode: AuditWriterMode;
  readonly #options: ResolvedWriterOptions;
  readonly #abort = new AbortController();
  readonly #ctx: BatchContext;
  readonly #counts = { written: 0, failed: 0, retries: 0, duplicates: 0, batches: 0, rejected: 0 };
  #pending: QueueEntry[] = [];
  /** How many records at the front of `#pending` have waited their `flushIntervalMs`. */
  #due = 0;
  /** The last batch taken was full: the writer is behind, so what is left goes at once. */
  #catchingUp = false;
  #inFlight = 0;
  readonly #admission: QueueAdmission<QueueEntry>;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;
  #loop: Promise<void> | undefined;
  #accepted = 0;
  #settled = 0;
  #flushWaiters: FlushWaiter[] = [];
  #closing = false;
  readonly #pipeline: BatchPipeline;
  #admitScheduled = false;

  constructor(store: GatehouseStore, options: ResolvedWriterOptions) {
    this.#options = options;
    this.mode = options.mode;
    this.#ctx = {
      store,
      options,
      signal: this.#abort.signal,
      counters: this.#counts,
      report: (error: AuditWriteError) => {
        try {
          options.onError?.(error);
        } catch {
          // A throwing callback must not stop the writer.
        }
      },
      settle: (entries, error) => this.#settle(entries, error),
    };
    this.#pipeline = new BatchPipeline(this.#ctx);
    this.#admission = new QueueAdmission<QueueEntry>({
      maxQueue: options.maxQueue,
      overflow: options.overflow,
      queued: () => this.#pending.length + this.#inFlight,
      enqueue: (entry) => this.#enqueue(entry),
      rejected: () => this.#counts.rejected++,
    });
  }

  get counters(): AuditWriterCounters {
    const { written, failed, rejected, retries, duplicates, batches } = this.#counts;
    return { queued: this.#pending.length + this.#inFlight + this.#admission.blocked.length, written, failed, rejected, retries, duplicates, batches };
  }

  get closed(): boolean {
    return this.#closing;
  }

  record(decision: Decision, options?: RecordOptions): Promise<void> {
    if (this.#closing) {
      this.#counts.rejected++;
      return Promise.reject(new AuditWriterClosedError());
    }
    let record;
    try {
      record = toAuditRecord(decision, {
        keys: this.#options.keys,
        input: options?.input,
        durationUs: options?.durationUs,
        storeRedactedText: this.#options.storeRedactedText,
      });
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.mode === 'sync') {
      return new Promise<void>((resolve, reject) => {
        this.#admission.admit({ record, settle: (error) => (error ? reject(error) : resolve()) }, noop, reject);
      });
    }
    const entry: QueueEntry = { record, settle: noop };
    if (this.#admission.tryEnqueue(entry)) return RESOLVED;
    return new Promise<void>((resolve, reject) => this.#admission.admit(entry, resolve, reject));
  }

  #enqueue(entry: QueueEntry): void {
    this.#pending.push(entry);
    this.#accepted++;
    if (this.#batchReady()) this.#startLoop(); // a running loop takes it next
    this.#scheduleTimer();
  }

  /**
   * A batch should go now: a full one is waiting, a record has waited its interval, the writer
   * is catching up after a full batch, or a flush or close asks.
   */
  #batchReady(): boolean {
    const waiting = this.#pending.length;
    return waiting >= this.#options.maxBatchSize || (waiting > 0 && (this.#due > 0 || this.#catchingUp || this.#flushWaiters.length > 0 || this.#closing));
  }

  /** Starts the interval of the oldest record not yet due; when it ends, everything queued by then is due. */
  #scheduleTimer(): void {
    if (this.#timer !== undefined || this.#pending.length <= this.#due) return;
    const fire = () => {
      this.#timer = undefined;
      this.#due = this.#pending.length;
      this.#startLoop();
    };
    this.#timer = this.#options.flushIntervalMs === 0 ? setImmediate(fire) : setTimeout(fire, this.#options.flushIntervalMs);
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
    clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
    this.#timer = undefined;
  }

  #startLoop(): void {
    if (this.#loop !== undefined || !this.#batchReady()) return;
    this.#loop = this.#run().finally(() => {
      this.#loop = undefined;
      // Records admitted while the last batch settled: now, or when their interval ends.
      if (this.#batchReady()) this.#startLoop();
      else this.#scheduleTimer();
    });
  }

  /**
   * One batch is written at a time. As soon as the current batch's INSERT is on its way (its
   * rows, and so the heads it leaves, are known), the next batch is taken and its rows computed
   * against those heads, while the database works. Under the lock a prepared batch is used only
   * if the head is the one it assumed (not after another writer of the org, or a retry).
   */
  async #run(): Promise<void> {
    let writing: WritingBatch | undefined;
    for (;;) {
      if (writing !== undefined) await writing.planned;
      if (!this.#batchReady() || this.#abort.signal.aborted) {
        if (writing === undefined) return;
        await writing.done;
        writing = undefined;
        continue;
      }
      const batch = this.#pending.length <= this.#options.maxBatchSize ? this.#pending : this.#pending.slice(0, this.#options.maxBatchSize);
      this.#pending = batch === this.#pending ? [] : this.#pending.slice(batch.length);
      this.#due = Math.max(0, this.#due - batch.length);
      this.#catchingUp = batch.length === this.#options.maxBatchSize;
      if (this.#pending.length === 0) this.#clearTimer();
      this.#inFlight += batch.length;
      const groups = this.#pipeline.prepare(batch);
      if (writing !== undefined) await writing.done;
      writing = this.#pipeline.write(groups);
    }
  }

  /** Bookkeeping first, callers second: a caller that resumes sees counters that include it. */
  #settle(entries: readonly QueueEntry[], error?: Error): void {
    this.#inFlight -= entries.length;
    this.#settled += entries.length;
    this.#scheduleAdmit();
    this.#resolveFlushWaiters();
    for (const entry of entries) entry.settle(error);
  }

  /**
   * Wakes callers blocked for room on the next turn of the event loop, not at once: by then the
   * loop has sent the next batch, so their work (mapping, HMACs) overlaps its round trip instead
   * of delaying it.
   */
  #scheduleAdmit(): void {
    if (this.#admitScheduled || this.#admission.blocked.length === 0) return;
    this.#admitScheduled = true;
    setImmediate(() => {
      this.#admitScheduled = false;
      this.#admission.admitBlocked();
    });
  }

  #resolveFlushWaiters(): void {
    if (this.#flushWaiters.length === 0) return;
    const still: FlushWaiter[] = [];
    for (const waiter of this.#flushWaiters) {
      if (this.#settled >= waiter.target) waiter.resolve();
      else still.push(waiter);
    }
    this.#flushWaiters = still;
  }

  flush(): Promise<void> {
    // Waiters blocked for room count too: their record() calls came before this flush().
    const target = this.#accepted + this.#admission.blocked.length;
    if (this.#settled >= target) return RESOLVED;
    const flushed = new Promise<void>((resolve) => this.#flushWaiters.push({ target, resolve }));
    this.#startLoop();
    return flushed;
  }

  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = closeTimeoutOf(options);
    this.#closing = true;
    const drained = this.flush();
    if (timeoutMs === undefined) return drained;
    if (await settlesBy(drained, Date.now() + timeoutMs)) return;
    // Give up: no more attempts or backoff sleeps. Callers still waiting for room were never
    // acknowledged, and queued records are dropped: both explicitly, as failures. A batch in
    // flight finishes its current attempt in the background and is counted when it settles.
    this.#abort.abort();
    const closedError = new AuditWriterClosedError('close() timed out before the record was written');
    const refused = this.#admission.refuseBlocked(closedError);
    this.#counts.failed += refused;
    const dropped = this.#pending.splice(0);
    this.#due = 0;
    this.#clearTimer();
    if (dropped.length > 0) {
      this.#inFlight += dropped.length;
      this.#counts.failed += dropped.length;
      this.#ctx.report(new AuditWriteError({ transient: true, willRetry: false, records: dropped.length, attempt: 0, cause: closedError }));
      this.#settle(dropped, closedError);
    }
    throw new AuditFlushTimeoutError(refused + dropped.length + this.#inFlight, timeoutMs);
  }
}

/**
 * Creates an audit writer over a migrated store. Checks at once that the store answers and that
 * the audit tables exist.
 *
 * @throws StoreUnavailableError when the store is closed or the database cannot be reached.
 * @throws AuditSchemaMissingError when `migrate(store)` has not created the audit tables.
 * @throws InvalidOptionError for a missing or short `auditSecret`, or a bad limit.
 *
 * @example
 * ```ts
 * import { openStore, migrate } from 'gatehouse/tenancy';
 * import { createAuditWriter } from 'gatehouse/audit';
 *
 * const store = await openStore({ url: process.env.DATABASE_URL });
 * await migrate(store);
 * const audit = await createAuditWriter(store, {
 *   auditSecret: process.env.GATEHOUSE_AUDIT_SECRET!, // 32+ bytes
 *   overflow: 'fail_closed',                           // or 'block'
 *   onError: (e) => log.warn(e.message),
 * });
 *
 * const decision = engine.decide(request);
 * await audit.record(decision, { input: request.text, durationUs: 140 }); // ~µs: queued
 * // ... on shutdown:
 * await audit.close();                                                    // drains the queue
 * ```
 */
export async function createAuditWriter(store: GatehouseStore, options: AuditWriterOptions): Promise<AuditWriter> {
  const resolved = resolveWriterOptions(options);
  await assertAuditReady(store);
  return new BatchingAuditWriter(store, resolved);
}
