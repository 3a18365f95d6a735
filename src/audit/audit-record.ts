/**
 * The audit record: what the store keeps of a decision. Finding types and counts, never
 * values; a keyed digest of the input, never the input; the redacted text only when asked for;
 * never the `restore` obligation (its token map holds the original values).
 */
import type { Decision, EvaluatedPolicy, Verdict } from '../pdp/decision.js';
import { VERDICTS } from '../pdp/decision.js';
import { GatehouseTypeError } from '../errors.js';
import { ORG_ID_PATTERN } from '../org-id-format.js';
import { canonicalJson } from './canonical-json.js';
import { toAuditKeys, type AuditKeys, type AuditSecret } from './audit-keys.js';
import { InvalidAuditRecordError } from './errors.js';

/** A decision as the audit store records it, before it is placed in the org's chain. */
export interface AuditRecord {
  decisionId: string;
  orgId: string;
  clientId: string | null;
  /** The raw user id, for the org's own queries. Erasure sets it to null. */
  userId: string | null;
  /** HMAC-SHA256 of the user id under the org's key. The chain covers this, not `userId`. */
  userDigest: Uint8Array | null;
  /** `input`, `output`, `tool_call`, `tool_result`; `none` for a request too malformed to have one; `gdpr_erasure` for an erasure. */
  stage: string;
  verdict: Verdict;
  evaluatedPolicies: EvaluatedPolicy[];
  /** Finding type → count (SQL-injection categories as `sql:<category>`). Never a value. */
  findingCounts: Record<string, number>;
  /** HMAC-SHA256 of the input under the org's key; null when no input was given. */
  inputDigest: Uint8Array | null;
  /** The redacted text, only when opted in. Erasure sets it to null. */
  redactedText: string | null;
  /** HMAC-SHA256 of `redactedText` under the org's key. The chain covers this, not the text. */
  textDigest: Uint8Array | null;
  /** The decision's timestamp (millisecond precision). */
  createdAt: Date;
  durationUs: number;
  traceId: string | null;
  policySetVersion: string | null;
}

/** Options of {@link toAuditRecord}. */
export interface ToAuditRecordOptions {
  /** The audit secret (32+ bytes) or keys from `createAuditKeys()`. */
  keys: AuditKeys | AuditSecret;
  /** The request input to digest: the prompt text, or the request object (canonical JSON). */
  input?: string | Uint8Array | object;
  /** How long the decision took, in microseconds. Default 0. */
  durationUs?: number;
  /**
   * Keep the redacted text (or redacted messages / tool arguments as JSON). `true`: always;
   * `false`: never; left out: only for decisions carrying an `audit: full` obligation.
   */
  storeRedactedText?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ID_LENGTH = 1024;
/** An unpaired UTF-16 surrogate: UTF-8 (and so PostgreSQL) cannot encode it faithfully. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/** An id the record keeps as text: no NUL (PostgreSQL text cannot hold it), no lone surrogates. */
function optionalId(value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new InvalidAuditRecordError(path, 'must be a string or null');
  if (value.length === 0 || value.length > MAX_ID_LENGTH) throw new InvalidAuditRecordError(path, `must be 1 to ${MAX_ID_LENGTH} characters`);
  if (value.includes('\0') || HAS_LONE_SURROGATE.test(value)) throw new InvalidAuditRecordError(path, 'must not contain NUL or unpaired surrogates');
  return value;
}

/** Free text is kept, not refused: NUL and unpaired surrogates become U+FFFD, which PostgreSQL can store. */
function storableText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\0', '\uFFFD');
}

function findingCounts(decision: Decision): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of decision.findings ?? []) counts[finding.type] = (counts[finding.type] ?? 0) + 1;
  for (const category of decision.sqlCategories ?? []) counts[`sql:${category}`] = (counts[`sql:${category}`] ?? 0) + 1;
  return counts;
}

function evaluatedPolicies(decision: Decision): EvaluatedPolicy[] {
  const list = decision.evaluatedPolicies ?? [];
  if (!Array.isArray(list)) throw new InvalidAuditRecordError('evaluatedPolicies', 'must be an array');
  // Only the three documented fields: nothing else a policy result might carry reaches the store.
  // Written in sorted key order, as canonical JSON lists them, so encoding them need not sort.
  return list.map((p, i) => {
    const id = optionalId(p?.id, `evaluatedPolicies[${i}].id`) ?? '';
    const action = optionalId(p?.action, `evaluatedPolicies[${i}].action`) as EvaluatedPolicy['action'];
    return { action, id, matched: p?.matched === true };
  });
}

function redactedTextOf(decision: Decision, store: boolean | undefined): string | null {
  const wanted = store ?? decision.obligations?.some((o) => o.type === 'audit' && o.level === 'full') ?? false;
  if (!wanted) return null;
  if (typeof decision.redactedText === 'string') return storableText(decision.redactedText);
  if (decision.redactedMessages !== undefined) return storableText(canonicalJson(decision.redactedMessages));
  if (decision.redactedToolArgs !== undefined) return storableText(canonicalJson(decision.redactedToolArgs));
  return null;
}

function createdAtOf(timestamp: unknown): Date {
  const date = typeof timestamp === 'string' ? new Date(timestamp) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw new InvalidAuditRecordError('timestamp', 'must be an ISO 8601 date-time');
  return date;
}

function durationOf(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw new InvalidAuditRecordError('options.durationUs', 'must be a non-negative number of microseconds');
  }
  return Math.round(value);
}

/**
 * The checks of {@link toAuditRecord} that need no keys and cost no digest: the decision's org,
 * id and verdict, the input's type and the duration. The audit thread runs them where `record()`
 * is called, so that a record the writer would refuse is refused there too, not dropped later.
 * Returns the org id.
 *
 * @throws GatehouseTypeError or InvalidAuditRecordError, as toAuditRecord() would.
 * @example
 * ```ts
 * checkAuditable(engine.decide(request), request.text, 180); // 'acme'
 * ```
 */
export function checkAuditable(decision: Decision, input: unknown, durationUs: unknown): string {
  if (typeof decision !== 'object' || decision === null) throw new GatehouseTypeError('The "decision" argument must be a Decision object.');
  const orgId = decision.identity?.orgId;
  if (typeof orgId !== 'string' || !ORG_ID_PATTERN.test(orgId)) {
    throw new InvalidAuditRecordError('identity.orgId', 'must be an org id (1-128 characters of A-Z a-z 0-9 _ . : -); every record belongs to one org\'s chain');
  }
  if (typeof decision.decisionId !== 'string' || !UUID.test(decision.decisionId)) throw new InvalidAuditRecordError('decisionId', 'must be a UUID');
  if (!(VERDICTS as readonly unknown[]).includes(decision.verdict)) throw new InvalidAuditRecordError('verdict', `must be one of ${VERDICTS.join(', ')}`);
  if (input !== undefined && input !== null && typeof input !== 'string' && typeof input !== 'object') {
    throw new GatehouseTypeError('options.input must be a string, a Uint8Array or an object.');
  }
  durationOf(durationUs);
  return orgId;
}

/**
 * Maps a decision to its audit record: digests under the org's key, finding counts without
 * values, the redacted text only when opted in, and nothing of any `restore` obligation.
 *
 * @throws InvalidAuditRecordError when the decision has no org, a malformed id or timestamp.
 *
 * @example
 * ```ts
 * const keys = createAuditKeys(process.env.GATEHOUSE_AUDIT_SECRET!);
 * const decision = engine.decide(request);
 * const record = toAuditRecord(decision, { keys, input: request.text, durationUs: 180 });
 * record.findingCounts; // { credit_card: 1 }
 * record.inputDigest;   // 32-byte HMAC; the text itself is not kept
 * ```
 */
export function toAuditRecord(decision: Decision, options: ToAuditRecordOptions): AuditRecord {
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('toAuditRecord(decision, options): options must be an object with keys.');
  const keys = toAuditKeys(options.keys, 'keys');
  const orgId = checkAuditable(decision, options.input, options.durationUs);
  const userId = optionalId(decision.identity.userId, 'identity.userId');
  const redactedText = redactedTextOf(decision, options.storeRedactedText);
  const input = options.input;
  return {
    decisionId: decision.decisionId.toLowerCase(),
    orgId,
    clientId: optionalId(decision.identity.clientId, 'identity.clientId'),
    userId,
    userDigest: userId === null ? null : keys.digest(orgId, 'user', userId),
    stage: optionalId(decision.stage, 'stage') ?? 'none',
    verdict: decision.verdict,
    evaluatedPolicies: evaluatedPolicies(decision),
    findingCounts: findingCounts(decision),
    inputDigest: input === undefined || input === null ? null : keys.digest(orgId, 'input', input),
    redactedText,
    textDigest: redactedText === null ? null : keys.digest(orgId, 'text', redactedText),
    createdAt: createdAtOf(decision.timestamp),
    durationUs: durationOf(options.durationUs),
    traceId: optionalId(decision.traceId, 'traceId'),
    policySetVersion: optionalId(decision.policySetVersion, 'policySetVersion'),
  };
}
