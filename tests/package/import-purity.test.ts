import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hook = './tests/fixtures/register-deny-database-modules.mjs';
const cjsHook = './tests/fixtures/deny-database-modules.cjs';

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('importing gatehouse', () => {
  it('the deny hook really blocks database drivers (so the checks below can fail)', () => {
    expect(() => runNode(['--import', hook, '--input-type=module', '-e', "await import('kysely')"])).toThrow(/database module loaded: kysely/);
    expect(() => runNode(['--require', cjsHook, '-e', "require('pg')"])).toThrow(/database module loaded: pg/);
  });

  it('loads no database driver from the source entry point', () => {
    const out = runNode(['--import', hook, '--import', 'tsx', '--input-type=module', '-e',
      "const m = await import('./src/index.ts'); console.log(typeof m.detect, typeof m.scanSql)"]);
    expect(out.trim()).toBe('function function');
  });

  it.skipIf(!existsSync(`${root}/dist/index.js`))('loads no database driver from the built ESM and CJS bundles', () => {
    const esm = runNode(['--import', hook, '--input-type=module', '-e', "const m = await import('./dist/index.js'); console.log(typeof m.detect)"]);
    expect(esm.trim()).toBe('function');
    const cjs = runNode(['--require', cjsHook, '-e', "console.log(typeof require('./dist/index.cjs').detect)"]);
    expect(cjs.trim()).toBe('function');
  });
});
