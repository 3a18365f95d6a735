/**
 * The messages between the audit thread's two sides (audit-thread.ts on the caller's thread,
 * audit-thread-worker.ts in the worker), and errors as they cross: a structured clone keeps an
 * error's message but not its class, so errors travel as plain fields and are rebuilt by `code`
 * into the same typed errors `createAuditWriter()` throws.
 */
import type { Decision } from '../pdp/decision.js';
import { GatehouseError, GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { StoreUnavailableError } from '../tenancy/errors.js';
import type { StoreHandle } from '../tenancy/store-thread-handle.js';
import { fromWireError, type WireError } from '../thread-error.js';
import type { AuditWriterCounters } from './audit-writer.js';
import { AuditUnavailableError } from './audit-thread-errors.js';
import { AuditFlushTimeoutError, AuditQueueFullError, AuditSchemaMissingError, AuditWriteError, AuditWriterClosedError, InvalidAuditRecordError } from './errors.js';
import type { AuditWriterMode, OverflowPolicy } from './writer-options.js';

/** What the worker needs to open its own store and writer: serialisable (sent with its transferList). */
export interface AuditThreadInit {
  /** From `storeThreadHandle()`: the worker opens its own store over the caller's database with it. */
  readonly store: StoreHandle;
  /** The audit secret's bytes; the worker derives the keys. Never logged. */
  readonly secret: Uint8Array;
  readonly writer: {
    readonly mode: AuditWriterMode;
    readonly maxBatchSize: number;
    readonly flushIntervalMs: number;
    readonly maxQueue: number;
    readonly overflow: OverflowPolicy;
    readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
    readonly storeRedactedText: boolean | undefined;
    readonly concurrency: number;
  };
}

/** One record as posted: the decision, the input to digest, the duration (µs). */
export type PostedRecord = readonly [decision: Decision, input: string | Uint8Array | object | undefined, durationUs: number | undefined];

/** An error as plain fields (see src/thread-error.ts). */
export type SerialisedError = WireError;

/** The worker's counters, with `settled`: records it received that are written or failed. */
export interface WorkerProgress {
  readonly settled: number;
  readonly counters: AuditWriterCounters;
}

export type ToWorker =
  /** A turn's records. `seqs` (sync mode) numbers them for the acknowledgements. */
  | { readonly type: 'records'; readonly records: readonly PostedRecord[]; readonly seqs?: readonly number[] }
  | { readonly type: 'flush' }
  | { readonly type: 'close'; readonly timeoutMs: number | undefined };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: SerialisedError }
  | ({ readonly type: 'progress' } & WorkerProgress)
  /** Sync mode: records committed (`ok`) or not (`failed`), by seq. */
  | { readonly type: 'acks'; readonly ok: readonly number[]; readonly failed: readonly (readonly [seq: number, error: SerialisedError])[] }
  | { readonly type: 'error'; readonly error: SerialisedError }
  /** close() finished in the worker: `error` when it timed out; the store is closed next. */
  | ({ readonly type: 'drained'; readonly error?: SerialisedError } & WorkerProgress)
  /** The worker's store is closed: it can be stopped. */
  | { readonly type: 'closed' };

/** An error as it crosses to the caller's thread (every copyable field, the cause one level down). */
export { toWireError as serialiseError } from '../thread-error.js';

const number = (e: SerialisedError, name: string): number => (typeof e.fields[name] === 'number' ? (e.fields[name] as number) : 0);

/** Rebuilds the typed error a serialised one was; its message is kept as written. */
export function reviveError(e: SerialisedError): Error {
  const cause = e.cause === undefined ? undefined : reviveError(e.cause);
  let error: Error;
  const code = typeof e.fields.code === 'string' ? e.fields.code : undefined;
  switch (code) {
    case 'AUDIT_WRITE_FAILED':
      error = new AuditWriteError({ transient: e.fields.transient === true, willRetry: e.fields.willRetry === true, records: number(e, 'records'), attempt: number(e, 'attempt'), cause });
      break;
    case 'AUDIT_RECORD_INVALID':
      error = new InvalidAuditRecordError(String(e.fields.path ?? ''), '');
      break;
    case 'AUDIT_QUEUE_FULL':
      error = new AuditQueueFullError(number(e, 'maxQueue'));
      break;
    case 'AUDIT_WRITER_CLOSED':
      error = new AuditWriterClosedError();
      break;
    case 'AUDIT_FLUSH_TIMEOUT':
      error = new AuditFlushTimeoutError(number(e, 'unwritten'), 0);
      break;
    case 'AUDIT_SCHEMA_MISSING':
      error = new AuditSchemaMissingError('', { cause });
      break;
    case 'STORE_UNAVAILABLE':
      error = new StoreUnavailableError(String(e.fields.target ?? ''), '', { cause });
      break;
    case 'INVALID_ARGUMENT_TYPE':
      error = new GatehouseTypeError(e.message);
      break;
    case 'INVALID_OPTION':
      error = new InvalidOptionError(e.message);
      break;
    case 'AUDIT_UNAVAILABLE':
      error = new AuditUnavailableError('', { cause });
      break;
    default:
      if (code === undefined || !/^[A-Z][A-Z0-9_]*$/.test(code) || e.name === 'Error') return fromWireError(e, 'audit thread');
      // Another Gatehouse error: its class is not known here, its code and message are kept.
      error = new GatehouseError(code, e.message, cause === undefined ? undefined : { cause });
      error.name = e.name;
  }
  error.message = e.message;
  return error;
}
