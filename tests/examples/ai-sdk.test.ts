/** Smoke test: `examples/ai-sdk` runs, exits 0, and shows what it says it shows. */
import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/ai-sdk', () => {
  it('redacts the prompt, streams a redacted reply, blocks a prompt and prints the trail', async () => {
    const run = await runExample('examples/ai-sdk/index.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/model saw: "Refund card \*{4} \*{4} \*{4} 1111 and email \[\[email_[0-9a-f]{8}\]\]"/);
    expect(out).toContain('reply:     You said: Refund card **** **** **** 1111 and email dana.ng@example.com');
    const reads = out.split('\n').find((l) => l.includes('the caller reads:'))!;
    expect(reads).toContain('**** **** **** 1111');
    expect(reads).not.toMatch(/4111|11 1111/);
    const denied = /POLICY_DENIED: detector_finding; decision_id ([0-9a-f-]{36})/.exec(out);
    expect(denied).not.toBeNull();
    expect(out).toContain('model calls made: 0');
    expect(out).toContain(`decision_id ${denied![1]}`);
    expect(out.match(/^ {3}(input|output) /gm)).toHaveLength(5);
  }, 180_000);
});
