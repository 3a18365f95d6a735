/**
 * `gatehouse keys create|list|revoke`, in-process over one PGlite data directory: the key is
 * printed once on stdout, never elsewhere; changes land in the org's audit chain when
 * GATEHOUSE_AUDIT_SECRET is set.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryAuditRecords, verifyChain } from '../../src/audit/index.js';
import { createMemoryCliIo } from '../../src/cli/memory-cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { apiKeyDigest, parseApiKey } from '../../src/crypto/index.js';
import { openStore } from '../../src/tenancy/index.js';
import { makeTempDir } from './temp-dir.js';

const tmp = makeTempDir('keys');
afterAll(() => tmp.remove());
const AUDIT_SECRET = randomBytes(32).toString('base64');
const env = { GATEHOUSE_AUDIT_SECRET: AUDIT_SECRET, USER: 'ana' };

async function keys(args: string[], environment: Record<string, string> = env) {
  const io = createMemoryCliIo({ cwd: tmp.dir, env: environment });
  const code = await runCli(['keys', ...args, '--data-dir', 'db'], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

async function auditOf(orgId: string) {
  const store = await openStore({ dataDir: join(tmp.dir, 'db') });
  try {
    return { records: (await queryAuditRecords(store, orgId, { order: 'asc' })).records, chain: await verifyChain(store, orgId, { auditSecret: AUDIT_SECRET }) };
  } finally {
    await store.close();
  }
}

describe('gatehouse keys', () => {
  let key = '';
  let keyId = '';

  it('create prints the key once on stdout and nothing secret anywhere else', async () => {
    const r = await keys(['create', '--org', 'acme', '--client', 'checkout', '--env', 'test', '--name', 'ci']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^gh_test_\S+\n$/);
    key = r.out.trim();
    keyId = parseApiKey(key)!.keyId;
    expect(r.err).toContain(`Created key ${keyId}`);
    expect(r.err).not.toContain(key.slice(-16));
    expect(r.err).not.toContain('warning');
  }, 120_000);

  it('list shows the key without its secret or digest, as a table or JSON', async () => {
    const table = await keys(['list', '--org', 'acme']);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(new RegExp(`^${keyId}  checkout  test  active  created \\S+  ci\\n$`));
    const json = await keys(['list', '--org', 'acme', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ org_id: 'acme', keys: [{ key_id: keyId, client_id: 'checkout', environment: 'test', status: 'active', revoked_at: null }] });
    for (const text of [table.out, table.err, json.out, json.err]) {
      expect(text).not.toContain(key.slice(-16));
      expect(text).not.toContain(apiKeyDigest(key).slice(0, 16));
    }
    const other = await keys(['list', '--org', 'globex']);
    expect(other.out).toBe('Org globex has no API keys.\n');
  }, 60_000);

  it('revoke marks the key revoked; unknown or foreign key ids fail with exit 1', async () => {
    const foreign = await keys(['revoke', '--org', 'globex', '--key-id', keyId]);
    expect(foreign.code).toBe(1);
    expect(foreign.err).toContain('API_KEY_NOT_FOUND');
    const r = await keys(['revoke', '--org', 'acme', '--key-id', keyId, '--actor', 'bo']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Revoked key ${keyId}`);
    const json = JSON.parse((await keys(['list', '--org', 'acme', '--json'])).out);
    expect(json.keys[0]).toMatchObject({ key_id: keyId, status: 'revoked', revoked_at: expect.any(String) });
  }, 60_000);

  it('records each change in the org\'s audit chain, with the actor and without key material', async () => {
    const { records, chain } = await auditOf('acme');
    expect(records.map((rec) => [rec.stage, rec.userId, rec.clientId])).toEqual([
      ['api_key.created', 'cli:ana', 'checkout'],
      ['api_key.revoked', 'bo', 'checkout'],
    ]);
    expect(records[0]!.evaluatedPolicies[0]!.id).toBe(`api_key:${keyId}`);
    // The CLI holds the admin connection, so it acts as the platform operator, not an org member.
    expect(records.map((rec) => rec.evaluatedPolicies.at(-1)!.id)).toEqual(['actor:platform_operator', 'actor:platform_operator']);
    expect(chain).toMatchObject({ valid: true, checked: 2 });
    const stored = JSON.stringify(records, (_k, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value));
    expect(stored).not.toContain(key.slice(-16));
    expect(stored).not.toContain(apiKeyDigest(key));
  }, 60_000);

  it('without GATEHOUSE_AUDIT_SECRET refuses (exit 2, no key made) unless --no-audit says so explicitly', async () => {
    const refused = await keys(['create', '--org', 'initech', '--client', 'batch'], { USER: 'ana' });
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err).toContain('--no-audit');
    const r = await keys(['create', '--org', 'initech', '--client', 'batch', '--no-audit'], { USER: 'ana' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^gh_live_\S+\n$/);
    expect(r.err).toContain('--no-audit: this change is not recorded');
    expect((await auditOf('initech')).records).toEqual([]);
  }, 60_000);

  it('refuses bad usage with exit 2 before touching the store', async () => {
    const cases: [string[], string][] = [
      [['create', '--client', 'x'], 'keys create needs --org'],
      [['create', '--org', 'acme'], 'keys create needs --client'],
      [['create', '--org', 'acme', '--client', 'x', '--env', 'prod'], '--env must be live or test'],
      [['list', '--org', 'acme', '--key-id', 'abc'], '--key-id does not apply to keys list'],
      [['revoke', '--org', 'acme'], 'keys revoke needs --key-id'],
      [['rotate', '--org', 'acme'], 'Unknown subcommand'],
      [[], 'Say what to do'],
    ];
    for (const [args, message] of cases) {
      const io = createMemoryCliIo({ cwd: tmp.dir, env });
      expect(await runCli(['keys', ...args, '--data-dir', 'missing'], io), args.join(' ')).toBe(2);
      expect(io.stderrText()).toContain(message);
    }
    const short = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: 'too-short' } });
    expect(await runCli(['keys', 'create', '--org', 'acme', '--client', 'x', '--data-dir', 'missing'], short)).toBe(2);
    expect(short.stderrText()).toContain('32 bytes or more');
    const help = createMemoryCliIo();
    expect(await runCli(['keys', '--help'], help)).toBe(0);
    expect(help.stdoutText()).toContain('recorded in the org\'s audit trail');
  });
});
