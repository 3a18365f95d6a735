/**
 * Shared by the adapter-audit suites: a migrated test store with the real audit writer (sync,
 * keeping redacted text so that the "no raw value stored" checks have something to search) and
 * the store-backed approval service; reading decisions back by id with `queryAuditRecords`;
 * a reviewer who approves; and the checks every suite ends with (no raw value anywhere in the
 * org's stored decisions or approvals, and the chain verifies).
 */
import { sql } from 'kysely';
import { expect } from 'vitest';
import { createAuditWriter, queryAuditRecords, verifyChain, type AuditWriter, type StoredAuditRecord } from '../../../src/audit/index.js';
import { createApprovalService, type ApprovalRecord, type ApprovalService } from '../../../src/pep/approvals/index.js';
import { actor, eventually, recordingLogger } from './pep-test-kit.js';
import { openTestStore, type TestStore } from './test-store.js';

export const ORG = 'acme';
/** A reviewer with `hitl:approve` (the built-in `approver` role), not the requester. */
export const REVIEWER = actor(ORG, ['approver'], 'lead@acme.example');
const AUDIT_SECRET = 'adapter-audit-test-secret-at-least-32-bytes';

export interface AuditedStore {
  store: TestStore;
  audit: AuditWriter;
  approvals: ApprovalService;
  close(): Promise<void>;
}

/**
 * A fresh store with the audit writer an adapter records into (sync: a call fails closed when
 * its decision is not committed) and the approval service reviewers use.
 */
export async function openAuditedStore(): Promise<AuditedStore> {
  const store = await openTestStore();
  const audit = await createAuditWriter(store, { auditSecret: AUDIT_SECRET, mode: 'sync', storeRedactedText: true });
  // PGlite has no LISTEN/NOTIFY: waiters poll, so keep the interval short.
  const approvals = createApprovalService(store, { pollIntervalMs: 20, logger: recordingLogger() });
  return {
    store, audit, approvals,
    async close() {
      await approvals.close();
      await audit.close();
      await store.dispose();
    },
  };
}

/** All of the org's audit records, oldest first, read page by page through `queryAuditRecords`. */
export async function auditTrail(store: TestStore, orgId = ORG): Promise<StoredAuditRecord[]> {
  const records: StoredAuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryAuditRecords(store, orgId, { limit: 1000, ...(cursor ? { cursor } : {}) });
    records.push(...page.records);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return records;
}

/** The stored record of the decision the adapter reported, found by its decision id. */
export async function auditedDecision(store: TestStore, decisionId: string, orgId = ORG): Promise<StoredAuditRecord> {
  expect(decisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const record = (await auditTrail(store, orgId)).find((r) => r.decisionId === decisionId);
  if (!record) throw new Error(`decision ${decisionId} is not in ${orgId}'s audit trail`);
  return record;
}

/** The records of one trace (the input and output decisions of one call), oldest first, as `stage:verdict`. */
export async function tracedVerdicts(store: TestStore, traceId: string | null, orgId = ORG): Promise<string[]> {
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  return (await auditTrail(store, orgId)).filter((r) => r.traceId === traceId).map((r) => `${r.stage}:${r.verdict}`);
}

/**
 * Runs `call` and returns what it resolved (or threw) with the audit records it added, for
 * adapters that do not hand back a decision id on success (a Server Action returns its result).
 */
export async function recordedBy<T>(store: TestStore, call: () => Promise<T>, orgId = ORG): Promise<{ outcome: T | unknown; records: StoredAuditRecord[] }> {
  const before = (await auditTrail(store, orgId)).length;
  const outcome = await call().catch((error: unknown) => error);
  return { outcome, records: (await auditTrail(store, orgId)).slice(before) };
}

/** The ids of the policies that matched, as the record keeps them. */
export function matchedPolicies(record: StoredAuditRecord): string[] {
  return record.evaluatedPolicies.filter((p) => p.matched).map((p) => p.id);
}

/**
 * Waits until the org has a pending approval and approves it as {@link REVIEWER}. The caller
 * settles every other approval first: the one waiting must be the only one pending.
 */
async function approveWhenPending(approvals: ApprovalService, orgId = ORG): Promise<ApprovalRecord> {
  const pending = await eventually(async () => {
    const list = await approvals.list(orgId, { status: 'pending' });
    return list.length > 0 ? list : undefined;
  }, 10_000, 20);
  expect(pending).toHaveLength(1);
  return approve(approvals, pending[0]!.approvalId, orgId);
}

/**
 * Starts `call`, which holds until its approval is settled (`approval: 'wait'`), approves that
 * approval as {@link REVIEWER} once it is pending, and returns what the call resolved with.
 */
export async function approvedWhileWaiting<T>(approvals: ApprovalService, call: () => Promise<T>, orgId = ORG): Promise<{ result: T; approval: ApprovalRecord }> {
  const pending = call();
  // Awaited below; until then, an early failure must not count as unhandled.
  pending.catch(() => undefined);
  const approval = await approveWhenPending(approvals, orgId);
  return { result: await pending, approval };
}

export function approve(approvals: ApprovalService, approvalId: string, orgId = ORG): Promise<ApprovalRecord> {
  return approvals.approve({ orgId, approvalId, reviewer: REVIEWER, justification: 'verified with the customer by phone' });
}

/** Every stored row of the org's decisions, approvals and approval history, as JSON text (read as the superuser). */
async function storedRowsText(store: TestStore, orgId: string): Promise<string> {
  const texts: string[] = [];
  for (const table of ['decisions', 'approvals', 'approval_events']) {
    const { rows } = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.raw(`"${store.schema}"."${table}"`)} t where org_id = ${orgId}`.execute(store.admin);
    texts.push(...rows.map((r) => r.row));
  }
  return texts.join('\n');
}

/**
 * The suite's closing checks: none of `rawValues` is stored anywhere in the org's decisions or
 * approvals (only masks, tokens, counts and digests), and the org's hash chain verifies.
 */
export async function expectSoundTrail(store: TestStore, rawValues: readonly string[], orgId = ORG): Promise<void> {
  const stored = await storedRowsText(store, orgId);
  expect(stored.length).toBeGreaterThan(0);
  for (const value of rawValues) expect(stored).not.toContain(value);
  const verification = await verifyChain(store, orgId, { auditSecret: AUDIT_SECRET });
  expect(verification).toMatchObject({ valid: true });
}

/** POSTs a one-message chat body as JSON, as user `u1` unless `headers` say otherwise, and reads the JSON reply. */
export async function postChat(url: string, content: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Record<string, any> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'u1', ...headers },
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content }] }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/**
 * The approval round trip of the HTTP adapters (Express, Next): the POST is answered 202 with
 * an approval bound to its stored `require_approval` decision; a reviewer approves it; the same
 * POST with the approval id in `approvalHeader` goes through, its input and output decisions
 * under one trace. Returns the resumed response.
 */
export async function expectHttpApprovalRoundTrip(db: AuditedStore, url: string, content: string, approvalHeader: string): Promise<Awaited<ReturnType<typeof postChat>>> {
  const first = await postChat(url, content);
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({ status: 'pending_approval', decision_id: expect.any(String), approval_id: expect.any(String) });
  const pending = await auditedDecision(db.store, first.body.decision_id);
  expect(pending).toMatchObject({ stage: 'input', verdict: 'require_approval' });
  expect(matchedPolicies(pending)).toEqual(['refunds']);
  expect(await db.approvals.get(ORG, first.body.approval_id)).toMatchObject({ status: 'pending', decisionId: first.body.decision_id, requestedBy: 'u1' });
  expect(await approve(db.approvals, first.body.approval_id)).toMatchObject({ status: 'approved', reviewer: REVIEWER.id });

  const resumed = await postChat(url, content, { [approvalHeader]: first.body.approval_id });
  expect(resumed.status).toBe(200);
  const input = await auditedDecision(db.store, resumed.body.decision_id);
  expect(await tracedVerdicts(db.store, input.traceId)).toEqual(['input:require_approval', 'output:allow']);
  return resumed;
}
