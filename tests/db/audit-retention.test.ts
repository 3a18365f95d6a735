import { randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditChainBrokenError, exportEvidence, purgeExpired, setLegalHold, verifyChain, verifyEvidence } from '../../src/audit/index.js';
import { InvalidOptionError } from '../../src/errors.js';
import { asRole, backend, openTestStore, sqlStateOf, uniqueName, type TestStore } from './helpers/test-store.js';
import { asSuperuser, qs, storedRows, writeDecisions } from './helpers/audit-fixtures.js';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

describe(`retention (${backend})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.dispose());

  /** An org with records 100, 90, …, 10 days old (seq 1..10). */
  async function agedOrg(): Promise<string> {
    const org = uniqueName('org');
    await writeDecisions(store, org, 10, (i) => ({ timestamp: daysAgo(100 - i * 10) }));
    return org;
  }

  it('deletes the records past the retention period, and the rest still verifies from the new anchor', async () => {
    const org = await agedOrg();
    const result = await purgeExpired(store, org, { olderThanDays: 45, now: NOW });
    expect(result).toEqual({ orgId: org, purged: 6, legalHold: false, anchorSeq: 6 });
    expect((await storedRows(store, org)).map((r) => r.seq)).toEqual([7, 8, 9, 10]);
    expect(await verifyChain(store, org)).toMatchObject({ valid: true, checked: 4, anchorSeq: 6, lastSeq: 10 });
    // Running it again removes nothing more; new records continue the same chain.
    expect((await purgeExpired(store, org, { olderThanDays: 45, now: NOW })).purged).toBe(0);
    await writeDecisions(store, org, 2);
    expect(await verifyChain(store, org)).toMatchObject({ valid: true, checked: 6, lastSeq: 12 });
  });

  it('an export after a purge starts at the anchor and verifies', async () => {
    const org = await agedOrg();
    await purgeExpired(store, org, { olderThanDays: 75, now: NOW });
    const signingKey = randomBytes(32);
    const { jsonl, manifest } = await exportEvidence(store, org, { signingKey });
    expect(manifest.range).toMatchObject({ first_seq: 4, last_seq: 10 });
    expect(manifest.prev_hash).not.toBeNull();
    expect((await verifyEvidence(jsonl, manifest, await ed.getPublicKeyAsync(signingKey))).valid).toBe(true);
  });

  it('purging everything keeps the head, so the chain continues from it', async () => {
    const org = await agedOrg();
    expect((await purgeExpired(store, org, { olderThanDays: 1, now: NOW })).purged).toBe(10);
    expect(await verifyChain(store, org)).toMatchObject({ valid: true, checked: 0, anchorSeq: 10, lastSeq: 10 });
    await writeDecisions(store, org, 1);
    expect(await verifyChain(store, org)).toMatchObject({ valid: true, checked: 1, lastSeq: 11 });
  });

  it('only ever removes a prefix: a recent record keeps the older-stamped ones after it', async () => {
    const org = uniqueName('org');
    await writeDecisions(store, org, 5, (i) => ({ timestamp: daysAgo([90, 80, 5, 70, 60][i]!) }));
    expect((await purgeExpired(store, org, { olderThanDays: 30, now: NOW })).purged).toBe(2);
    expect((await storedRows(store, org)).map((r) => r.seq)).toEqual([3, 4, 5]);
    expect((await verifyChain(store, org)).valid).toBe(true);
  });

  it('a legal hold stops the purge until it is lifted', async () => {
    const org = await agedOrg();
    const hold = await setLegalHold(store, org, { hold: true, reason: 'Matter 2026-CV-0142' });
    expect(hold).toMatchObject({ orgId: org, active: true, reason: 'Matter 2026-CV-0142' });
    expect(await purgeExpired(store, org, { olderThanDays: 1, now: NOW })).toEqual({ orgId: org, purged: 0, legalHold: true, anchorSeq: 0 });
    expect(await storedRows(store, org)).toHaveLength(10);
    expect(await setLegalHold(store, org, { hold: false })).toMatchObject({ active: false, reason: null, since: null });
    expect((await purgeExpired(store, org, { olderThanDays: 1, now: NOW })).purged).toBe(10);
  });

  it('a hold can be placed before the org has any record, and other orgs are unaffected', async () => {
    const held = uniqueName('held');
    const free = await agedOrg();
    await setLegalHold(store, held, { hold: true, reason: 'pre-emptive' });
    await writeDecisions(store, held, 3, () => ({ timestamp: daysAgo(50) }));
    expect((await purgeExpired(store, held, { olderThanDays: 10, now: NOW })).legalHold).toBe(true);
    expect((await purgeExpired(store, free, { olderThanDays: 5, now: NOW })).purged).toBe(10);
    expect((await verifyChain(store, held)).checked).toBe(3);
  });

  it('the app role can see its hold but not lift it', async () => {
    const org = await agedOrg();
    await setLegalHold(store, org, { hold: true, reason: 'audit' });
    const app = store.roles.app;
    const seen = await asRole(store, app, org, (trx) => sql<{ legal_hold: boolean }>`select legal_hold from ${sql.raw(qs(store))}.audit_chains`.execute(trx));
    expect(seen.rows).toEqual([{ legal_hold: true }]);
    expect(await sqlStateOf(asRole(store, app, org, (trx) => sql`update ${sql.raw(qs(store))}.audit_chains set legal_hold = false`.execute(trx)))).toBe('42501');
  });

  it('refuses to anchor on a record that is missing, and deletes nothing', async () => {
    const org = await agedOrg();
    await asSuperuser(store, `delete from ${qs(store)}.decisions where org_id = '${org}' and seq = 6`);
    const error = await purgeExpired(store, org, { olderThanDays: 45, now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditChainBrokenError);
    expect(error).toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', seq: 6 });
    expect(await storedRows(store, org)).toHaveLength(9);
  });

  it('rejects bad options with typed errors', async () => {
    await expect(purgeExpired(store, 'acme', { olderThanDays: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(purgeExpired(store, 'acme', {} as never)).rejects.toThrow(/olderThanDays/);
    await expect(setLegalHold(store, 'acme', { hold: true })).rejects.toThrow(/reason/);
  });
});
