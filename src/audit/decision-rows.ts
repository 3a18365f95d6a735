/**
 * The rows an append inserts, sent as one jsonb parameter: an array with one array per record,
 * which the INSERT unpacks with `jsonb_array_elements`. A batch's distinct `evaluated_policies`
 * lists (most records of a policy set share a few) travel once, in a second jsonb array that
 * rows point into by position.
 *
 * Why not a VALUES list with 19 parameters per row: PostgreSQL then parses and plans a statement
 * with thousands of parameters for every batch, and the drivers serialise each parameter on
 * its own (PGlite's serialisers are slow JavaScript). Two jsonb values cost both far less, and
 * the shared policy lists are parsed once per batch instead of once per row. The stored values
 * are the same: text, the same jsonb, bytea from hex, timestamptz from ISO 8601.
 */
import type { AuditRecord } from './audit-record.js';
import { LONE_SURROGATE } from './audit-record.js';
import { toHex } from './bytes.js';
import { quoteJson } from './canonical-json.js';

/**
 * The INSERT's select list over one row `r`, in the order of {@link DECISION_ROW_COLUMNS};
 * positions match {@link decisionRowJson}. The org id is `$1`, once for the whole batch: typed
 * as the `org_id` domain, it is checked once, not once per row. `policies` is the parameter
 * holding the batch's policy lists (typed jsonb, so parsed once); a position that points
 * nowhere gives NULL, which the NOT NULL column refuses.
 */
export function decisionRowSelect(orgIdType: string, policies: string): string {
  return (
    `$1::${orgIdType}, (r->>0)::bigint, (r->>1)::uuid, r->>2, r->>3, decode(r->>4, 'hex'), r->>5, r->>6, ` +
    `${policies}::jsonb -> (r->>7)::int, r->8, decode(r->>9, 'hex'), r->>10, decode(r->>11, 'hex'), ` +
    "(r->>12)::timestamptz, (r->>13)::bigint, r->>14, r->>15, decode(r->>16, 'hex'), decode(r->>17, 'hex')"
  );
}

/** The columns {@link decisionRowSelect} fills, in order. */
export const DECISION_ROW_COLUMNS = [
  'org_id', 'seq', 'decision_id', 'client_id', 'user_id', 'user_digest', 'stage', 'verdict', 'evaluated_policies',
  'finding_counts', 'input_digest', 'redacted_text', 'text_digest', 'created_at', 'duration_us', 'trace_id',
  'policy_set_version', 'prev_hash', 'hash',
] as const;

const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A text column as a JSON string. A lone surrogate becomes U+FFFD, as it does when a driver
 * sends text as UTF-8 (and as in the hash encoding); JSON.stringify would escape it instead,
 * and jsonb refuses that escape. Values that repeat (client, user, stage…) come from the cache
 * of quoted strings; `unique` ones (decision and trace ids) would only churn it.
 */
function text(value: string | null, unique = false): string {
  if (value === null) return 'null';
  if (ANY_SURROGATE.test(value)) return JSON.stringify(value.replace(LONE_SURROGATE, '\uFFFD'));
  return unique ? JSON.stringify(value) : quoteJson(value);
}

/** A bytea column as a JSON string of hex (`decode(…, 'hex')` reads it). */
function bytes(value: Uint8Array | null): string {
  return value === null ? 'null' : `"${toHex(value)}"`;
}

/** A bigint column: a JSON number for a safe integer, else its String() as JSON text, which the cast reads as it would the parameter. */
function integer(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : JSON.stringify(String(value));
}

/**
 * One record's row (everything but the org id) as a JSON array: `policies` is the position of
 * its policy list in the batch's list of lists, `counts` its canonical `finding_counts` text,
 * embedded as it is (jsonb reads it back to the same value).
 */
export function decisionRowJson(
  record: AuditRecord,
  seq: number,
  policies: number,
  counts: string,
  createdAt: string,
  prevHash: Uint8Array | null,
  hash: Uint8Array,
): string {
  return (
    `[${integer(seq)},${text(record.decisionId, true)},${text(record.clientId)},${text(record.userId)},${bytes(record.userDigest)},` +
    `${text(record.stage)},${text(record.verdict)},${policies},${counts},${bytes(record.inputDigest)},` +
    `${text(record.redactedText, true)},${bytes(record.textDigest)},${text(createdAt, true)},${integer(record.durationUs)},` +
    `${text(record.traceId, true)},${text(record.policySetVersion)},${bytes(prevHash)},${bytes(hash)}]`
  );
}
