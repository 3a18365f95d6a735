/**
 * One line of an evidence export: a stored record as JSON, bytes as lower-case hex, fields in a
 * fixed order. Parsing is strict: a line that does not have exactly this shape is a problem,
 * never silently coerced.
 */
import type { EvaluatedPolicy, Verdict } from '../pdp/decision.js';
import { VERDICTS } from '../pdp/decision.js';
import { fromHex, toHex } from './bytes.js';
import type { StoredAuditRecord } from './stored-record.js';

export function recordToLine(r: StoredAuditRecord): string {
  return JSON.stringify({
    seq: r.seq,
    org_id: r.orgId,
    decision_id: r.decisionId,
    client_id: r.clientId,
    user_id: r.userId,
    user_digest: toHex(r.userDigest),
    stage: r.stage,
    verdict: r.verdict,
    evaluated_policies: r.evaluatedPolicies,
    finding_counts: r.findingCounts,
    input_digest: toHex(r.inputDigest),
    redacted_text: r.redactedText,
    text_digest: toHex(r.textDigest),
    created_at: r.createdAt.toISOString(),
    duration_us: r.durationUs,
    trace_id: r.traceId,
    policy_set_version: r.policySetVersion,
    prev_hash: toHex(r.prevHash),
    hash: toHex(r.hash),
  });
}

const KEYS = [
  'seq', 'org_id', 'decision_id', 'client_id', 'user_id', 'user_digest', 'stage', 'verdict', 'evaluated_policies', 'finding_counts',
  'input_digest', 'redacted_text', 'text_digest', 'created_at', 'duration_us', 'trace_id', 'policy_set_version', 'prev_hash', 'hash',
];

class LineError extends Error {}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new LineError(`${name} must be a string`);
  return v;
}
function strOrNull(v: unknown, name: string): string | null {
  return v === null ? null : str(v, name);
}
function bytesOrNull(v: unknown, name: string): Uint8Array | null {
  if (v === null) return null;
  const bytes = fromHex(v);
  if (bytes === undefined) throw new LineError(`${name} must be lower-case hex or null`);
  return bytes;
}
function count(v: unknown, name: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new LineError(`${name} must be a non-negative integer`);
  return v as number;
}

/** The record on a line, or a message saying what is wrong with the line. */
export function lineToRecord(line: string): StoredAuditRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== KEYS.length || !KEYS.every((k) => Object.hasOwn(o, k))) return `fields must be exactly: ${KEYS.join(', ')}`;
  try {
    const verdict = str(o.verdict, 'verdict');
    if (!(VERDICTS as readonly string[]).includes(verdict)) throw new LineError('verdict is not a verdict');
    if (!Array.isArray(o.evaluated_policies)) throw new LineError('evaluated_policies must be an array');
    if (typeof o.finding_counts !== 'object' || o.finding_counts === null || Array.isArray(o.finding_counts)) throw new LineError('finding_counts must be an object');
    const createdAt = new Date(str(o.created_at, 'created_at'));
    if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== o.created_at) throw new LineError('created_at must be an ISO 8601 UTC time with milliseconds');
    const hash = bytesOrNull(o.hash, 'hash');
    if (hash === null) throw new LineError('hash must not be null');
    return {
      seq: count(o.seq, 'seq'),
      orgId: str(o.org_id, 'org_id'),
      decisionId: str(o.decision_id, 'decision_id'),
      clientId: strOrNull(o.client_id, 'client_id'),
      userId: strOrNull(o.user_id, 'user_id'),
      userDigest: bytesOrNull(o.user_digest, 'user_digest'),
      stage: str(o.stage, 'stage'),
      verdict: verdict as Verdict,
      evaluatedPolicies: o.evaluated_policies as EvaluatedPolicy[],
      findingCounts: o.finding_counts as Record<string, number>,
      inputDigest: bytesOrNull(o.input_digest, 'input_digest'),
      redactedText: strOrNull(o.redacted_text, 'redacted_text'),
      textDigest: bytesOrNull(o.text_digest, 'text_digest'),
      createdAt,
      durationUs: count(o.duration_us, 'duration_us'),
      traceId: strOrNull(o.trace_id, 'trace_id'),
      policySetVersion: strOrNull(o.policy_set_version, 'policy_set_version'),
      prevHash: bytesOrNull(o.prev_hash, 'prev_hash'),
      hash,
    };
  } catch (error) {
    if (error instanceof LineError) return error.message;
    throw error;
  }
}
