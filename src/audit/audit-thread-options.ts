/**
 * Checks the arguments of `startAuditThread()` on the caller's thread, so that a bad option or a
 * store that cannot be shared throws there (the same errors as `createAuditWriter()`, and
 * `storeThreadHandle()`'s), and turns them into the {@link AuditThreadInit} the worker starts
 * from, with the objects to transfer along with it.
 */
import type { MessagePort } from 'node:worker_threads';
import { InvalidOptionError } from '../errors.js';
import { storeThreadHandle } from '../tenancy/store-thread-handle.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { isAuditKeys, secretBytes, type AuditKeys, type AuditSecret } from './audit-keys.js';
import type { AuditThreadInit } from './audit-thread-protocol.js';
import { resolveWriterOptions, type AuditWriterOptions, type ResolvedWriterOptions } from './writer-options.js';

/**
 * The writer's options, as for `createAuditWriter()`, except that `auditSecret` must be the
 * secret itself (a string, bytes or a `Secret`): keys from `createAuditKeys()` are functions
 * and cannot be handed to another thread.
 */
export type AuditThreadWriterOptions = Omit<AuditWriterOptions, 'auditSecret'> & { auditSecret: AuditSecret };

/** The secret's bytes, copied (they go to the worker); refuses `AuditKeys` with a message that says what to pass. */
function threadSecretBytes(secret: AuditSecret | AuditKeys): Uint8Array {
  if (isAuditKeys(secret)) {
    throw new InvalidOptionError('startAuditThread(): options.auditSecret must be the audit secret itself (a string, a Uint8Array or a Secret); keys from createAuditKeys() cannot be passed to another thread.');
  }
  return Uint8Array.from(secretBytes(secret));
}

export interface ResolvedThreadOptions {
  readonly init: AuditThreadInit;
  /** Sent with `init` (the PGlite thread's port). */
  readonly transferList: MessagePort[];
  readonly writer: ResolvedWriterOptions;
}

/**
 * The options are checked before the handle is made: a PGlite handle holds a new port to its
 * thread, which must not be left open by a bad option.
 *
 * @throws InvalidOptionError (and the other errors of `createAuditWriter()`'s options) for a bad option.
 * @throws StoreNotShareableError for PGlite running in this thread; StoreUnavailableError for a closed store.
 */
export function resolveThreadOptions(store: GatehouseStore, writerOptions: AuditThreadWriterOptions): ResolvedThreadOptions {
  const writer = resolveWriterOptions(writerOptions);
  const secret = threadSecretBytes(writerOptions.auditSecret);
  const { handle, transferList } = storeThreadHandle(store);
  return {
    writer,
    transferList,
    init: {
      store: handle,
      secret,
      writer: {
        mode: writer.mode,
        maxBatchSize: writer.maxBatchSize,
        flushIntervalMs: writer.flushIntervalMs,
        maxQueue: writer.maxQueue,
        // The caller's side enforces maxQueue and its overflow policy; it counts every record
        // the worker holds, so the worker's own queue never fills and never needs to refuse.
        overflow: 'block',
        retry: { maxAttempts: writer.maxAttempts, baseDelayMs: writer.baseDelayMs, maxDelayMs: writer.maxDelayMs },
        storeRedactedText: writer.storeRedactedText,
        concurrency: writer.concurrency,
      },
    },
  };
}
