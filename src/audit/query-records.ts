/**
 * An org's own audit records, filtered and paged. Keyset pagination on seq: a page costs the
 * same at record 10 as at record 10 million, and records appended between pages never shift
 * the pages already read.
 */
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import type { Verdict } from '../pdp/decision.js';
import { VERDICTS } from '../pdp/decision.js';
import { assertOrgId } from '../tenancy/org-id.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { auditTrx, toNumber } from './audit-database.js';
import { InvalidAuditCursorError } from './errors.js';
import { RECORD_COLUMNS, rowToRecord, type StoredAuditRecord } from './stored-record.js';

export interface AuditQuery {
  /** Records at or after this time (inclusive). */
  from?: Date | string;
  /** Records before this time (exclusive). */
  to?: Date | string;
  /** One verdict or several. */
  verdict?: Verdict | readonly Verdict[];
  userId?: string;
  clientId?: string;
  /** `asc` (oldest first, the default) or `desc`. */
  order?: 'asc' | 'desc';
  /** Page size, 1 to 1000. Default 100. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface AuditPage {
  readonly records: StoredAuditRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

interface Cursor {
  readonly seq: number;
  readonly order: 'asc' | 'desc';
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: cursor.seq, o: cursor.order })).toString('base64url');
}

function decodeCursor(text: unknown): Cursor {
  if (typeof text !== 'string' || text.length > 200) throw new InvalidAuditCursorError();
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: unknown; s?: unknown; o?: unknown };
    if (parsed.v === 1 && Number.isSafeInteger(parsed.s) && (parsed.s as number) >= 0 && (parsed.o === 'asc' || parsed.o === 'desc')) {
      return { seq: parsed.s as number, order: parsed.o };
    }
  } catch {
    // Falls through to the typed error.
  }
  throw new InvalidAuditCursorError();
}

function instant(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw new InvalidOptionError(`query.${name} must be a Date or an ISO 8601 date-time.`);
  return date;
}

function verdicts(value: unknown): Verdict[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  for (const v of list) if (!(VERDICTS as readonly unknown[]).includes(v)) throw new InvalidOptionError(`query.verdict must be ${VERDICTS.join(', ')} (or a list of them); got ${JSON.stringify(v)}.`);
  return list as Verdict[];
}

function text(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new InvalidOptionError(`query.${name} must be a non-empty string.`);
  return value;
}

/**
 * One page of the org's audit records, newest or oldest first. Runs through `withTenant`, so
 * row-level security limits it to `orgId`'s records whatever the filters say.
 *
 * @throws InvalidAuditCursorError for a cursor this function did not return, or one of the
 *   other order. InvalidOptionError for a bad filter.
 *
 * @example
 * ```ts
 * let cursor: string | undefined;
 * do {
 *   const page = await queryAuditRecords(store, 'acme', { verdict: 'deny', from: '2025-01-01', limit: 500, cursor });
 *   for (const r of page.records) console.log(r.seq, r.userId, r.findingCounts);
 *   cursor = page.nextCursor ?? undefined;
 * } while (cursor);
 * ```
 */
export async function queryAuditRecords(store: GatehouseStore, orgId: string, query: AuditQuery = {}): Promise<AuditPage> {
  assertOrgId(orgId);
  if (typeof query !== 'object' || query === null) throw new GatehouseTypeError('queryAuditRecords(store, orgId, query): query must be an object.');
  const order = query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new InvalidOptionError(`query.order must be 'asc' or 'desc'; got ${JSON.stringify(order)}.`);
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidOptionError(`query.limit must be an integer from 1 to 1000; got ${String(limit)}.`);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (cursor !== undefined && cursor.order !== order) throw new InvalidAuditCursorError();
  const from = instant(query.from, 'from');
  const to = instant(query.to, 'to');
  const wanted = verdicts(query.verdict);
  const userId = text(query.userId, 'userId');
  const clientId = text(query.clientId, 'clientId');

  const rows = await withTenant(store, orgId, (trx) => {
    let q = auditTrx(trx).selectFrom('decisions').select(RECORD_COLUMNS);
    if (from !== undefined) q = q.where('created_at', '>=', from);
    if (to !== undefined) q = q.where('created_at', '<', to);
    if (wanted !== undefined) q = q.where('verdict', 'in', wanted);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    if (clientId !== undefined) q = q.where('client_id', '=', clientId);
    if (cursor !== undefined) q = q.where('seq', order === 'asc' ? '>' : '<', cursor.seq);
    return q.orderBy('seq', order).limit(limit + 1).execute();
  });
  const more = rows.length > limit;
  const records = (more ? rows.slice(0, limit) : rows).map(rowToRecord);
  const last = records[records.length - 1];
  return { records, nextCursor: more && last !== undefined ? encodeCursor({ seq: toNumber(last.seq), order }) : null };
}
