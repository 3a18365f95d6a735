import { describe, expect, it } from 'vitest';
import { runLicenseCli, verifyLicense, type LicenseCliIo } from '../../src/crypto/index.js';

const NOW = new Date('2026-03-01T00:00:00Z');

function fakeIo(env: Record<string, string | undefined> = {}, files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: { path: string; contents: string }[] = [];
  const io: LicenseCliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env,
    readFile: async (path) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return files[path]!;
    },
    writeSecretFile: async (path, contents) => {
      if (path in files) throw Object.assign(new Error('EEXIST'), { code: 'EEXIST' });
      files[path] = contents;
      written.push({ path, contents });
    },
    now: () => NOW,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), written, files };
}

async function keygen(): Promise<{ publicKey: string; secretKey: string }> {
  const f = fakeIo();
  expect(await runLicenseCli(['keygen'], f.io)).toBe(0);
  return {
    publicKey: /public key: (GHLPK1\.\S+)/.exec(f.out())![1]!,
    secretKey: /secret key: (GHLSK1\.\S+)/.exec(f.out())![1]!,
  };
}

describe('gatehouse license keygen', () => {
  it('prints a public key, key id and secret key to stdout only; stderr gets a reminder without the key', async () => {
    const f = fakeIo();
    expect(await runLicenseCli(['keygen'], f.io)).toBe(0);
    expect(f.out()).toMatch(/^public key: GHLPK1\.[\w-]{43}\nkey id:     [0-9a-f]{8}\nsecret key: GHLSK1\.[\w-]{43}\n$/);
    const secret = /secret key: (GHLSK1\.\S+)/.exec(f.out())![1]!;
    expect(f.err()).not.toContain(secret);
    expect(f.err()).not.toContain(secret.slice(7));
  });

  it('with --secret-key-out writes the secret key to the file and never prints it', async () => {
    const f = fakeIo();
    expect(await runLicenseCli(['keygen', '--secret-key-out', '/keys/vendor.key'], f.io)).toBe(0);
    expect(f.written).toHaveLength(1);
    const secret = f.written[0]!.contents.trim();
    expect(secret).toMatch(/^GHLSK1\./);
    expect(f.out()).toContain('written to /keys/vendor.key');
    expect(f.out() + f.err()).not.toContain(secret.slice(7));
  });

  it('refuses to overwrite an existing key file', async () => {
    const f = fakeIo({}, { '/keys/vendor.key': 'old' });
    expect(await runLicenseCli(['keygen', '--secret-key-out', '/keys/vendor.key'], f.io)).toBe(2);
    expect(f.files['/keys/vendor.key']).toBe('old');
    expect(f.err()).toMatch(/EEXIST/);
  });
});

describe('gatehouse license sign and verify', () => {
  it('signs with the key from the environment and verifies the result', async () => {
    const { publicKey, secretKey } = await keygen();
    const s = fakeIo({ GATEHOUSE_LICENSE_SECRET_KEY: secretKey });
    expect(await runLicenseCli(['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '365d', '--features', 'sso,audit_export', '--limits', 'seats=50,rpm=600', '--id', 'lic_cli'], s.io)).toBe(0);
    const token = s.out().trim();
    expect(token).toMatch(/^GH1\./);
    const license = await verifyLicense(token, { publicKeys: [publicKey], orgId: 'acme', now: NOW });
    expect(license).toMatchObject({ id: 'lic_cli', tier: 'enterprise', features: ['sso', 'audit_export'], limits: { seats: 50, rpm: 600 } });
    expect(license.expiresAt.toISOString()).toBe('2027-03-01T00:00:00.000Z');

    const v = fakeIo();
    expect(await runLicenseCli(['verify', token, '--org', 'acme', '--public-key', publicKey], v.io)).toBe(0);
    expect(JSON.parse(v.out())).toMatchObject({ valid: true, status: 'active', id: 'lic_cli', org_id: 'acme' });
  });

  it('signs with a key file, and verifies with keys from the environment', async () => {
    const { publicKey, secretKey } = await keygen();
    const s = fakeIo({}, { '/k': secretKey + '\n' });
    expect(await runLicenseCli(['sign', '--org', 'acme', '--tier', 'community', '--expires', '2026-06-30', '--secret-key-file', '/k'], s.io)).toBe(0);
    const v = fakeIo({ GATEHOUSE_LICENSE_PUBLIC_KEYS: `GHLPK1.${'A'.repeat(43)},${publicKey}` });
    expect(await runLicenseCli(['verify', s.out().trim(), '--org', 'acme'], v.io)).toBe(0);
    expect(JSON.parse(v.out()).expires_at).toBe('2026-06-30T00:00:00.000Z');
  });

  it('verify exits 1 with the reason for a wrong org, an expired license or a bad signature', async () => {
    const { publicKey, secretKey } = await keygen();
    const other = await keygen();
    const s = fakeIo({ GATEHOUSE_LICENSE_SECRET_KEY: secretKey });
    await runLicenseCli(['sign', '--org', 'acme', '--tier', 'evaluation', '--expires', '2026-02-01', '--issued', '2026-01-01'], s.io);
    const token = s.out().trim();
    const cases: [string[], RegExp][] = [
      [['--org', 'globex', '--public-key', publicKey], /invalid license \(wrong_org\)/],
      [['--org', 'acme', '--public-key', publicKey], /invalid license \(expired\)/],
      [['--org', 'acme', '--public-key', other.publicKey], /invalid license \(bad_signature\)/],
    ];
    for (const [args, pattern] of cases) {
      const v = fakeIo();
      expect(await runLicenseCli(['verify', token, ...args], v.io)).toBe(1);
      expect(v.err()).toMatch(pattern);
    }
    const grace = fakeIo();
    expect(await runLicenseCli(['verify', token, '--org', 'acme', '--public-key', publicKey, '--grace-days', '30'], grace.io)).toBe(0);
    expect(JSON.parse(grace.out()).status).toBe('grace');
  });

  it('usage errors exit 2 and never echo a key passed by mistake', async () => {
    const { secretKey } = await keygen();
    const cases: string[][] = [
      ['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d'],
      ['sign', '--org', 'acme', '--tier', 'gold', '--expires', '30d'],
      ['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', 'tomorrow'],
      ['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d', secretKey],
      ['sign', '--secret-key', secretKey],
      ['verify', '--org', 'acme'],
      ['verify', 'GH1.x.y', '--org', 'acme'],
      ['bogus'],
      [],
    ];
    for (const argv of cases) {
      const f = fakeIo();
      expect(await runLicenseCli(argv, f.io)).toBe(2);
      expect(f.out() + f.err()).not.toContain(secretKey.slice(7));
    }
  });

  it('help exits 0 and lists the commands', async () => {
    const f = fakeIo();
    expect(await runLicenseCli(['help'], f.io)).toBe(0);
    expect(f.out()).toMatch(/keygen[\s\S]*sign[\s\S]*verify/);
  });

  it('a bad signing key is a configuration error that does not echo the key', async () => {
    const f = fakeIo({ GATEHOUSE_LICENSE_SECRET_KEY: 'GHLSK1.c2hvcnQta2V5LW1hdGVyaWFs' });
    expect(await runLicenseCli(['sign', '--org', 'acme', '--tier', 'enterprise', '--expires', '30d'], f.io)).toBe(2);
    expect(f.err()).toMatch(/exactly 32 bytes/);
    expect(f.err()).not.toContain('c2hvcnQta2V5LW1hdGVyaWFs');
  });
});
