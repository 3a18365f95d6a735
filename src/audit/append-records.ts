/**
 * Appends records to an org's chain inside the caller's transaction.
 *
 * Serialisation: the first statement upserts the org's `audit_chains` row, which locks it until
 * the transaction ends. A second writer of the same org (another pool connection, another
 * process) waits there and then reads the head this one left, so the chain cannot fork.
 *
 * Round trips: lock-and-read the head; one statement that inserts every row (multi-row VALUES)
 * and advances the head. Hashes are computed in between, in this process.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import type { GatehouseDatabase } from '../tenancy/database-schema.js';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import type { AuditRecord } from './audit-record.js';
import { toNumber } from './audit-database.js';
import { bytesEqual } from './bytes.js';
import { hashEncodedRecord } from './record-hash.js';
import { recordJson } from './record-json.js';

/** Columns of one inserted row, in VALUES order. */
const INSERT_COLUMNS = [
  'org_id', 'seq', 'decision_id', 'client_id', 'user_id', 'user_digest', 'stage', 'verdict', 'evaluated_policies',
  'finding_counts', 'input_digest', 'redacted_text', 'text_digest', 'created_at', 'duration_us', 'trace_id',
  'policy_set_version', 'prev_hash', 'hash',
] as const;

/** PostgreSQL takes at most 65535 parameters per statement; 19 per row plus 3. */
export const MAX_ROWS_PER_STATEMENT = 3000;

export interface ChainHead {
  lastSeq: number;
  lastHash: Uint8Array | null;
}

export interface AppendResult {
  /** Records inserted (after skipping those already stored). */
  readonly inserted: number;
  /** Records skipped because their decision id was stored already (or repeated in the batch). */
  readonly duplicates: number;
  readonly head: ChainHead;
}

function table(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** The statement text depends only on the schema and the row count: built once per pair. */
const statements = new Map<string, string>();
const MAX_CACHED_STATEMENTS = 64;

/** Inserts `rows` rows (19 parameters each) and advances the head (the last 3 parameters). */
function appendStatement(schema: string, rows: number): string {
  const key = `${rows}:${schema}`;
  let text = statements.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) tuples.push(`(${INSERT_COLUMNS.map((_, c) => `$${r * INSERT_COLUMNS.length + c + 1}`).join(', ')})`);
    const n = rows * INSERT_COLUMNS.length;
    text =
      `with inserted as (insert into ${table(schema, 'decisions')} (${INSERT_COLUMNS.join(', ')}) values ${tuples.join(', ')}) ` +
      `update ${table(schema, 'audit_chains')} set last_seq = $${n + 1}, last_hash = $${n + 2} where org_id = $${n + 3} returning last_seq`;
    if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
    statements.set(key, text);
  }
  return text;
}

/** Upserts and locks the org's chain row; returns the head. */
export async function lockChainHead(trx: Transaction<GatehouseDatabase>, schema: string, orgId: string): Promise<ChainHead> {
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(
      `insert into ${table(schema, 'audit_chains')} as h (org_id) values ($1) ` +
        'on conflict (org_id) do update set last_seq = h.last_seq returning last_seq, last_hash',
      [orgId],
    ),
  );
  const row = rows[0] as { last_seq: number | bigint; last_hash: Uint8Array | null } | undefined;
  if (row === undefined) throw new Error(`The audit chain row of org ${orgId} could not be locked.`);
  return { lastSeq: toNumber(row.last_seq), lastHash: row.last_hash };
}

/** The decision ids among `ids` that the org has stored already. Run after lockChainHead. */
export async function storedDecisionIds(trx: Transaction<GatehouseDatabase>, schema: string, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const placeholders = ids.map((_, i) => `$${i + 2}`).join(', ');
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(`select decision_id::text as id from ${table(schema, 'decisions')} where org_id = $1 and decision_id in (${placeholders})`, [orgId, ...ids]),
  );
  return new Set((rows as { id: string }[]).map((row) => row.id));
}

/**
 * The rows of an append, computed for a given chain head: parameters (19 per row), the head
 * they lead to, and how many records were skipped as duplicates. Pure, so the writer can
 * compute the next batch while the database is still busy with the current one, and use it if
 * the head it finds under the lock is the one it assumed.
 */
export interface PreparedAppend {
  readonly fromHead: ChainHead;
  readonly head: ChainHead;
  readonly params: readonly unknown[];
  readonly inserted: number;
  readonly duplicates: number;
}

const NOTHING_STORED: ReadonlySet<string> = new Set();

export function prepareAppend(orgId: string, records: readonly AuditRecord[], fromHead: ChainHead, stored: ReadonlySet<string> = NOTHING_STORED): PreparedAppend {
  if (records.length > MAX_ROWS_PER_STATEMENT) throw new RangeError(`At most ${MAX_ROWS_PER_STATEMENT} records per append.`);
  const seen = new Set<string>();
  let duplicates = 0;
  const params: unknown[] = [];
  let inserted = 0;
  let seq = fromHead.lastSeq;
  let prevHash = fromHead.lastHash;
  for (const record of records) {
    if (record.orgId !== orgId) throw new RangeError('appendRecords: every record must belong to the org being appended to.');
    if (stored.has(record.decisionId) || seen.has(record.decisionId)) {
      duplicates++;
      continue;
    }
    seen.add(record.decisionId);
    seq += 1;
    const json = recordJson(record);
    const hash = hashEncodedRecord(record, seq, prevHash, json.policies, json.counts);
    params.push(
      orgId, seq, record.decisionId, record.clientId, record.userId, record.userDigest, record.stage, record.verdict,
      json.policies, json.counts, record.inputDigest, record.redactedText,
      record.textDigest, record.createdAt.toISOString(), record.durationUs, record.traceId, record.policySetVersion, prevHash, hash,
    );
    inserted++;
    prevHash = hash;
  }
  return { fromHead, head: { lastSeq: seq, lastHash: prevHash }, params, inserted, duplicates };
}

function sameHead(a: ChainHead, b: ChainHead): boolean {
  return a.lastSeq === b.lastSeq && bytesEqual(a.lastHash, b.lastHash);
}

/**
 * Appends `records` (all of org `orgId`, in order) to the org's chain. Records whose decision id
 * is already stored are skipped when `skipStored` is set (a retry after a COMMIT whose outcome
 * was unknown); repeats within `records` always are. `prepared` is used when it was computed
 * for the head found under the lock, and recomputed otherwise. `onPlanned` learns the head the
 * append will leave as soon as the INSERT is on its way.
 */
export async function appendRecords(
  trx: Transaction<GatehouseDatabase>,
  schema: string,
  orgId: string,
  records: readonly AuditRecord[],
  options: { skipStored?: boolean; prepared?: PreparedAppend; onPlanned?: (head: ChainHead) => void } = {},
): Promise<AppendResult> {
  if (records.length > MAX_ROWS_PER_STATEMENT) throw new RangeError(`At most ${MAX_ROWS_PER_STATEMENT} records per append.`);
  const head = await lockChainHead(trx, schema, orgId);
  let plan = options.prepared;
  if (options.skipStored || plan === undefined || !sameHead(plan.fromHead, head)) {
    const stored = options.skipStored ? await storedDecisionIds(trx, schema, orgId, records.map((r) => r.decisionId)) : NOTHING_STORED;
    plan = prepareAppend(orgId, records, head, stored);
  }
  if (plan.inserted === 0) return { inserted: 0, duplicates: plan.duplicates, head };
  const params = [...plan.params, plan.head.lastSeq, plan.head.lastHash, orgId];
  const inserting = trx.executeQuery(CompiledQuery.raw(appendStatement(schema, plan.inserted), params));
  options.onPlanned?.(plan.head);
  const { rows } = await inserting;
  if (rows.length !== 1) throw new Error(`The audit chain head of org ${orgId} was not advanced.`);
  return { inserted: plan.inserted, duplicates: plan.duplicates, head: plan.head };
}
