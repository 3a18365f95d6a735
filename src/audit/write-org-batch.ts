/**
 * Writes one org's share of a batch: one transaction, retried with backoff on transient errors,
 * and split in halves on a permanent one so that a single bad record cannot sink the others.
 */
import type { GatehouseStore } from '../tenancy/store.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { appendRecords, type ChainHead, type PreparedAppend } from './append-records.js';
import type { AuditRecord } from './audit-record.js';
import { backoffDelay, sleep } from './backoff.js';
import { classifyWriteError } from './error-kinds.js';
import { AuditWriteError } from './errors.js';
import type { ResolvedWriterOptions } from './writer-options.js';

/** A queued record; `settle` tells its caller (sync mode) how it ended. */
export interface QueueEntry {
  readonly record: AuditRecord;
  settle(error?: Error): void;
}

/** What the writer lends the batch code: the store, its options, counters and an abort signal. */
export interface BatchContext {
  readonly store: GatehouseStore;
  readonly options: ResolvedWriterOptions;
  readonly signal: AbortSignal;
  readonly counters: { written: number; failed: number; retries: number; duplicates: number; batches: number };
  report(error: AuditWriteError): void;
  /** Marks entries done (written, or failed with `error`) and tells their callers. */
  settle(entries: readonly QueueEntry[], error?: AuditWriteError): void;
}

function fail(ctx: BatchContext, entries: readonly QueueEntry[], error: AuditWriteError): void {
  ctx.counters.failed += entries.length;
  ctx.report(error);
  ctx.settle(entries, error);
}

/**
 * Writes `entries` (all of `orgId`, in queue order), using `prepared` if it was computed for the
 * head the transaction finds. Resolves when every entry is settled, written or failed, with the
 * chain head after the write (undefined unless all of it was written at once); never rejects.
 */
export async function writeOrgBatch(
  ctx: BatchContext,
  orgId: string,
  entries: readonly QueueEntry[],
  prepared?: PreparedAppend,
  onPlanned?: (head: ChainHead) => void,
): Promise<ChainHead | undefined> {
  const { options } = ctx;
  let skipStored = false;
  for (let attempt = 1; ; attempt++) {
    if (ctx.signal.aborted) {
      fail(ctx, entries, new AuditWriteError({ transient: true, willRetry: false, records: entries.length, attempt, cause: new Error('the writer was closed before the records could be written') }));
      return undefined;
    }
    try {
      const records = entries.map((entry) => entry.record);
      const plan = attempt === 1 ? prepared : undefined;
      const result = await withTenant(ctx.store, orgId, (trx) => appendRecords(trx, ctx.store.schema, orgId, records, { skipStored, prepared: plan, onPlanned }));
      ctx.counters.batches++;
      ctx.counters.written += result.inserted;
      ctx.counters.duplicates += result.duplicates;
      ctx.settle(entries);
      return result.head;
    } catch (cause) {
      const kind = classifyWriteError(cause);
      if (kind === 'duplicate' && !skipStored) {
        // Some of these decisions are stored already: skip them and try again at once.
        skipStored = true;
        continue;
      }
      const transient = kind === 'connection' || kind === 'conflict';
      // Sync callers are waiting, and after a lost connection the COMMIT may or may not have
      // landed: report failure so that they fail closed, rather than retry behind their back.
      const retryable = transient && !ctx.signal.aborted && attempt < options.maxAttempts && !(kind === 'connection' && options.mode === 'sync');
      if (retryable) {
        ctx.counters.retries++;
        ctx.report(new AuditWriteError({ transient, willRetry: true, records: entries.length, attempt, cause }));
        // After a lost connection the COMMIT may have landed: the next attempt skips what is stored.
        if (kind === 'connection') skipStored = true;
        await sleep(backoffDelay(attempt, options), ctx.signal);
        continue;
      }
      if (!transient && entries.length > 1) {
        const half = Math.ceil(entries.length / 2);
        await writeOrgBatch(ctx, orgId, entries.slice(0, half), undefined, onPlanned);
        await writeOrgBatch(ctx, orgId, entries.slice(half), undefined, onPlanned);
        return undefined;
      }
      fail(ctx, entries, new AuditWriteError({ transient, willRetry: false, records: entries.length, attempt, cause }));
      return undefined;
    }
  }
}
