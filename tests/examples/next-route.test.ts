/** Smoke test: `examples/next-route` runs, exits 0, and shows what it says it shows. */
import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/next-route', () => {
  it('serves the governed route handler and the Server Action, with every decision audited', async () => {
    const run = await runExample('examples/next-route/main.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/model saw "Card \*{4} \*{4} \*{4} 1111, receipt to \[\[email_[0-9a-f]+\]\]"/);
    expect(out).toContain('reply "You said: Card **** **** **** 1111, receipt to dana.ng@example.com"');
    expect(out).toMatch(/denial: {4}HTTP 403 denied \(detector_finding, secrets\), decision [0-9a-f-]{36}/);
    expect(out).toContain('reply "The card on file is **** **** **** 4444."');
    expect(out).toContain('no user -> HTTP 401 unauthenticated');
    expect(out).toContain('stored note: "Customer read out card **** **** **** 1111 on the call"');
    expect(out).toContain('returned:    "Saved note for li.wei@example.com"');
    // The decision ids the responses showed are the ones in the audit sink.
    const shown = [...out.matchAll(/decision ([0-9a-f-]{36})/g)].map((m) => m[1]!);
    const audited = out.slice(out.indexOf('Audit sink'));
    expect(shown.length).toBe(2);
    for (const id of shown) expect(audited).toContain(id);
    expect(audited.trim().split('\n').length).toBe(1 + 7);
  }, 120_000);
});
