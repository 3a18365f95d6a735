import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryCliIo } from '../../src/cli/memory-cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from './temp-dir.js';

const tmp = makeTempDir('wired');
afterAll(() => tmp.remove());

describe('gatehouse license (wired to runLicenseCli)', () => {
  it('keygen, sign and verify round-trip, with key files relative to the working directory', async () => {
    const keygen = createMemoryCliIo({ cwd: tmp.dir });
    expect(await runCli(['license', 'keygen', '--secret-key-out', 'signing.key'], keygen)).toBe(0);
    const publicKey = /public key: (GHLPK1\.\S+)/.exec(keygen.stdoutText())![1]!;
    expect(statSync(join(tmp.dir, 'signing.key')).mode & 0o777).toBe(0o600);
    expect(keygen.stdoutText()).not.toContain('GHLSK1.');

    const sign = createMemoryCliIo({ cwd: tmp.dir });
    expect(await runCli(['license', 'sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d', '--secret-key-file', 'signing.key'], sign)).toBe(0);
    const license = sign.stdoutText().trim();

    const verify = createMemoryCliIo({ cwd: tmp.dir });
    expect(await runCli(['license', 'verify', license, '--org', 'acme', '--public-key', publicKey], verify)).toBe(0);
    expect(JSON.parse(verify.stdoutText())).toMatchObject({ valid: true, org_id: 'acme', tier: 'enterprise' });

    const wrongOrg = createMemoryCliIo({ cwd: tmp.dir });
    expect(await runCli(['license', 'verify', license, '--org', 'globex', '--public-key', publicKey], wrongOrg)).toBe(1);
  });

  it('reads the public keys from the CliIo environment, and exits 2 on bad usage', async () => {
    const io = createMemoryCliIo({ cwd: tmp.dir, env: {} });
    expect(await runCli(['license', 'verify', 'GH1.x', '--org', 'acme'], io)).toBe(2);
    expect(io.stderrText()).toContain('GATEHOUSE_LICENSE_PUBLIC_KEYS');
    const unknown = createMemoryCliIo();
    expect(await runCli(['license', 'frobnicate'], unknown)).toBe(2);
  });
});

describe('gatehouse evidence (wired to runEvidenceCli)', () => {
  it('reports an unreadable export with exit 2, and an unknown subcommand with exit 2', async () => {
    const io = createMemoryCliIo();
    expect(await runCli(['evidence', 'verify', join(tmp.dir, 'missing.jsonl'), '--public-key', '00'.repeat(32)], io)).toBe(2);
    expect(io.stderrText()).toContain('Cannot read');
    const unknown = createMemoryCliIo();
    expect(await runCli(['evidence', 'frobnicate'], unknown)).toBe(2);
    expect(unknown.stderrText()).toContain('Unknown command "frobnicate"');
  });
});

describe('gatehouse migrate (wired to runMigrateCli)', () => {
  it('rejects an unknown option with exit 2', async () => {
    const io = createMemoryCliIo({ cwd: tmp.dir });
    expect(await runCli(['migrate', '--dta-dir', 'db'], io)).toBe(2);
    expect(io.stderrText()).toContain("Unknown option '--dta-dir'");
  });

  it('applies the migrations to a PGlite store under a --data-dir relative to the working directory', async () => {
    const io = createMemoryCliIo({ cwd: tmp.dir });
    const code = await runCli(['migrate', '--data-dir', 'db'], io);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    expect(io.stdoutText()).toMatch(/applied 0001_roles\n[\s\S]*Applied \d+ migration\(s\) to schema "gatehouse" \(pglite\)\./);
    expect(existsSync(join(tmp.dir, 'db'))).toBe(true);
  }, 120_000);
});
