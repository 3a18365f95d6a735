import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidAuditCursorError, queryAuditRecords, type AuditQuery, type StoredAuditRecord } from '../../src/audit/index.js';
import { InvalidOptionError } from '../../src/errors.js';
import type { Verdict } from '../../src/pdp/decision.js';
import { backend, openTestStore, uniqueName, type TestStore } from './helpers/test-store.js';
import { writeDecisions } from './helpers/audit-fixtures.js';

const VERDICTS: Verdict[] = ['allow', 'redact', 'deny', 'require_approval'];
const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

describe(`audit queries (${backend})`, () => {
  let store: TestStore;
  const org = uniqueName('org');
  const other = uniqueName('other');
  beforeAll(async () => {
    store = await openTestStore();
    // 40 records, one an hour; verdict, user and client cycle with different periods.
    await writeDecisions(store, org, 40, (i) => ({
      verdict: VERDICTS[i % 4]!,
      userId: `user-${i % 5}`,
      clientId: `client-${i % 2}`,
      timestamp: new Date(T0 + i * HOUR),
    }));
    await writeDecisions(store, other, 10, () => ({ userId: 'user-0', clientId: 'client-0', timestamp: new Date(T0) }));
  });
  afterAll(() => store.dispose());

  /** Every page of a query, following the cursors. */
  async function all(orgId: string, query: AuditQuery): Promise<{ records: StoredAuditRecord[]; pages: number }> {
    const records: StoredAuditRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queryAuditRecords(store, orgId, { ...query, cursor });
      pages++;
      records.push(...page.records);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages < 100);
    return { records, pages };
  }

  it('pages through every record once, in seq order, with keyset cursors', async () => {
    const { records, pages } = await all(org, { limit: 7 });
    expect(pages).toBe(6);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(records.every((r) => r.orgId === org)).toBe(true);
  });

  it('pages newest first with order: desc', async () => {
    const { records } = await all(org, { limit: 9, order: 'desc' });
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i));
  });

  it('a page that reaches the end has no next cursor', async () => {
    const first = await queryAuditRecords(store, org, { limit: 40 });
    expect(first.records).toHaveLength(40);
    expect(first.nextCursor).toBeNull();
  });

  it('records appended between pages neither shift nor repeat the pages (newest first)', async () => {
    const busy = uniqueName('busy');
    await writeDecisions(store, busy, 6);
    const first = await queryAuditRecords(store, busy, { order: 'desc', limit: 3 });
    await writeDecisions(store, busy, 4);
    const second = await queryAuditRecords(store, busy, { order: 'desc', limit: 3, cursor: first.nextCursor! });
    expect([...first.records, ...second.records].map((r) => r.seq)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('filters by time range (from inclusive, to exclusive)', async () => {
    const { records } = await all(org, { from: new Date(T0 + 10 * HOUR), to: new Date(T0 + 20 * HOUR).toISOString(), limit: 4 });
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 11));
  });

  it('filters by verdict, one or several', async () => {
    const denies = await all(org, { verdict: 'deny' });
    expect(denies.records).toHaveLength(10);
    expect(new Set(denies.records.map((r) => r.verdict))).toEqual(new Set(['deny']));
    const either = await all(org, { verdict: ['deny', 'redact'], limit: 3 });
    expect(either.records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((s) => [1, 2].includes((s - 1) % 4)));
  });

  it('filters by user and by client, combined with the others', async () => {
    const user = await all(org, { userId: 'user-3', limit: 3 });
    expect(user.records.map((r) => r.seq)).toEqual([4, 9, 14, 19, 24, 29, 34, 39]);
    const both = await all(org, { userId: 'user-3', clientId: 'client-1', verdict: 'require_approval' });
    expect(both.records.map((r) => r.seq)).toEqual([4, 24]);
  });

  it('returns only the org\'s own records, whatever the filters match elsewhere', async () => {
    const mine = await all(other, { userId: 'user-0', clientId: 'client-0' });
    expect(mine.records).toHaveLength(10);
    expect(mine.records.every((r) => r.orgId === other)).toBe(true);
    expect((await all(uniqueName('stranger'), { userId: 'user-0' })).records).toEqual([]);
  });

  it('returns the stored record faithfully', async () => {
    const [record] = (await queryAuditRecords(store, org, { limit: 1 })).records;
    expect(record).toMatchObject({ seq: 1, verdict: 'allow', userId: 'user-0', clientId: 'client-0', stage: 'input', prevHash: null, policySetVersion: 'v1' });
    expect(record!.createdAt.toISOString()).toBe(new Date(T0).toISOString());
    expect(record!.hash).toHaveLength(32);
    expect(record!.userDigest).toHaveLength(32);
    expect(record!.inputDigest).toHaveLength(32);
    expect(record!.evaluatedPolicies).toEqual([{ id: 'cards', matched: false, action: 'allow' }]);
  });

  it('rejects a forged or mismatched cursor and bad filters with typed errors', async () => {
    const page = await queryAuditRecords(store, org, { limit: 5 });
    await expect(queryAuditRecords(store, org, { cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidAuditCursorError);
    await expect(queryAuditRecords(store, org, { cursor: page.nextCursor!, order: 'desc' })).rejects.toMatchObject({ code: 'AUDIT_CURSOR_INVALID' });
    await expect(queryAuditRecords(store, org, { limit: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(queryAuditRecords(store, org, { verdict: 'nope' as never })).rejects.toThrow(/query\.verdict/);
    await expect(queryAuditRecords(store, org, { from: 'last tuesday' })).rejects.toThrow(/query\.from/);
    await expect(queryAuditRecords(store, 'not an org', {})).rejects.toMatchObject({ code: 'INVALID_ORG_ID' });
  });
});
