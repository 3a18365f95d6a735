/**
 * Typed errors of the audit store. Each has a stable `code`; messages say what to fix and never
 * contain a raw input, a user id or key material.
 */
import { GatehouseError } from '../errors.js';

/**
 * A decision could not be turned into an audit record: no org, a malformed decision id, a
 * control character in an id. `path` names the field.
 *
 * @example
 * ```ts
 * toAuditRecord({ ...decision, identity: { orgId: null, clientId: null, userId: null } }, { keys });
 * // throws InvalidAuditRecordError (code AUDIT_RECORD_INVALID), path 'identity.orgId'
 * ```
 */
export class InvalidAuditRecordError extends GatehouseError {
  readonly path: string;
  constructor(path: string, problem: string) {
    super('AUDIT_RECORD_INVALID', `Cannot audit this decision: ${path} ${problem}.`);
    this.path = path;
  }
}

/**
 * The writer's queue is full and its overflow policy is `'fail_closed'`. The record was not
 * accepted: treat the request as failed (or retry later). Nothing is dropped silently.
 *
 * @example
 * ```ts
 * try { await writer.record(decision) }
 * catch (e) { if (e instanceof AuditQueueFullError) return res.status(503).end() }
 * ```
 */
export class AuditQueueFullError extends GatehouseError {
  readonly maxQueue: number;
  constructor(maxQueue: number) {
    super(
      'AUDIT_QUEUE_FULL',
      `The audit queue is full (${maxQueue} records waiting to be written), and overflow is 'fail_closed'. ` +
        "The database is slow or unreachable; raise maxQueue, or use overflow: 'block' to wait for room.",
    );
    this.maxQueue = maxQueue;
  }
}

/**
 * `record()` was called after `close()`, or the writer gave up on a record when a bounded
 * `close({ timeoutMs })` expired.
 *
 * @example
 * ```ts
 * await writer.close();
 * await writer.record(decision); // rejects: AuditWriterClosedError, code AUDIT_WRITER_CLOSED
 * ```
 */
export class AuditWriterClosedError extends GatehouseError {
  constructor(detail = 'record() was called after close()') {
    super('AUDIT_WRITER_CLOSED', `The audit writer is closed: ${detail}. Create a new writer to record more decisions.`);
  }
}

/**
 * Records could not be written. In `sync` mode `record()` rejects with it, so the caller can
 * fail closed; in buffered mode it is passed to `onError`. `transient` says whether the cause
 * was a connection loss, deadlock or serialization failure (worth retrying) rather than a
 * problem with the records themselves. `willRetry` is true when the writer keeps the records
 * and tries again.
 *
 * @example
 * ```ts
 * const writer = await createAuditWriter(store, { auditSecret, mode: 'sync' });
 * try { await writer.record(decision) }
 * catch (e) { if (e instanceof AuditWriteError) return res.status(503).end() } // not audited: don't answer
 * ```
 */
export class AuditWriteError extends GatehouseError {
  readonly transient: boolean;
  readonly willRetry: boolean;
  readonly records: number;
  readonly attempt: number;
  constructor(options: { transient: boolean; willRetry: boolean; records: number; attempt: number; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const sqlState = (options.cause as { code?: unknown } | null)?.code;
    super(
      'AUDIT_WRITE_FAILED',
      `Could not write ${options.records} audit record(s) (attempt ${options.attempt}): ${reason}` +
        (typeof sqlState === 'string' ? ` [${sqlState}]` : '') +
        (options.willRetry ? '. Retrying.' : options.transient ? '. The database was unreachable or busy.' : '. The records were rejected by the database.'),
      { cause: options.cause },
    );
    this.transient = options.transient;
    this.willRetry = options.willRetry;
    this.records = options.records;
    this.attempt = options.attempt;
  }
}

/**
 * `close({ timeoutMs })` ran out of time with records still unwritten (the database stayed
 * unreachable). Those records are counted as failed and reported to `onError`.
 *
 * @example
 * ```ts
 * try { await writer.close({ timeoutMs: 5000 }) }
 * catch (e) { if (e instanceof AuditFlushTimeoutError) log.error(`${e.unwritten} audit records lost`) }
 * ```
 */
export class AuditFlushTimeoutError extends GatehouseError {
  readonly unwritten: number;
  constructor(unwritten: number, timeoutMs: number) {
    super('AUDIT_FLUSH_TIMEOUT', `The audit writer could not write ${unwritten} record(s) within ${timeoutMs} ms of close(); they were not written. Check the database connection.`);
    this.unwritten = unwritten;
  }
}

/**
 * The audit tables are missing or out of date: migration `0003_audit_chain` has not run on this
 * store's schema.
 *
 * @example
 * ```ts
 * await createAuditWriter(store, { auditSecret }); // rejects: AuditSchemaMissingError
 * await migrate(store);                              // then it works
 * ```
 */
export class AuditSchemaMissingError extends GatehouseError {
  constructor(schema: string, options?: { cause?: unknown }) {
    super('AUDIT_SCHEMA_MISSING', `The audit tables in schema "${schema}" are missing or out of date. Run migrate(store) (or npx gatehouse migrate) first.`, options);
  }
}

/**
 * A pagination cursor was not one that `queryAuditRecords()` returned.
 *
 * @example
 * ```ts
 * await queryAuditRecords(store, 'acme', { cursor: 'garbage' }); // rejects: code AUDIT_CURSOR_INVALID
 * ```
 */
export class InvalidAuditCursorError extends GatehouseError {
  constructor() {
    super('AUDIT_CURSOR_INVALID', 'The audit cursor is not valid. Pass the nextCursor of a previous page unchanged, or leave it out to start from the beginning.');
  }
}

/**
 * A retention purge found the chain broken where it would cut it, so it refused to anchor the
 * chain on a record that is not there. Run `verifyChain()` and investigate before purging.
 *
 * @example
 * ```ts
 * await purgeExpired(store, 'acme', { olderThanDays: 365 }); // may reject: code AUDIT_CHAIN_BROKEN
 * ```
 */
export class AuditChainBrokenError extends GatehouseError {
  readonly seq: number;
  constructor(orgId: string, seq: number, problem: string) {
    super('AUDIT_CHAIN_BROKEN', `The audit chain of org ${orgId} is broken at seq ${seq}: ${problem}. Run verifyChain() and investigate; nothing was purged.`);
    this.seq = seq;
  }
}

/**
 * The database has a customer table (one with `org_id`) that the erasure plan does not cover,
 * so an erasure could leave the subject's data behind. Nothing was erased. Add the table to
 * `ERASURE_PLAN` (src/audit/erasure-plan.ts), even if only to say it holds no personal data.
 *
 * @example
 * ```ts
 * await eraseSubject(store, 'acme', { userId, auditSecret }); // rejects: code AUDIT_ERASURE_PLAN_INCOMPLETE
 * ```
 */
export class ErasurePlanIncompleteError extends GatehouseError {
  readonly tables: readonly string[];
  constructor(tables: readonly string[]) {
    super('AUDIT_ERASURE_PLAN_INCOMPLETE', `Erasure refused: table(s) ${tables.join(', ')} have an org_id column but no entry in ERASURE_PLAN. Add one (src/audit/erasure-plan.ts) saying where a data subject appears there.`);
    this.tables = tables;
  }
}
