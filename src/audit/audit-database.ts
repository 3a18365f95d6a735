/**
 * Kysely types for the audit columns and table that `migrations/0003_audit_chain.sql` adds.
 * The tenancy layer's `GatehouseDatabase` predates them; `auditTrx()` views a transaction
 * through these types.
 */
import type { ColumnType, Transaction } from 'kysely';
import type { DecisionsTable, GatehouseDatabase, Timestamp } from '../tenancy/database-schema.js';

export interface AuditDecisionsTable extends DecisionsTable {
  user_digest: Uint8Array | null;
  text_digest: Uint8Array | null;
}

/** One row per org: the chain head, the retention anchor and the legal hold. */
export interface AuditChainsTable {
  org_id: string;
  last_seq: ColumnType<number | bigint, number | undefined, number>;
  last_hash: Uint8Array | null;
  anchor_seq: ColumnType<number | bigint, number | undefined, number>;
  anchor_hash: Uint8Array | null;
  anchored_at: Timestamp | null;
  legal_hold: ColumnType<boolean, boolean | undefined, boolean>;
  legal_hold_reason: string | null;
  legal_hold_since: Timestamp | null;
}

export interface AuditDatabase extends Omit<GatehouseDatabase, 'decisions'> {
  decisions: AuditDecisionsTable;
  audit_chains: AuditChainsTable;
}

/** The same transaction, typed with the audit columns. */
export function auditTrx(trx: Transaction<GatehouseDatabase>): Transaction<AuditDatabase> {
  return trx as unknown as Transaction<AuditDatabase>;
}

/** A bigint column as a number; seq and counts stay far below 2^53. */
export function toNumber(value: number | bigint | string): number {
  return typeof value === 'number' ? value : Number(value);
}
