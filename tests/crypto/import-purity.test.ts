import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hook = './tests/fixtures/register-deny-database-modules.mjs';

describe('importing gatehouse/crypto', () => {
  it('loads no database driver and no AWS SDK', () => {
    const out = execFileSync(process.execPath, [
      '--import', hook, '--import', 'tsx', '--input-type=module', '-e',
      "const m = await import('./src/crypto/index.ts'); console.log(typeof m.createCredentialVault, typeof m.verifyLicense, typeof m.authenticate, typeof m.can)",
    ], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.trim()).toBe('function function function function');
  });

  it('does not need @aws-sdk/client-secrets-manager to be installed', () => {
    const out = execFileSync(process.execPath, [
      '--import', 'tsx', '--input-type=module', '-e',
      "await import('./src/crypto/index.ts'); let sdk = 'absent'; try { await import('@aws-sdk/client-secrets-manager'); sdk = 'present' } catch {} console.log(sdk)",
    ], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.trim()).toBe('absent');
  });
});
