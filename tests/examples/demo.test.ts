/** Smoke test: `npm run demo` (examples/demo.ts) runs offline, exits 0, and shows what the README says. */
import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('npm run demo', () => {
  it('detects, governs a model call, denies a secret and an injection, and shows a valid audit chain', async () => {
    const run = await runExample('examples/demo.ts');
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('credit_card        "4539 1488 0343 6467"');
    expect(out).toContain('-> boolean_blind');
    // The model saw the card masked and the SSN labelled; the tokenized email came back restored.
    expect(out).toContain('My card is **** **** **** 6467');
    expect(out).toContain('my SSN is [REDACTED:ssn]');
    expect(out).toContain('Reach me at jordan.reyes@example.com');
    expect(out).toContain('verdict: deny (decided by secrets)');
    expect(out).toContain('A tool call with an SQL injection: deny (sql_injection)');
    expect(out).toMatch(/#4 [0-9a-f-]{36} tool_call deny/);
    expect(out).toContain('hash chain valid: true');
    // The audit lines never show the raw values.
    const audit = out.slice(out.indexOf('4. The audit trail'));
    expect(audit).not.toMatch(/4539|536-22-8726|AKIA/);
  }, 180_000);
});
