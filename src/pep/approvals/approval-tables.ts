/**
 * Kysely types for the approval columns as migration 0005 leaves them (new states, `outcome`,
 * `justification`); the tenancy layer's `GatehouseDatabase` describes them as 0002 created them.
 */
import type { ColumnType, Transaction } from 'kysely';
import type { CreatedAt, JsonColumnWithDefault, Timestamp } from '../../tenancy/database-schema.js';
import type { TenantTransaction } from '../../tenancy/with-tenant.js';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'overridden'] as const;
/** `pending` until a reviewer decides, it expires, or an admin overrides it. */
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** What the approval means for the call: `allow` only after an approval (or an override to allow). */
export type ApprovalOutcome = 'allow' | 'deny';

export interface ApprovalRow {
  org_id: string;
  approval_id: string;
  decision_id: string | null;
  status: ColumnType<ApprovalStatus, ApprovalStatus | undefined, ApprovalStatus>;
  requested_by: string | null;
  reason: string | null;
  request: JsonColumnWithDefault;
  decided_by: string | null;
  decided_at: Timestamp | null;
  expires_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  outcome: ApprovalOutcome | null;
  justification: string | null;
}

export type ApprovalEventKind = 'requested' | ApprovalStatus;

export interface ApprovalEventRow {
  org_id: string;
  event_id: ColumnType<number | bigint, never, never>;
  approval_id: string;
  event: ApprovalEventKind;
  actor: string | null;
  detail: JsonColumnWithDefault<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface ApprovalDatabase {
  approvals: ApprovalRow;
  approval_events: ApprovalEventRow;
}

/** The same transaction, typed with the 0005 columns. */
export function approvalTables(trx: TenantTransaction): Transaction<ApprovalDatabase> {
  return trx as unknown as Transaction<ApprovalDatabase>;
}
