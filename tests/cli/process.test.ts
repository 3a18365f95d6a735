import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = makeTempDir('process');
afterAll(() => tmp.remove());

describe('the gatehouse executable (real process)', () => {
  it('prints help, and scans a file with exit 1 without loading any database driver', () => {
    const help = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/gatehouse.ts', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help).toContain('Usage: gatehouse <command>');

    const file = tmp.write('notes.txt', 'call me\nmail ana.lima@example.com\n');
    // The deny hook throws if pg, kysely or PGlite is loaded: scan must not need them.
    const scan = spawnSync(process.execPath, ['--import', './tests/fixtures/register-deny-database-modules.mjs', '--import', 'tsx', 'src/cli/gatehouse.ts', 'scan', file, '--format', 'json'], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(1);
    const report = JSON.parse(scan.stdout);
    expect(report.findings).toMatchObject([{ type: 'email', line: 2, column: 6 }]);
    expect(scan.stdout).not.toContain('ana.lima');

    const usage = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/gatehouse.ts', 'scna'], { cwd: root, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Did you mean "scan"?');
  }, 60_000);
});
