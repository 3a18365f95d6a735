/**
 * Verifies an org's chain in the store: from the retention anchor to the head, every record
 * in seq order, each committing to the one before and matching its own hash.
 */
import { sql } from 'kysely';
import { GatehouseTypeError } from '../errors.js';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import { assertOrgId } from '../tenancy/org-id.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { toAuditKeys, type AuditKeys, type AuditSecret } from './audit-keys.js';
import { auditTrx, toNumber } from './audit-database.js';
import { toHex } from './bytes.js';
import { ChainVerifier, type ChainProblem } from './chain-verifier.js';
import { RECORD_COLUMNS, rowToRecord } from './stored-record.js';

export interface VerifyChainOptions {
  /**
   * With the audit secret (or keys), also checks that each remaining user id and redacted text
   * matches the digest the chain covers. Without it, edits to those two fields go unnoticed
   * here (an evidence export's signature still covers them).
   */
  auditSecret?: AuditSecret | AuditKeys;
  /** Records read per query (one short transaction each). Default 1000. */
  pageSize?: number;
}

export interface ChainVerification {
  /** True when no problem was found. */
  readonly valid: boolean;
  readonly orgId: string;
  /** Records checked. */
  readonly checked: number;
  /** Where verification started: the seq of the newest purged record (0 if none was purged). */
  readonly anchorSeq: number;
  readonly lastSeq: number;
  /** Hex SHA-256 of the last record; null for an empty chain. */
  readonly lastHash: string | null;
  /** At most 100 problems, in seq order. */
  readonly problems: readonly ChainProblem[];
}

interface HeadRow {
  last_seq: number | bigint;
  last_hash: Uint8Array | null;
  anchor_seq: number | bigint;
  anchor_hash: Uint8Array | null;
}

/**
 * Recomputes the org's hash chain and reports any deletion, change or reordering. Runs as the
 * app role through `withTenant`, so an org can verify only its own records.
 *
 * @example
 * ```ts
 * const result = await verifyChain(store, 'acme', { auditSecret });
 * if (!result.valid) alert(result.problems);   // e.g. { seq: 42, kind: 'gap', message: 'seq 41 missing…' }
 * ```
 */
export async function verifyChain(store: GatehouseStore, orgId: string, options: VerifyChainOptions = {}): Promise<ChainVerification> {
  assertOrgId(orgId);
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('verifyChain(store, orgId, options): options must be an object.');
  const schema = quoteIdentifier(store.schema);
  const keys = options.auditSecret === undefined ? undefined : toAuditKeys(options.auditSecret);
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw new GatehouseTypeError('options.pageSize must be an integer from 1 to 10000.');

  const head = await withTenant(store, orgId, (trx) =>
    auditTrx(trx).selectFrom('audit_chains').select(['last_seq', 'last_hash', 'anchor_seq', 'anchor_hash']).executeTakeFirst(),
  ) as HeadRow | undefined;
  const anchorSeq = head === undefined ? 0 : toNumber(head.anchor_seq);
  const lastSeq = head === undefined ? 0 : toNumber(head.last_seq);
  const verifier = new ChainVerifier(orgId, { seq: anchorSeq, hash: head?.anchor_hash ?? null }, keys);

  // Pages up to the head as read above; records appended meanwhile belong to a later check.
  let after = anchorSeq;
  for (;;) {
    const rows = await withTenant(store, orgId, (trx) =>
      auditTrx(trx).selectFrom('decisions').select(RECORD_COLUMNS).where('seq', '>', after).where('seq', '<=', lastSeq).orderBy('seq').limit(pageSize).execute(),
    );
    for (const row of rows) verifier.add(rowToRecord(row));
    if (rows.length < pageSize) break;
    after = toNumber(rows[rows.length - 1]!.seq);
  }
  verifier.expectEnd(lastSeq, head?.last_hash ?? null, 'The chain head');

  // Rows past the head: no writer leaves them (rows and head commit together), so someone
  // inserted them by hand. One statement, one snapshot: a concurrent append is not counted.
  const beyond = await withTenant(store, orgId, (trx) =>
    sql<{ n: number }>`select count(*)::int as n from ${sql.raw(schema)}.decisions d
      where d.seq > coalesce((select last_seq from ${sql.raw(schema)}.audit_chains), 0)`.execute(trx),
  );
  const extra = beyond.rows[0]?.n ?? 0;
  if (extra > 0) verifier.problem(null, 'beyond_head', `${extra} record(s) lie beyond the chain head: they were inserted outside the audit writer.`);

  return {
    valid: verifier.problems.length === 0 && !verifier.truncated,
    orgId,
    checked: verifier.checked,
    anchorSeq,
    lastSeq: verifier.lastSeq,
    lastHash: toHex(verifier.lastHash),
    problems: verifier.problems,
  };
}
