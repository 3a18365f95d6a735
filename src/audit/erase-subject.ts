/**
 * GDPR erasure (Art. 17) of one data subject within one org, in one transaction as the
 * platform admin: the app role cannot delete or rewrite audit rows, and must not be able to.
 */
import { sql } from 'kysely';
import { GatehouseTypeError, InvalidOptionError } from '../errors.js';
import { uuidv7 } from '../pdp/uuidv7.js';
import { quoteIdentifier } from '../tenancy/identifiers.js';
import { assertOrgId } from '../tenancy/org-id.js';
import type { GatehouseStore } from '../tenancy/store.js';
import { withPlatformAdmin } from '../tenancy/with-platform-admin.js';
import type { TenantTransaction } from '../tenancy/with-tenant.js';
import { appendRecords, lockChainHead } from './append-records.js';
import { toAuditKeys, type AuditKeys, type AuditSecret } from './audit-keys.js';
import type { AuditRecord } from './audit-record.js';
import { toHex } from './bytes.js';
import { ERASED_PLACEHOLDER, ERASURE_PLAN, type ErasureStep } from './erasure-plan.js';
import { ErasurePlanIncompleteError } from './errors.js';

/** The stage of the audit record that an erasure leaves in the org's chain. */
export const ERASURE_STAGE = 'gdpr_erasure';

export interface EraseSubjectOptions {
  /** The subject's user id, as the org's requests carried it. */
  userId: string;
  /** The audit secret (or keys): the erasure record carries the subject's keyed digest. */
  auditSecret: AuditSecret | AuditKeys;
  /** A reference to the erasure request (ticket id, trace id), kept in the erasure record's trace_id. */
  requestRef?: string;
}

export interface ErasureResult {
  readonly orgId: string;
  /** Hex HMAC of the user id under the org's key: the subject's pseudonym in the chain. */
  readonly userDigest: string;
  /** Rows deleted, cleared or replaced, per table of the schema. */
  readonly rows: Readonly<Record<string, number>>;
  /** The seq of the erasure's own audit record. */
  readonly erasureSeq: number;
}

/**
 * Removes a data subject from every customer table of the org: rows that are theirs are deleted,
 * their id is cleared where a row is also someone else's, and their audit records keep only the
 * keyed digests (the chain covers those, so `verifyChain()` still passes). Records the erasure
 * itself in the chain (stage `gdpr_erasure`, the subject's digest, no raw id). Columns that must
 * keep a value (an open breaker's `tripped_by`) get the placeholder `[erased]`.
 *
 * @throws ErasurePlanIncompleteError when the schema has a customer table that `ERASURE_PLAN`
 *   does not cover: nothing is erased until the plan says what to do there.
 *
 * Flush audit writers first: a record still queued for the subject is written after the erasure.
 *
 * @example
 * ```ts
 * const result = await eraseSubject(store, 'acme', { userId: 'user-42', auditSecret, requestRef: 'DSR-1187' });
 * result.rows;  // { decisions: 311, approvals: 2, role_bindings: 1, ... }
 * (await verifyChain(store, 'acme')).valid; // true
 * ```
 */
/** Tables of the schema with an `org_id` column: the customer tables, as the database has them. */
async function tenantTables(trx: TenantTransaction, schema: string): Promise<Set<string>> {
  const { rows } = await sql<{ table: string }>`
    select c.relname::text as table from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
     where n.nspname = ${schema} and c.relkind in ('r', 'p')`.execute(trx);
  return new Set(rows.map((row) => row.table));
}

export async function eraseSubject(store: GatehouseStore, orgId: string, options: EraseSubjectOptions): Promise<ErasureResult> {
  assertOrgId(orgId);
  if (typeof options !== 'object' || options === null) throw new GatehouseTypeError('eraseSubject(store, orgId, options): options must be an object with userId and auditSecret.');
  const { userId, requestRef } = options;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 1024 || userId.includes('\0')) {
    throw new InvalidOptionError('options.userId must be the subject\'s user id: 1 to 1024 characters, no NUL.');
  }
  if (requestRef !== undefined && (typeof requestRef !== 'string' || requestRef.length === 0 || requestRef.length > 1024 || requestRef.includes('\0'))) {
    throw new InvalidOptionError('options.requestRef must be 1 to 1024 characters, no NUL.');
  }
  const keys = toAuditKeys(options.auditSecret);
  const userDigest = keys.digest(orgId, 'user', userId);
  const schema = quoteIdentifier(store.schema);

  return withPlatformAdmin(store, async (trx) => {
    // Writers of this org wait until the erasure commits, so none slips a record in between.
    await lockChainHead(trx, store.schema, orgId);
    const present = await tenantTables(trx, store.schema);
    const unplanned = [...present].filter((table) => !Object.hasOwn(ERASURE_PLAN, table));
    if (unplanned.length > 0) throw new ErasurePlanIncompleteError(unplanned);
    const rows: Record<string, number> = {};
    for (const [table, steps] of Object.entries(ERASURE_PLAN) as [string, readonly ErasureStep[]][]) {
      if (!present.has(table)) continue; // a table this database does not have
      rows[table] = 0;
      for (const step of steps) {
        if (step.kind === 'keep') continue;
        // Table and column names come from the constant plan above, never from input.
        const target = sql.raw(`${schema}.${quoteIdentifier(table)}`);
        const match = sql.raw(quoteIdentifier(step.match));
        const statement =
          step.kind === 'delete'
            ? sql`delete from ${target} where org_id = ${orgId} and ${match} = ${userId}`
            : step.kind === 'replace'
              ? sql`update ${target} set ${match} = ${ERASED_PLACEHOLDER} where org_id = ${orgId} and ${match} = ${userId}`
              : sql`update ${target} set ${sql.raw(step.columns.map((c) => `${quoteIdentifier(c)} = null`).join(', '))} where org_id = ${orgId} and ${match} = ${userId}`;
        const result = await statement.execute(trx);
        rows[table] += Number(result.numAffectedRows ?? 0n);
      }
    }
    const record: AuditRecord = {
      decisionId: uuidv7(),
      orgId,
      clientId: null,
      userId: null,
      userDigest,
      stage: ERASURE_STAGE,
      verdict: 'allow',
      evaluatedPolicies: [],
      findingCounts: {},
      inputDigest: null,
      redactedText: null,
      textDigest: null,
      createdAt: new Date(),
      durationUs: 0,
      traceId: requestRef ?? null,
      policySetVersion: null,
    };
    const appended = await appendRecords(trx, store.schema, orgId, [record]);
    return { orgId, userDigest: toHex(userDigest), rows, erasureSeq: appended.head.lastSeq };
  });
}
