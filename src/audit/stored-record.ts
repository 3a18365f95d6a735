/**
 * A record as stored: the audit record plus its place in the chain. Converts database rows
 * to it, so every reader (queries, verification, export) sees one shape.
 */
import type { Selectable } from 'kysely';
import type { EvaluatedPolicy } from '../pdp/decision.js';
import type { AuditRecord } from './audit-record.js';
import { toNumber, type AuditDecisionsTable } from './audit-database.js';

/** An audit record with its chain position: `seq` (1, 2, … per org), `prevHash` and `hash`. */
export interface StoredAuditRecord extends AuditRecord {
  seq: number;
  /** The previous record's hash; null for the org's first record. */
  prevHash: Uint8Array | null;
  /** SHA-256 over this record's fields and `prevHash` (see `hashRecord`). */
  hash: Uint8Array;
}

export type DecisionRow = Selectable<AuditDecisionsTable>;

/** The columns every reader selects, in one place. */
export const RECORD_COLUMNS = [
  'org_id', 'seq', 'decision_id', 'client_id', 'user_id', 'user_digest', 'stage', 'verdict', 'evaluated_policies',
  'finding_counts', 'input_digest', 'redacted_text', 'text_digest', 'created_at', 'duration_us', 'trace_id',
  'policy_set_version', 'prev_hash', 'hash',
] as const satisfies readonly (keyof AuditDecisionsTable)[];

export function rowToRecord(row: DecisionRow): StoredAuditRecord {
  return {
    decisionId: row.decision_id,
    orgId: row.org_id,
    clientId: row.client_id,
    userId: row.user_id,
    userDigest: row.user_digest,
    stage: row.stage,
    verdict: row.verdict,
    evaluatedPolicies: row.evaluated_policies as EvaluatedPolicy[],
    findingCounts: row.finding_counts,
    inputDigest: row.input_digest,
    redactedText: row.redacted_text,
    textDigest: row.text_digest,
    createdAt: row.created_at,
    durationUs: toNumber(row.duration_us),
    traceId: row.trace_id,
    policySetVersion: row.policy_set_version,
    seq: toNumber(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
