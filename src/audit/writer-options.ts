/** Options of {@link createAuditWriter}, checked and completed with their defaults. */
import { integerOption } from '../integer-option.js';
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { toAuditKeys, type AuditKeys, type AuditSecret } from './audit-keys.js';
import { MAX_ROWS_PER_STATEMENT } from './append-records.js';
import type { AuditWriteError } from './errors.js';

/**
 * - `buffered` (default): `record()` resolves once the record is queued; batches are written in
 *   the background, retried until they land.
 * - `sync`: `record()` resolves only after the transaction holding the record has committed,
 *   and rejects if it could not be written, so the caller can fail closed.
 */
export type AuditWriterMode = 'buffered' | 'sync';

/**
 * What `record()` does when `maxQueue` records are already waiting:
 * - `block` (default): wait for room;
 * - `fail_closed`: reject at once with `AuditQueueFullError`.
 * Never a silent drop.
 */
export type OverflowPolicy = 'block' | 'fail_closed';

export interface AuditWriterOptions {
  /** The secret the digests are keyed with (32+ bytes), or keys from `createAuditKeys()`. Required. */
  auditSecret: AuditSecret | AuditKeys;
  mode?: AuditWriterMode;
  /** Most records per INSERT. Default 500 (at most 3000). */
  maxBatchSize?: number;
  /**
   * Longest a queued record waits for its batch, in ms: a batch goes when it is full or when its
   * oldest record has waited this long, also while earlier batches are being written. Default 50
   * (buffered), 0 (sync: the next tick).
   */
  flushIntervalMs?: number;
  /** Most records queued or being written at once. Default 10000. */
  maxQueue?: number;
  overflow?: OverflowPolicy;
  retry?: {
    /**
     * Attempts per batch for transient errors. Default: unlimited in buffered mode (records
     * wait in the queue until the database is back); 3 in sync mode. In sync mode a lost
     * connection is never retried: whether the COMMIT landed is unknown, and the caller is waiting.
     */
    maxAttempts?: number;
    /** Default 20 ms. */
    baseDelayMs?: number;
    /** Default 2000 ms. */
    maxDelayMs?: number;
  };
  /** Keep the redacted text; see `toAuditRecord()`. Default: only for `audit: full` decisions. */
  storeRedactedText?: boolean;
  /** Org transactions written at once when a batch spans several orgs. Default 4. */
  concurrency?: number;
  /** Every failed write attempt, retried (`willRetry`) or final. Never throws into the writer. */
  onError?: (error: AuditWriteError) => void;
}

export interface ResolvedWriterOptions {
  readonly keys: AuditKeys;
  readonly mode: AuditWriterMode;
  readonly maxBatchSize: number;
  readonly flushIntervalMs: number;
  readonly maxQueue: number;
  readonly overflow: OverflowPolicy;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly storeRedactedText: boolean | undefined;
  readonly concurrency: number;
  readonly onError: ((error: AuditWriteError) => void) | undefined;
}


function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly unknown[]).includes(value)) throw new InvalidOptionError(`options.${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}; got ${JSON.stringify(value)}.`);
  return value as T;
}

export function resolveWriterOptions(options: AuditWriterOptions): ResolvedWriterOptions {
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('createAuditWriter(store, options): options must be an object with auditSecret.');
  const mode = oneOf(options.mode, 'mode', ['buffered', 'sync'] as const, 'buffered');
  const maxBatchSize = integerOption(options.maxBatchSize, 'options.maxBatchSize', 500, 1, MAX_ROWS_PER_STATEMENT);
  const maxQueue = integerOption(options.maxQueue, 'options.maxQueue', 10_000, 1, 10_000_000);
  if (maxQueue < maxBatchSize) throw new InvalidOptionError(`options.maxQueue (${maxQueue}) must be at least options.maxBatchSize (${maxBatchSize}).`);
  const retry = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) throw new GatehouseTypeError('options.retry must be an object.');
  const baseDelayMs = integerOption(retry.baseDelayMs, 'options.retry.baseDelayMs', 20, 0, 600_000);
  if (options.onError !== undefined && typeof options.onError !== 'function') throw new GatehouseTypeError('options.onError must be a function.');
  if (options.storeRedactedText !== undefined && typeof options.storeRedactedText !== 'boolean') throw new GatehouseTypeError('options.storeRedactedText must be a boolean.');
  return {
    keys: toAuditKeys(options.auditSecret),
    mode,
    maxBatchSize,
    flushIntervalMs: integerOption(options.flushIntervalMs, 'options.flushIntervalMs', mode === 'sync' ? 0 : 50, 0, 600_000),
    maxQueue,
    overflow: oneOf(options.overflow, 'overflow', ['block', 'fail_closed'] as const, 'block'),
    maxAttempts: integerOption(retry.maxAttempts, 'options.retry.maxAttempts', mode === 'sync' ? 3 : Number.POSITIVE_INFINITY, 1, 1000, true),
    baseDelayMs,
    maxDelayMs: Math.max(baseDelayMs, integerOption(retry.maxDelayMs, 'options.retry.maxDelayMs', 2000, 0, 3_600_000)),
    storeRedactedText: options.storeRedactedText,
    concurrency: integerOption(options.concurrency, 'options.concurrency', 4, 1, 64),
    onError: options.onError,
  };
}
