import { afterAll, describe, expect, it } from 'vitest';
import { createGatehouse, PolicyDeniedError, InvalidOptionError } from '../../src/index.js';
import { openTestStore, type TestStore } from './helpers/test-store.js';

const policies = { policies: [
  { id: 'cards', kind: 'detector' as const, types: { credit_card: { action: 'redact' as const, style: 'label' as const } } },
  { id: 'keys', kind: 'detector' as const, types: { aws_access_key_id: { action: 'block' as const } } },
] };

describe('createGatehouse(): store-backed audit, breakers and approvals', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  const stores: TestStore[] = [];
  afterAll(async () => {
    for (const g of opened) await g.close();
    for (const s of stores) await s.dispose();
  });

  it('guards a call, records both decisions in the audit trail, and denies what policy blocks', async () => {
    const store = await openTestStore();
    stores.push(store);
    // A store passed in is the caller's: close() leaves it open.
    const gh = await createGatehouse({ policies, store, auditSecret: 'test-audit-secret-that-is-long-enough-000', audit: 'sync' });
    opened.push(gh);
    const seen: string[] = [];
    const reply = await gh.guard({ orgId: 'acme', userId: 'u1' }, { messages: [{ role: 'user', content: 'card 4111 1111 1111 1111' }] }, async (safe) => {
      seen.push(String(safe.messages![0]!.content));
      return 'done';
    });
    expect(reply).toBe('done');
    expect(seen).toEqual(['card [REDACTED:credit_card]']);
    await expect(gh.guard({ orgId: 'acme' }, { messages: [{ role: 'user', content: 'AKIAZ7Q3KX2LMN4P5R6T' }] }, async () => 'never')).rejects.toBeInstanceOf(PolicyDeniedError);
    const { queryAuditRecords } = await import('../../src/audit/index.js');
    const { records } = await queryAuditRecords(gh.store, 'acme');
    expect(records.map((r) => [r.stage, r.verdict])).toEqual([['input', 'redact'], ['output', 'allow'], ['input', 'deny']]);
  });

  it('refuses to audit without a secret unless audit is explicitly off', async () => {
    const saved = process.env.GATEHOUSE_AUDIT_SECRET;
    delete process.env.GATEHOUSE_AUDIT_SECRET;
    try {
      await expect(createGatehouse({ policies, store: { dataDir: 'memory' } })).rejects.toBeInstanceOf(InvalidOptionError);
      await expect(createGatehouse({ policies, audit: 'loud' as never })).rejects.toBeInstanceOf(InvalidOptionError);
    } finally {
      if (saved !== undefined) process.env.GATEHOUSE_AUDIT_SECRET = saved;
    }
  });
});
