/** `gatehouse breaker trip|reset|status`, in-process over one PGlite data directory. */
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryCliIo } from '../../src/cli/memory-cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from './temp-dir.js';

const tmp = makeTempDir('breaker');
afterAll(() => tmp.remove());

async function breaker(args: string[]) {
  const io = createMemoryCliIo({ cwd: tmp.dir, env: { USER: 'ana' } });
  const code = await runCli(['breaker', ...args, '--data-dir', 'db'], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('gatehouse breaker', () => {
  it('trips a tool breaker for a duration and an org breaker until reset; status lists both with actor and reason', async () => {
    const tool = await breaker(['trip', '--org', 'acme', '--scope', 'tool', '--key', 'db.query', '--reason', 'runaway agent', '--duration', '30m']);
    expect(tool.code, tool.err).toBe(0);
    expect(tool.out).toMatch(/^Tripped tool breaker db\.query of org acme until \d{4}-\d\d-\d\dT/);
    const org = await breaker(['trip', '--org', 'acme', '--reason', 'incident 42', '--actor', 'bo']);
    expect(org.code, org.err).toBe(0);
    expect(org.out).toBe('Tripped org breaker acme of org acme until reset.\n');

    const status = await breaker(['status', '--org', 'acme', '--json']);
    expect(status.code, status.err).toBe(0);
    const { breakers } = JSON.parse(status.out) as { breakers: { scope: string; key: string; tripped_by: string; reason: string; expires_at: string | null }[] };
    const byScope = Object.fromEntries(breakers.map((b) => [b.scope, b]));
    expect(byScope.tool).toMatchObject({ key: 'db.query', tripped_by: 'cli:ana', reason: 'runaway agent' });
    const expires = Date.parse(byScope.tool!.expires_at!) - Date.now();
    expect(expires).toBeGreaterThan(25 * 60_000);
    expect(expires).toBeLessThanOrEqual(30 * 60_000);
    expect(byScope.org).toMatchObject({ key: 'acme', tripped_by: 'bo', reason: 'incident 42', expires_at: null });
    expect((await breaker(['status', '--org', 'globex'])).out).toBe('No breaker of org globex is tripped.\n');
  }, 120_000);

  it('resets a breaker, says when there was nothing to reset, and status shows what is left', async () => {
    const reset = await breaker(['reset', '--org', 'acme', '--scope', 'tool', '--key', 'db.query', '--reason', 'fixed']);
    expect(reset.code, reset.err).toBe(0);
    expect(reset.out).toBe('Reset tool breaker db.query of org acme.\n');
    const again = await breaker(['reset', '--org', 'acme', '--scope', 'tool', '--key', 'db.query', '--reason', 'fixed']);
    expect(again.out).toContain('was not tripped; nothing to reset');
    const status = await breaker(['status', '--org', 'acme']);
    expect(status.out).toMatch(/^org  acme  tripped by bo at \S+: incident 42\n$/);
  }, 60_000);

  it('refuses bad usage with exit 2 before touching the store', async () => {
    const cases: [string[], string][] = [
      [['trip', '--reason', 'x'], 'breaker trip needs --org'],
      [['trip', '--org', 'acme'], 'breaker trip needs --reason'],
      [['trip', '--org', 'acme', '--scope', 'tool', '--reason', 'x'], 'A tool breaker needs --key'],
      [['trip', '--org', 'acme', '--key', 'x', '--reason', 'x'], 'An org breaker has no --key'],
      [['trip', '--org', 'acme', '--scope', 'galaxy', '--reason', 'x'], '--scope must be one of org, client, policy, model, tool'],
      [['trip', '--org', 'acme', '--reason', 'x', '--duration', '30'], '--duration must be a whole number with a unit'],
      [['reset', '--org', 'acme', '--reason', 'x', '--duration', '1h'], '--duration does not apply to breaker reset'],
      [['open', '--org', 'acme'], 'Unknown subcommand'],
    ];
    for (const [args, message] of cases) {
      const io = createMemoryCliIo({ cwd: tmp.dir });
      expect(await runCli(['breaker', ...args, '--data-dir', 'missing'], io), args.join(' ')).toBe(2);
      expect(io.stderrText()).toContain(message);
    }
  });
});
