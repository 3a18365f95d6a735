/** Smoke test: `examples/mcp-server` runs, exits 0, and shows what it says it shows. */
import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/mcp-server', () => {
  it('blocks the dangerous and injected queries before the database, and redacts the rows', async () => {
    const run = await runExample('examples/mcp-server/main.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('"email":"a*******@example.com","card":"**** **** **** 1111"');
    expect(out).not.toContain('ana.lima@example.com');
    expect(out).not.toContain('4111 1111 1111 1111');
    expect(out).toMatch(/> DROP TABLE customers\n {2}BLOCKED \(dangerous_query\), decision [0-9a-f-]{36}/);
    expect(out).toMatch(/OR '1'='1'\n {2}BLOCKED \(sql_injection\)/);
    expect(out).toMatch(/> DELETE FROM customers\n {2}BLOCKED \(dangerous_query\)/);
    // The table survived: the blocked statements never ran.
    expect(out).toContain('[{"customers_left":2}]');
    const blockedIds = [...out.matchAll(/BLOCKED \([a-z_, ]+\), decision ([0-9a-f-]{36})/g)].map((m) => m[1]!);
    const audited = out.slice(out.indexOf('Audit sink'));
    expect(blockedIds).toHaveLength(3);
    for (const id of blockedIds) expect(audited).toMatch(new RegExp(`${id} tool_call +deny`));
  }, 120_000);
});
