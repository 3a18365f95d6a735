/**
 * Where a data subject appears in each customer table, and what erasure does there.
 *
 * Two nets keep it complete: the type requires an entry for every table in `TENANT_TABLES`, and
 * `eraseSubject()` refuses to run when the database has a table with an `org_id` column that
 * has no entry here (a table added by a migration without a plan). Entries for tables that the
 * database lacks are skipped.
 */
import type { TENANT_TABLES } from '../tenancy/database-schema.js';

/** The placeholder written where a column cannot be NULL (NOT NULL, or a CHECK needs a value). */
export const ERASED_PLACEHOLDER = '[erased]';

export type ErasureStep =
  /** Delete the rows whose `match` column is the subject. */
  | { readonly kind: 'delete'; readonly match: string }
  /** Set `columns` to NULL in the rows whose `match` column is the subject; the rows stay. */
  | { readonly kind: 'clear'; readonly match: string; readonly columns: readonly string[] }
  /** Set `match` to {@link ERASED_PLACEHOLDER} where it is the subject (columns that must keep a value). */
  | { readonly kind: 'replace'; readonly match: string }
  /** A column whose name suggests a person but which holds something else; nothing to do. */
  | { readonly kind: 'keep'; readonly match: string; readonly why: string };

export type ErasableTable = (typeof TENANT_TABLES)[number] | 'audit_chains';

type Plan = { readonly [T in ErasableTable]: readonly ErasureStep[] } & { readonly [table: string]: readonly ErasureStep[] };

export const ERASURE_PLAN = {
  // Audit rows are retained (they are the evidence); the raw id and text go, the digests that
  // the chain covers stay.
  decisions: [{ kind: 'clear', match: 'user_id', columns: ['user_id', 'redacted_text'] }],
  // Approval events are history of someone else's request too: only the subject's name goes.
  approval_events: [{ kind: 'clear', match: 'actor', columns: ['actor'] }],
  // The subject's own requests go, with their events (ON DELETE CASCADE); approvals they
  // decided for others stay, without their name.
  approvals: [
    { kind: 'delete', match: 'requested_by' },
    { kind: 'clear', match: 'decided_by', columns: ['decided_by'] },
  ],
  role_bindings: [{ kind: 'delete', match: 'subject_id' }],
  policies: [{ kind: 'clear', match: 'created_by', columns: ['created_by'] }],
  // An open breaker must say who tripped it, and breaker history always names an actor.
  breakers: [{ kind: 'replace', match: 'tripped_by' }],
  breaker_events: [{ kind: 'replace', match: 'actor' }],
  api_keys: [{ kind: 'keep', match: 'replaced_by', why: 'the id of the key that replaced this one, not a person' }],
  // No column of these refers to a person.
  credentials: [],
  roles: [],
  audit_chains: [],
} as const satisfies Plan;
