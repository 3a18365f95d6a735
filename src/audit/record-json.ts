/**
 * The two JSON columns of an audit record (`evaluated_policies`, `finding_counts`) as the
 * canonical text the hash covers and the INSERT sends. Computed once per record, when its batch
 * is first prepared, and remembered: a batch prepared again (another head under the lock, a
 * retry, a split) reuses the text instead of encoding it again.
 */
import type { AuditRecord } from './audit-record.js';
import { canonicalJson } from './canonical-json.js';

/** Canonical JSON of a record's `evaluatedPolicies` and `findingCounts`. */
export interface RecordJson {
  readonly policies: string;
  readonly counts: string;
}

// Records are never changed once made (toAuditRecord builds them; the writer only reads them),
// so the text stays right for as long as the record lives.
const memo = new WeakMap<AuditRecord, RecordJson>();

/**
 * The record's JSON columns, encoded on the first call and remembered for the record's lifetime.
 *
 * @example
 * ```ts
 * const { policies, counts } = recordJson(record); // '[{"action":"allow","id":"p1","matched":false}]', '{}'
 * ```
 */
export function recordJson(record: AuditRecord): RecordJson {
  let json = memo.get(record);
  if (json === undefined) {
    json = { policies: canonicalJson(record.evaluatedPolicies), counts: canonicalJson(record.findingCounts) };
    memo.set(record, json);
  }
  return json;
}
