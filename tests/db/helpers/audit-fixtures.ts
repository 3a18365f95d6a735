/** Decisions, secrets and writers for the audit suites. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Decision, Verdict } from '../../../src/pdp/decision.js';
import { uuidv7 } from '../../../src/pdp/uuidv7.js';
import { createAuditWriter, type AuditWriter, type AuditWriterOptions } from '../../../src/audit/index.js';
import type { GatehouseStore } from '../../../src/tenancy/index.js';

export const AUDIT_SECRET = randomBytes(32);

export interface DecisionFields {
  verdict?: Verdict;
  userId?: string | null;
  clientId?: string | null;
  timestamp?: string | Date;
  stage?: Decision['stage'];
  redactedText?: string;
  traceId?: string;
}

/** A plausible decision of `orgId`, as decide() makes them. */
export function makeDecision(orgId: string, fields: DecisionFields = {}): Decision {
  const verdict = fields.verdict ?? 'allow';
  const timestamp = fields.timestamp instanceof Date ? fields.timestamp.toISOString() : (fields.timestamp ?? new Date().toISOString());
  return {
    decisionId: uuidv7(),
    verdict,
    reasons: [],
    evaluatedPolicies: [{ id: 'cards', matched: verdict !== 'allow', action: verdict === 'deny' ? 'block' : verdict === 'allow' ? 'allow' : verdict }],
    findings: verdict === 'allow' ? [] : [{ type: 'credit_card', start: 5, end: 24, confidence: 0.95, source: 'text' }],
    obligations: [],
    timestamp,
    stage: fields.stage === undefined ? 'input' : fields.stage,
    identity: { orgId, clientId: fields.clientId === undefined ? 'web' : fields.clientId, userId: fields.userId === undefined ? 'user-1' : fields.userId },
    policySetVersion: 'v1',
    ...(fields.redactedText === undefined ? {} : { redactedText: fields.redactedText }),
    ...(fields.traceId === undefined ? {} : { traceId: fields.traceId }),
  };
}

/** A writer with fast timers for tests; closes with the store's disposal if the test forgets. */
export function testWriter(store: GatehouseStore, options: Partial<AuditWriterOptions> = {}): Promise<AuditWriter> {
  return createAuditWriter(store, { auditSecret: AUDIT_SECRET, flushIntervalMs: 5, retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...options });
}

/** Records `n` decisions of `orgId` and waits until they are written. */
export async function writeDecisions(
  store: GatehouseStore,
  orgId: string,
  n: number,
  fields: DecisionFields | ((i: number) => DecisionFields) = {},
  options: Partial<AuditWriterOptions> = {},
): Promise<Decision[]> {
  const writer = await testWriter(store, options);
  const decisions = Array.from({ length: n }, (_, i) => makeDecision(orgId, typeof fields === 'function' ? fields(i) : fields));
  try {
    for (const decision of decisions) await writer.record(decision, { input: `prompt ${decision.decisionId}` });
  } finally {
    await writer.close();
  }
  return decisions;
}

/** Runs raw SQL as the migrating superuser (store.admin): it bypasses RLS and every grant. */
export async function asSuperuser(store: GatehouseStore, text: string): Promise<void> {
  await sql.raw(text).execute(store.admin);
}

/** `"schema"`, for raw SQL. */
export function qs(store: GatehouseStore): string {
  return `"${store.schema}"`;
}

/** Rows of the org's decisions table, read as the superuser. */
export async function storedRows(store: GatehouseStore, orgId: string): Promise<{ seq: number; decision_id: string; user_id: string | null; redacted_text: string | null }[]> {
  const { rows } = await sql<{ seq: number; decision_id: string; user_id: string | null; redacted_text: string | null }>`
    select seq, decision_id::text as decision_id, user_id, redacted_text from ${sql.raw(qs(store))}.decisions where org_id = ${orgId} order by seq`.execute(store.admin);
  return rows;
}

/**
 * Holds the org's chain-head row locked in an open admin transaction, so that writers of the org
 * stall (on PGlite, every other query waits too) until `release()`.
 */
export async function holdChainLock(store: GatehouseStore, orgId: string): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = store.admin.transaction().execute(async (trx) => {
    await sql`insert into ${sql.raw(qs(store))}.audit_chains (org_id) values (${orgId}) on conflict do nothing`.execute(trx);
    await sql`select 1 from ${sql.raw(qs(store))}.audit_chains where org_id = ${orgId} for update`.execute(trx);
    locked();
    await released;
  });
  await isLocked;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}
