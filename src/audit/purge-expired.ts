/**
 * Retention: deletes an org's audit records older than N days, unless the org is on legal hold,
 * and keeps what remains verifiable. Only a prefix of the chain is ever removed, and the hash of
 * the last removed record becomes the anchor that verification starts from.
 */
import { sql } from 'kysely';
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import { assertOrgId } from '../tenancy/org-id.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withPlatformAdmin } from '../tenancy/with-platform-admin.js';
import { toNumber } from './audit-database.js';
import { AuditChainBrokenError } from './errors.js';

export interface PurgeOptions {
  /** Delete records whose timestamp is more than this many days ago. At least 1. */
  olderThanDays: number;
  /** The current time, for tests and back-fills. Default: now. */
  now?: Date;
}

export interface PurgeResult {
  readonly orgId: string;
  /** Records deleted. */
  readonly purged: number;
  /** True when the org is on legal hold: nothing was deleted. */
  readonly legalHold: boolean;
  /** The seq verification now starts after (0: nothing was ever purged). */
  readonly anchorSeq: number;
}

const DAY_MS = 86_400_000;

/**
 * Purges the org's audit records older than `olderThanDays`, honouring a legal hold. Removes the
 * longest run of old records from the start of the chain: a recent record keeps every record
 * after it, even old-stamped ones, so the remaining chain is unbroken.
 *
 * @throws AuditChainBrokenError when the record where the chain would be cut is missing.
 *
 * @example
 * ```ts
 * for (const org of orgs) {
 *   const { purged, legalHold } = await purgeExpired(store, org, { olderThanDays: 400 });
 * }
 * (await verifyChain(store, 'acme')).valid; // still true: it starts from the new anchor
 * ```
 */
export async function purgeExpired(store: GatehouseStore, orgId: string, options: PurgeOptions): Promise<PurgeResult> {
  assertOrgId(orgId);
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('purgeExpired(store, orgId, options): options must be an object with olderThanDays.');
  const { olderThanDays } = options;
  if (typeof olderThanDays !== 'number' || !Number.isFinite(olderThanDays) || olderThanDays < 1) {
    throw new InvalidOptionError(`options.olderThanDays must be a number of days, at least 1; got ${String(olderThanDays)}.`);
  }
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InvalidOptionError('options.now must be a valid Date.');
  const cutoff = new Date(now.getTime() - olderThanDays * DAY_MS).toISOString();
  const s = sql.raw(quoteIdentifier(store.schema));

  return withPlatformAdmin(store, async (trx) => {
    // Lock the head: writers of this org wait, so the cut and the anchor agree with the chain.
    const { rows: heads } = await sql<{ last_seq: number | bigint; anchor_seq: number | bigint; legal_hold: boolean }>`
      select last_seq, anchor_seq, legal_hold from ${s}.audit_chains where org_id = ${orgId} for update`.execute(trx);
    const head = heads[0];
    if (head === undefined) return { orgId, purged: 0, legalHold: false, anchorSeq: 0 };
    const anchorSeq = toNumber(head.anchor_seq);
    if (head.legal_hold) return { orgId, purged: 0, legalHold: true, anchorSeq };
    const lastSeq = toNumber(head.last_seq);

    // Cut before the first record that is still within retention (or after the last record).
    const { rows: recent } = await sql<{ seq: number | bigint | null }>`
      select min(seq) as seq from ${s}.decisions where org_id = ${orgId} and seq > ${anchorSeq} and created_at >= ${cutoff}::timestamptz`.execute(trx);
    const cut = recent[0]?.seq == null ? lastSeq : toNumber(recent[0].seq) - 1;
    if (cut <= anchorSeq) return { orgId, purged: 0, legalHold: false, anchorSeq };

    const { rows: cutRows } = await sql<{ hash: Uint8Array }>`
      select hash from ${s}.decisions where org_id = ${orgId} and seq = ${cut}`.execute(trx);
    const anchorHash = cutRows[0]?.hash;
    if (anchorHash === undefined) throw new AuditChainBrokenError(orgId, cut, 'the record there is missing');

    const deleted = await sql`delete from ${s}.decisions where org_id = ${orgId} and seq > ${anchorSeq} and seq <= ${cut}`.execute(trx);
    await sql`update ${s}.audit_chains set anchor_seq = ${cut}, anchor_hash = ${anchorHash}, anchored_at = now() where org_id = ${orgId}`.execute(trx);
    return { orgId, purged: Number(deleted.numAffectedRows ?? 0n), legalHold: false, anchorSeq: cut };
  });
}
