/** Smoke test: `examples/express-chat` runs, exits 0, and shows what it says it shows. */
import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/express-chat', () => {
  it('redacts PII, blocks the SQL injection, completes the approval flow and audits every decision', async () => {
    const run = await runExample('examples/express-chat/main.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/model saw: {3}My card \*{4} \*{4} \*{4} 1111 was charged twice, mail the receipt to \[\[email_[0-9a-f]+\]\]/);
    expect(out).toContain('reply: You said: My card **** **** **** 1111 was charged twice, mail the receipt to dana.ng@example.com');
    expect(out).toContain('HTTP 403 denied: custom_check (prompt-sql-injection)');
    expect(out).toContain('model called: no');
    expect(out).toMatch(/HTTP 202 pending_approval, approval_id: [0-9a-f-]{36}/);
    expect(out).toContain('resent with gatehouse-approval-id: HTTP 200, reply: You said: Please refund order 1042');
    expect(out).toMatch(/input {2}deny /);
    expect(out).toContain('every answered decision_id is in the trail: true');
    expect(out).toContain('hash chain valid: true');
  }, 180_000);
});
