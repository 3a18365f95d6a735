/**
 * `gatehouse serve` end to end: the command opens and migrates the store (an on-disk PGlite
 * directory, or PostgreSQL when DATABASE_URL is set), starts the server on 127.0.0.1, and
 * serves decisions for keys created in that store; then it shuts down cleanly.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { queryAuditRecords, verifyChain } from '../../src/audit/index.js';
import { startServe, run } from '../../src/cli/commands/serve-command.js';
import { createMemoryCliIo } from '../../src/cli/memory-cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { apiKeyDigest, createApiKeyManager, createKyselyApiKeyStore, platformOperator } from '../../src/crypto/index.js';
import { makeTempDir } from '../cli/temp-dir.js';
import { CARD, bearer, getJson, postJson } from '../pep/helpers/http-kit.js';
import { backend, databaseUrl, prepareDataDir, uniqueName } from './helpers/test-store.js';

const tmp = makeTempDir('serve');
afterAll(() => tmp.remove());

const POLICIES = JSON.stringify({ policies: [{ id: 'cards', kind: 'detector', types: { credit_card: { action: 'redact', style: 'mask' } } }] });
const SECRET = 'an audit secret of at least thirty-two bytes!';

describe(`gatehouse serve (${backend})`, () => {
  it('serves decisions for a key created in its store, audits them, and shuts down', async () => {
    tmp.write('policies.json', POLICIES);
    const schema = uniqueName('serve');
    const storeArgs = backend === 'postgres' ? ['--url', databaseUrl(), '--schema', schema] : ['--data-dir', 'db'];
    if (backend === 'pglite') await prepareDataDir(`${tmp.dir}/db`);
    const io = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET, GATEHOUSE_ADMIN_KEY_SHA256: apiKeyDigest('gh_admin_unused') } });
    const serve = await startServe(['--policies', 'policies.json', '--port', '0', ...storeArgs], io);
    try {
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The audit writer runs in a worker thread by default, on both backends (serve's PGlite runs in one).
      expect(io.stdoutText()).toContain(`listening on ${serve.url} (store: ${backend}, audit: buffered in a worker thread, admin keys: 1)`);
      const { key } = await createApiKeyManager({ store: createKyselyApiKeyStore(serve.store), audit: 'off' }).create({ orgId: 'acme', clientId: 'gw', actor: platformOperator('test-setup') });

      const health = await getJson(`${serve.url}/health`);
      expect(health.body).toEqual({ status: 'ok', checks: { breakers: 'ok', audit: 'ok' } });
      const res = await postJson(`${serve.url}/api/v1/decide`, { stage: 'input', query: `card ${CARD}` }, bearer(key.expose()));
      expect(res.status).toBe(200);
      expect(res.body.obligations[0].redacted_query).toBe('card **** **** **** 1111');
      expect((await postJson(`${serve.url}/api/v1/decide`, { stage: 'input', query: 'hi' })).status).toBe(401);
      expect(await (await fetch(`${serve.url}/metrics`)).text()).toMatch(/^gatehouse_decisions_total\{verdict="redact"\} 1$/m);
    } finally {
      await serve.close();
    }
    expect(serve.store.closed).toBe(true);
    // The buffered writer drained on shutdown: the decision is in the store.
    const { openStore } = await import('../../src/tenancy/index.js');
    const store = await openStore(backend === 'postgres' ? { url: databaseUrl(), schema } : { dataDir: `${tmp.dir}/db` });
    try {
      expect((await queryAuditRecords(store, 'acme')).records).toHaveLength(1);
    } finally {
      if (backend === 'postgres') await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.admin);
      await store.close();
    }
  });

  it('refuses to start without the audit secret unless --audit off, and names what to fix', async () => {
    tmp.write('policies.json', POLICIES);
    const io = createMemoryCliIo({ cwd: tmp.dir, env: {} });
    expect(await runCli(['serve', '--policies', 'policies.json'], io)).toBe(2);
    expect(io.stderrText()).toContain('GATEHOUSE_AUDIT_SECRET');
    const bad = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET, GATEHOUSE_ADMIN_KEY_SHA256: 'gh_admin_pasted_by_mistake' } });
    expect(await runCli(['serve', '--policies', 'policies.json'], bad)).toBe(2);
    expect(bad.stderrText()).toContain('not a SHA-256 digest');
    expect(bad.stderrText()).not.toContain('pasted_by_mistake');
    const port = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET } });
    expect(await runCli(['serve', '--policies', 'policies.json', '--port', '70000'], port)).toBe(2);
    expect(port.stderrText()).toContain('--port must be a whole number from 0 to 65535');
  });

  it('takes --database-url as the older name of --url, but not both, and neither with --data-dir', async () => {
    tmp.write('policies.json', POLICIES);
    const url = 'postgres://nobody@127.0.0.1:1/none';
    const cases: [string[], string][] = [
      [['--url', url, '--database-url', url], 'Give --url or --database-url (its older name), not both.'],
      [['--url', url, '--data-dir', 'db'], 'Give --url or --data-dir, not both.'],
      [['--database-url', url, '--data-dir', 'db'], 'Give --database-url or --data-dir, not both.'],
    ];
    for (const [args, message] of cases) {
      const io = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET } });
      expect(await runCli(['serve', '--policies', 'policies.json', ...args], io)).toBe(2);
      expect(io.stderrText()).toContain(message);
    }
    const help = createMemoryCliIo();
    expect(await runCli(['serve', '--help'], help)).toBe(0);
    expect(help.stdoutText()).toMatch(/--url <url>[\s\S]*--database-url <url> +the same as --url/);
  });

  it.runIf(backend === 'postgres')('still serves on PostgreSQL through --database-url', async () => {
    tmp.write('policies.json', POLICIES);
    const schema = uniqueName('serve_legacy');
    const io = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET } });
    const serve = await startServe(['--policies', 'policies.json', '--port', '0', '--database-url', databaseUrl(), '--schema', schema], io);
    try {
      expect(io.stdoutText()).toContain('(store: postgres,');
      expect((await getJson(`${serve.url}/health`)).status).toBe(200);
    } finally {
      await serve.close();
      const { openStore } = await import('../../src/tenancy/index.js');
      const store = await openStore({ url: databaseUrl(), schema });
      await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.admin);
      await store.close();
    }
  });

  it('audits every decision through the worker thread in both modes, and on the main thread with --audit-thread off', async () => {
    tmp.write('policies.json', POLICIES);
    const { openStore } = await import('../../src/tenancy/index.js');
    for (const [mode, threadArgs, shown] of [
      ['sync', ['--audit-thread', 'on'], 'sync in a worker thread'],
      ['buffered', [], 'buffered in a worker thread'],
      ['buffered', ['--audit-thread', 'off'], 'buffered'],
    ] as const) {
      const schema = uniqueName('serve_thread');
      const dataDir = `${tmp.dir}/${schema}`;
      if (backend === 'pglite') await prepareDataDir(dataDir);
      const storeArgs = backend === 'postgres' ? ['--url', databaseUrl(), '--schema', schema] : ['--data-dir', dataDir];
      const io = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET } });
      const serve = await startServe(['--policies', 'policies.json', '--port', '0', ...storeArgs, '--audit', mode, ...threadArgs], io);
      // PostgreSQL: a store of this test's own; PGlite: the server's (its data directory is open in one place).
      const reader = backend === 'postgres' ? await openStore({ url: databaseUrl(), schema }) : serve.store;
      try {
        expect(io.stdoutText()).toContain(`(store: ${backend}, audit: ${shown}, admin keys: 0)`);
        const { key } = await createApiKeyManager({ store: createKyselyApiKeyStore(serve.store), audit: 'off' }).create({ orgId: 'acme', clientId: 'gw', actor: platformOperator('test-setup') });
        const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => postJson(`${serve.url}/api/v1/decide`, { stage: 'input', query: i % 2 ? `card ${CARD}` : `hello ${i}` }, bearer(key.expose()))));
        expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
        // Sync: each answer came after its record's commit.
        if (mode === 'sync') expect((await queryAuditRecords(reader, 'acme', { limit: 100 })).records).toHaveLength(40);
        await serve.close();
        const store = backend === 'postgres' ? reader : await openStore({ dataDir });
        try {
          const records = (await queryAuditRecords(store, 'acme', { limit: 100 })).records;
          expect(records.map((r) => r.decisionId).sort()).toEqual(answers.map((a) => a.body.decision_id).sort());
          expect((await verifyChain(store, 'acme', { auditSecret: SECRET })).valid).toBe(true);
        } finally {
          if (store !== reader) await store.close();
        }
      } finally {
        await serve.close();
        if (backend === 'postgres') {
          await sql.raw(`drop schema if exists "${schema}" cascade`).execute(reader.admin);
          await reader.close();
        }
      }
    }
  });

  it('takes --audit-thread on or off, and nothing else', async () => {
    tmp.write('policies.json', POLICIES);
    const bad = createMemoryCliIo({ cwd: tmp.dir, env: { GATEHOUSE_AUDIT_SECRET: SECRET } });
    expect(await runCli(['serve', '--policies', 'policies.json', '--audit-thread', 'maybe'], bad)).toBe(2);
    expect(bad.stderrText()).toContain('--audit-thread must be on or off.');
    const help = createMemoryCliIo();
    expect(await runCli(['serve', '--help'], help)).toBe(0);
    expect(help.stdoutText()).toMatch(/--audit-thread <on\|off> +write the audit trail from a worker thread/);
    expect(help.stdoutText()).toMatch(/connection to the store \(default on\)/);
  });

  it('prints a new admin key and its digest with --new-admin-key', async () => {
    const io = createMemoryCliIo();
    expect(await run(['--new-admin-key'], io)).toBe(0);
    const key = /(gh_admin_\S+)/.exec(io.stdoutText())![1]!;
    expect(io.stdoutText()).toContain(`GATEHOUSE_ADMIN_KEY_SHA256=${apiKeyDigest(key)}`);
  });
});
