/**
 * Appends records to an org's chain inside the caller's transaction.
 *
 * Serialisation: the first statement upserts the org's `audit_chains` row, which locks it until
 * the transaction ends. A second writer of the same org (another pool connection, another
 * process) waits there and then reads the head this one left, so the chain cannot fork.
 *
 * Round trips: lock-and-read the head; one statement that inserts every row (one jsonb
 * parameter, see decision-rows.ts) and advances the head. Hashes are computed in between, in
 * this process. Rows computed ahead for the head the previous batch left (batch-pipeline.ts)
 * take one round trip: the lock, a check that the head is still that one, and the insert.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import type { GatehouseDatabase } from '../tenancy/database-schema.js';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import type { AuditRecord } from './audit-record.js';
import { toNumber } from './audit-database.js';
import { bytesEqual } from './bytes.js';
import { DECISION_ROW_COLUMNS, decisionRowJson, decisionRowSelect } from './decision-rows.js';
import { hashEncodedRecord } from './record-hash.js';
import { recordJson } from './record-json.js';

/** Most records per append: the writer's largest batch. */
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

/** Statement texts depend only on their kind and the schema: built once per pair. */
const statements = new Map<string, string>();
const MAX_CACHED_STATEMENTS = 64;

function cached(kind: string, schema: string, build: () => string): string {
  const key = `${kind}:${schema}`;
  let text = statements.get(key);
  if (text === undefined) {
    text = build();
    if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
    statements.set(key, text);
  }
  return text;
}

/** Inserts rows `$2` with policy lists `policies` (jsonb arrays, see decision-rows.ts) for org `$1`. */
function insertRows(schema: string, policies: string, from: string, where = ''): string {
  return (
    `insert into ${table(schema, 'decisions')} (${DECISION_ROW_COLUMNS.join(', ')}) ` +
    `select ${decisionRowSelect(`${quoteIdentifier(schema)}.org_id`, policies)} from ${from}jsonb_array_elements($2::jsonb) as r${where}`
  );
}

/**
 * Inserts the rows of `$2` (policy lists `$5`) for org `$1` and advances its head to `$3`,
 * `$4`, only if every row was inserted. Run after lockChainHead.
 */
function appendStatement(schema: string): string {
  return cached('append', schema, () =>
    `with inserted as (${insertRows(schema, '$5', '')} returning 1) ` +
    `update ${table(schema, 'audit_chains')} set last_seq = $3, last_hash = $4 ` +
    'where org_id = $1 and (select count(*) from inserted) = $6 returning last_seq',
  );
}

/**
 * lockChainHead and appendStatement in one round trip, for rows computed ahead: locks the head
 * and, only if it is still `$5`, `$6`, advances it to `$3`, `$4` and inserts the rows (policy
 * lists `$7`). Answers
 * the head after the statement and how many rows it inserted (all, or none: then the head is
 * locked, and the caller computes the rows again for it).
 */
function appendIfHeadStatement(schema: string): string {
  const matches = 'h.last_seq = $5 and h.last_hash = $6';
  return cached('append-if-head', schema, () =>
    `with head as (insert into ${table(schema, 'audit_chains')} as h (org_id) values ($1) on conflict (org_id) do update set ` +
      `last_seq = case when ${matches} then $3 else h.last_seq end, last_hash = case when ${matches} then $4 else h.last_hash end ` +
      'returning last_seq, last_hash), ' +
      `inserted as (${insertRows(schema, '$7', 'head, ', ' where head.last_seq = $3 and head.last_hash = $4')} returning 1) ` +
      'select last_seq, last_hash, (select count(*) from inserted) as appended from head',
  );
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
 * The rows of an append, computed for a given chain head: the rows as JSON text (see
 * decision-rows.ts), the head they lead to, and how many records were skipped as duplicates.
 * Pure, so the writer can compute the next batch while the database is still busy with the
 * current one, and use it if the head it finds under the lock is the one it assumed.
 */
export interface PreparedAppend {
  readonly fromHead: ChainHead;
  readonly head: ChainHead;
  /** A JSON array of the rows, and one of their distinct policy lists, for the INSERT's jsonb parameters. */
  readonly rows: string;
  readonly policies: string;
  readonly inserted: number;
  readonly duplicates: number;
}

const NOTHING_STORED: ReadonlySet<string> = new Set();

export function prepareAppend(orgId: string, records: readonly AuditRecord[], fromHead: ChainHead, stored: ReadonlySet<string> = NOTHING_STORED): PreparedAppend {
  if (records.length > MAX_ROWS_PER_STATEMENT) throw new RangeError(`At most ${MAX_ROWS_PER_STATEMENT} records per append.`);
  const seen = new Set<string>();
  let duplicates = 0;
  const rows: string[] = [];
  const policyLists = new Map<string, number>();
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
    const createdAt = record.createdAt.toISOString();
    const hash = hashEncodedRecord(record, seq, prevHash, json.policies, json.counts, createdAt);
    let policies = policyLists.get(json.policies);
    if (policies === undefined) {
      policies = policyLists.size;
      policyLists.set(json.policies, policies);
    }
    rows.push(decisionRowJson(record, seq, policies, json.counts, createdAt, prevHash, hash));
    inserted++;
    prevHash = hash;
  }
  return { fromHead, head: { lastSeq: seq, lastHash: prevHash }, rows: `[${rows.join(',')}]`, policies: `[${[...policyLists.keys()].join(',')}]`, inserted, duplicates };
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
  let plan = options.prepared;
  let head: ChainHead;
  // Rows computed ahead for a known head (not an org's first records: the app role may not
  // insert a head row with a seq) go in the same round trip as the lock, if the head still fits.
  if (!options.skipStored && plan !== undefined && plan.inserted > 0 && plan.fromHead.lastSeq > 0) {
    const sending = trx.executeQuery(
      CompiledQuery.raw(appendIfHeadStatement(schema), [
        orgId, plan.rows, plan.head.lastSeq, plan.head.lastHash, plan.fromHead.lastSeq, plan.fromHead.lastHash, plan.policies,
      ]),
    );
    options.onPlanned?.(plan.head);
    const row = (await sending).rows[0] as { last_seq: number | bigint | string; last_hash: Uint8Array | null; appended: number | bigint | string } | undefined;
    if (row === undefined) throw new Error(`The audit chain row of org ${orgId} could not be locked.`);
    const appended = toNumber(row.appended);
    head = { lastSeq: toNumber(row.last_seq), lastHash: row.last_hash };
    if (appended === plan.inserted) return { inserted: plan.inserted, duplicates: plan.duplicates, head: plan.head };
    // None inserted means the head had moved on, and was left as it was: anything else is a fault.
    if (appended !== 0 || sameHead(head, plan.head)) throw new Error(`The audit chain head of org ${orgId} was not advanced.`);
  } else {
    head = await lockChainHead(trx, schema, orgId);
  }
  if (options.skipStored || plan === undefined || !sameHead(plan.fromHead, head)) {
    const stored = options.skipStored ? await storedDecisionIds(trx, schema, orgId, records.map((r) => r.decisionId)) : NOTHING_STORED;
    plan = prepareAppend(orgId, records, head, stored);
  }
  if (plan.inserted === 0) return { inserted: 0, duplicates: plan.duplicates, head };
  const inserting = trx.executeQuery(CompiledQuery.raw(appendStatement(schema), [orgId, plan.rows, plan.head.lastSeq, plan.head.lastHash, plan.policies, plan.inserted]));
  options.onPlanned?.(plan.head);
  const { rows } = await inserting;
  if (rows.length !== 1) throw new Error(`The audit chain head of org ${orgId} was not advanced.`);
  return { inserted: plan.inserted, duplicates: plan.duplicates, head: plan.head };
}
