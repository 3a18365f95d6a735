/**
 * Kysely table types for the tables in `migrations/`. Both backends return the same JavaScript
 * types (see `type-parsers.ts`): `bigint` columns as `number` (a `bigint` only beyond 2^53),
 * `bytea` as `Uint8Array`, `jsonb` parsed, `timestamptz` as `Date`.
 *
 * `jsonb` columns are written as JSON text (`JSON.stringify(value)`): the pg driver would turn a
 * JavaScript array into a PostgreSQL array, not JSON.
 */
import type { ColumnType, Generated } from 'kysely';

/** A `jsonb` column: parsed on read, JSON text on write. */
export type JsonColumn<T = unknown> = ColumnType<T, string, string>;
/** A `jsonb` column with a database default. */
export type JsonColumnWithDefault<T = unknown> = ColumnType<T, string | undefined, string>;
/** A `timestamptz` column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable `timestamptz` column. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `bigint` column: a `number` unless it is beyond Number.MAX_SAFE_INTEGER. */
export type Int8 = ColumnType<number | bigint, number | bigint | string, number | bigint | string>;

export interface DecisionsTable {
  org_id: string;
  seq: Int8;
  decision_id: string;
  client_id: string | null;
  user_id: string | null;
  stage: string;
  verdict: 'allow' | 'redact' | 'require_approval' | 'deny';
  evaluated_policies: JsonColumnWithDefault;
  finding_counts: JsonColumnWithDefault<Record<string, number>>;
  input_digest: Uint8Array | null;
  redacted_text: string | null;
  created_at: CreatedAt;
  duration_us: ColumnType<number | bigint, number | bigint | undefined, number | bigint>;
  trace_id: string | null;
  policy_set_version: string | null;
  prev_hash: Uint8Array | null;
  hash: Uint8Array;
}

export interface ApprovalsTable {
  org_id: string;
  approval_id: string;
  decision_id: string | null;
  status: ColumnType<'pending' | 'approved' | 'denied' | 'expired' | 'cancelled', 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled' | undefined>;
  requested_by: string | null;
  reason: string | null;
  request: JsonColumnWithDefault;
  decided_by: string | null;
  decided_at: Timestamp | null;
  expires_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ApprovalEventsTable {
  org_id: string;
  event_id: ColumnType<number | bigint, never, never>;
  approval_id: string;
  event: string;
  actor: string | null;
  detail: JsonColumnWithDefault;
  created_at: CreatedAt;
}

export interface BreakersTable {
  org_id: string;
  breaker_key: string;
  state: ColumnType<'closed' | 'open' | 'half_open', 'closed' | 'open' | 'half_open' | undefined>;
  failure_count: Generated<number>;
  opened_at: Timestamp | null;
  updated_at: CreatedAt;
}

export interface ApiKeysTable {
  org_id: string;
  key_id: string;
  name: string;
  key_hash: Uint8Array;
  scopes: JsonColumnWithDefault<string[]>;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface CredentialsTable {
  org_id: string;
  credential_id: string;
  name: string;
  kind: string;
  ciphertext: Uint8Array;
  key_version: Generated<number>;
  created_at: CreatedAt;
  rotated_at: Timestamp | null;
}

export interface RolesTable {
  org_id: string;
  role_name: string;
  description: string | null;
  permissions: JsonColumnWithDefault<string[]>;
  created_at: CreatedAt;
}

export interface RoleBindingsTable {
  org_id: string;
  role_name: string;
  subject_id: string;
  created_at: CreatedAt;
}

export interface PoliciesTable {
  org_id: string;
  policy_set_id: string;
  version: number;
  document: JsonColumn;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
}

/** Every table of the Gatehouse schema, keyed by unqualified name (the store adds the schema). */
export interface GatehouseDatabase {
  decisions: DecisionsTable;
  approvals: ApprovalsTable;
  approval_events: ApprovalEventsTable;
  breakers: BreakersTable;
  api_keys: ApiKeysTable;
  credentials: CredentialsTable;
  roles: RolesTable;
  role_bindings: RoleBindingsTable;
  policies: PoliciesTable;
}

/** The customer-data tables: each has `org_id` and the `tenant_isolation` policy. */
export const TENANT_TABLES = [
  'decisions', 'approvals', 'approval_events', 'breakers', 'api_keys', 'credentials', 'roles', 'role_bindings', 'policies',
  // Added by later migrations; their row types live with the code that owns them
  // (src/audit/audit-database.ts, src/pep/breakers/breaker-tables.ts).
  'audit_chains', 'breaker_events',
] as const;
