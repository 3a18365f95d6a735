/**
 * The two JSON columns of an audit record (`evaluated_policies`, `finding_counts`) as the
 * canonical text the hash covers and the INSERT sends. Computed once per record and remembered:
 * the writer encodes a record when it is queued, and a batch prepared again (another head under
 * the lock, a retry, a split) reuses the text instead of encoding it again.
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
 * `canonicalJson()` of the list `toAuditRecord()` makes, `{ id, matched, action }` per policy,
 * written directly (keys in sorted order: action, id, matched). Anything else in the list goes
 * through `canonicalJson()`, so the text is the same either way.
 */
function policiesJson(list: AuditRecord['evaluatedPolicies']): string {
  if (!Array.isArray(list)) return canonicalJson(list);
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as unknown as Record<string, unknown> | null | undefined;
    if (p === null || typeof p !== 'object') return canonicalJson(list);
    const keys = Object.keys(p);
    if (keys.length !== 3 || !keys.includes('id') || !keys.includes('matched') || !keys.includes('action')) return canonicalJson(list);
    const { id, matched, action } = p;
    if (typeof id !== 'string' || typeof matched !== 'boolean' || (action !== null && typeof action !== 'string')) return canonicalJson(list);
    out += `${i > 0 ? ',' : ''}{"action":${action === null ? 'null' : JSON.stringify(action)},"id":${JSON.stringify(id)},"matched":${matched}}`;
  }
  return `${out}]`;
}

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
    json = { policies: policiesJson(record.evaluatedPolicies), counts: canonicalJson(record.findingCounts) };
    memo.set(record, json);
  }
  return json;
}
