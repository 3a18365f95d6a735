/**
 * Kysely types for the breaker columns and table that migration 0005 adds (the tenancy layer's
 * `GatehouseDatabase` describes the tables as 0002 created them).
 */
import type { ColumnType, Transaction } from 'kysely';
import type { BreakerState } from '../../pdp/decision.js';
import type { CreatedAt, JsonColumnWithDefault, Timestamp } from '../../tenancy/database-schema.js';
import type { TenantTransaction } from '../../tenancy/with-tenant.js';

export type BreakerScope = BreakerState['scope'];
export const BREAKER_SCOPES = ['org', 'client', 'policy', 'model', 'tool'] as const satisfies readonly BreakerScope[];

export interface BreakerRow {
  org_id: string;
  scope: ColumnType<BreakerScope, BreakerScope | undefined, BreakerScope>;
  breaker_key: string;
  state: ColumnType<'closed' | 'open' | 'half_open', 'closed' | 'open' | 'half_open' | undefined>;
  failure_count: ColumnType<number, number | undefined, number>;
  opened_at: Timestamp | null;
  updated_at: CreatedAt;
  reason: string | null;
  tripped_by: string | null;
  expires_at: Timestamp | null;
  /** Epoch milliseconds of the recent violations, newest last. */
  violations: JsonColumnWithDefault<number[]>;
}

export type BreakerEventKind = 'tripped' | 'auto_tripped' | 'reset';

export interface BreakerEventRow {
  org_id: string;
  event_id: ColumnType<number | bigint, never, never>;
  scope: BreakerScope;
  breaker_key: string;
  event: BreakerEventKind;
  actor: string;
  reason: string;
  expires_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface BreakerDatabase {
  breakers: BreakerRow;
  breaker_events: BreakerEventRow;
}

/** The same transaction, typed with the 0005 columns. */
export function breakerTables(trx: TenantTransaction): Transaction<BreakerDatabase> {
  return trx as unknown as Transaction<BreakerDatabase>;
}
