/**
 * Checks the options of `startAuditThread()` on the caller's thread, so that a bad option throws
 * there (the same errors as `createAuditWriter()`), and turns them into the serialisable
 * {@link AuditThreadInit} the worker starts from.
 */
import { InvalidOptionError } from '../errors.js';
import type { OpenStoreOptions } from '../tenancy/store.js';
import { resolveStoreOptions } from '../tenancy/store-options.js';
import type { AuditKeys, AuditSecret } from './audit-keys.js';
import { AuditThreadNeedsPostgresError } from './audit-thread-errors.js';
import type { AuditThreadInit } from './audit-thread-protocol.js';
import { resolveWriterOptions, type AuditWriterOptions, type ResolvedWriterOptions } from './writer-options.js';

/**
 * Where the audit thread writes: PostgreSQL only. The same fields as `openStore()`'s, without
 * `dataDir`, `pglite` and `thread`; `url` defaults to `DATABASE_URL`.
 */
export type AuditThreadStoreOptions = Omit<OpenStoreOptions, 'dataDir' | 'pglite' | 'thread'>;

/**
 * The writer's options, as for `createAuditWriter()`, except that `auditSecret` must be the
 * secret itself (a string, bytes or a `Secret`): keys from `createAuditKeys()` are functions
 * and cannot be handed to another thread.
 */
export type AuditThreadWriterOptions = Omit<AuditWriterOptions, 'auditSecret'> & { auditSecret: AuditSecret };

/** The secret's bytes, copied; refuses `AuditKeys` with a message that says what to pass. */
function secretBytes(secret: AuditSecret | AuditKeys): Uint8Array {
  if (typeof secret === 'string') return new TextEncoder().encode(secret);
  if (secret instanceof Uint8Array) return Uint8Array.from(secret);
  if (typeof (secret as { exposeBytes?: unknown }).exposeBytes === 'function') return Uint8Array.from((secret as { exposeBytes(): Uint8Array }).exposeBytes());
  throw new InvalidOptionError('startAuditThread(): options.auditSecret must be the audit secret itself (a string, a Uint8Array or a Secret); keys from createAuditKeys() cannot be passed to another thread.');
}

export interface ResolvedThreadOptions {
  readonly init: AuditThreadInit;
  readonly writer: ResolvedWriterOptions;
}

/**
 * @throws AuditThreadNeedsPostgresError for a PGlite store.
 * @throws InvalidOptionError (and the other errors of `createAuditWriter()`'s options) for a bad option.
 */
export function resolveThreadOptions(storeOptions: AuditThreadStoreOptions, writerOptions: AuditThreadWriterOptions, env: NodeJS.ProcessEnv = process.env): ResolvedThreadOptions {
  const asked = storeOptions as OpenStoreOptions;
  if (typeof asked === 'object' && asked !== null && (asked.dataDir !== undefined || asked.pglite !== undefined || (asked as { thread?: unknown }).thread === true)) throw new AuditThreadNeedsPostgresError();
  const store = resolveStoreOptions(asked, env);
  if (store.backend !== 'postgres') throw new AuditThreadNeedsPostgresError();
  const writer = resolveWriterOptions(writerOptions);
  return {
    writer,
    init: {
      store: {
        url: store.url,
        appUrl: store.appUrl,
        schema: store.schema,
        appRole: store.roles.app,
        adminRole: store.roles.admin,
        ownerRole: store.roles.owner,
        poolSize: store.poolSize,
        connectTimeoutMs: store.connectTimeoutMs,
        applicationName: `${store.applicationName}-audit`,
      },
      secret: secretBytes(writerOptions.auditSecret),
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
