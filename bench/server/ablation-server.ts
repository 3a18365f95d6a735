/**
 * The server side of the ablation bench (ablation.ts): one process holding the same pieces as
 * `gatehouse serve` (store, migrations, policy engine, buffered audit writer, cached API-key
 * authentication), listening once per variant, each variant skipping one stage. The driver loads
 * one port at a time and reads this process's CPU time, so a variant's CPU per request minus the
 * full server's is what the skipped stage costs. `--no-als` replaces AsyncLocalStorage with a
 * pass-through before anything loads (the tenancy scope guard then checks nothing), to measure
 * what an enabled async hook costs every promise. `--audit-batch n`, `--audit-interval ms` and
 * `--audit-concurrency n` tune the audit writer; `--alloc-prof file` writes an allocation profile
 * (every sampled allocation, collected or not) on SIGTERM; `--worker-audit` (PostgreSQL) adds the
 * `workeraudit` variant, with the audit writer in a worker thread (`startAuditThread`, as `gatehouse
 * serve` runs it on PostgreSQL), tuned the same. Prints one `variant <name> <url>` line each.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DecisionMetrics } from '../../src/pep/http/index.js';

const args = process.argv.slice(2);
if (args.includes('--no-als')) {
  AsyncLocalStorage.prototype.run = function run<R>(_store: unknown, fn: (...a: unknown[]) => R, ...rest: unknown[]): R {
    return fn(...rest);
  } as never;
  AsyncLocalStorage.prototype.getStore = () => undefined;
}
const value = (name: string) => args[args.indexOf(`--${name}`) + 1]!;

// `--alloc-prof <file>`: sample every allocation (collected ones too) until SIGTERM, then write a .heapprofile.
const allocProfile = args.includes('--alloc-prof') ? value('alloc-prof') : undefined;
const inspector = allocProfile ? new (await import('node:inspector')).Session() : undefined;
const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => inspector!.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
if (inspector) {
  inspector.connect();
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}

const { openStore, migrate } = await import('../../src/tenancy/index.js');
const { createAuditWriter } = await import('../../src/audit/index.js');
const { createApiKeyManager, createKyselyApiKeyStore, createKyselyApiKeyLookup, platformOperator } = await import('../../src/crypto/index.js');
const http = await import('../../src/pep/http/index.js');
const { createGatehouseCore } = await import('../../src/pep/guard/gatehouse-core.js');
const { createPolicyEngine } = await import('../../src/index.js');
const { readFileSync } = await import('node:fs');

const pgUrl = args.includes('--database-url') ? value('database-url') : undefined;
const store = await openStore(pgUrl ? { url: pgUrl, schema: value('schema') } : { dataDir: value('data-dir') });
await migrate(store);
const key = (await createApiKeyManager({ store: createKyselyApiKeyStore(store), audit: 'off' }).create({ orgId: 'acme', clientId: 'bench', actor: platformOperator('bench') })).key.expose();
console.log(`key ${key}`);
const engine = createPolicyEngine({ policies: JSON.parse(readFileSync(value('policies'), 'utf8')) });
const optionalInt = (name: string) => (args.includes(`--${name}`) ? Number(value(name)) : undefined);
const auditTuning = { maxBatchSize: optionalInt('audit-batch'), flushIntervalMs: optionalInt('audit-interval'), concurrency: optionalInt('audit-concurrency') };
const audit = await createAuditWriter(store, {
  auditSecret: process.env.GATEHOUSE_AUDIT_SECRET!, mode: 'buffered',
  ...Object.fromEntries(Object.entries(auditTuning).filter(([, v]) => v !== undefined)),
});
const apiKeys = createKyselyApiKeyLookup(store);
const logger = { warn() {}, error() {} };
const noMetrics: DecisionMetrics = { registry: undefined as never, observeDecision() {}, countResponse() {}, countIdentityMismatch() {}, render: async () => ({ contentType: '', body: '' }) };

// Decisions made once per distinct text: the `nodecide` variant keeps everything but the engine.
const memo = new Map<string, ReturnType<typeof engine.decide>>();
const memoEngine = { ...engine, version: engine.version, decide: (req: Parameters<typeof engine.decide>[0], o?: Parameters<typeof engine.decide>[1]) => {
  const key = (req as { text?: string }).text ?? '';
  let d = memo.get(key);
  if (d === undefined) memo.set(key, (d = engine.decide(req, o)));
  return d;
} } as typeof engine;

const caller = await (async () => {
  const auth = http.cachedApiKeyAuthenticator(apiKeys);
  return auth(`Bearer ${key}`);
})();

const floorBody = Buffer.from(`{"padding":"${'x'.repeat(2200)}"}`);
const floorHandler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': floorBody.length });
    res.end(floorBody);
  });
};

const base = { engine, audit, apiKeys, logger, breakers: null };
// `--worker-audit`: the audit writer in a worker thread (PostgreSQL only: this store's PGlite runs
// in this thread), as the `workeraudit` variant.
const { startAuditThread } = await import('../../src/audit/index.js');
const workerAudit = pgUrl && args.includes('--worker-audit')
  ? await startAuditThread(store, {
    auditSecret: process.env.GATEHOUSE_AUDIT_SECRET!, mode: 'buffered',
    ...Object.fromEntries(Object.entries(auditTuning).filter(([, v]) => v !== undefined)),
  })
  : undefined;
const variants: Record<string, Parameters<typeof http.createDecisionHandler>[0] | 'floor'> = {
  full: base,
  noauth: { ...base, apiKeys: undefined, authenticate: () => Promise.resolve(caller) },
  nometrics: { ...base, metrics: noMetrics },
  noaudit: { ...base, audit: null },
  nodecide_noaudit: { ...base, audit: null, core: createGatehouseCore({ engine: memoEngine, audit: null, logger }) },
  floorhere: 'floor',
  ...(workerAudit ? { workeraudit: { ...base, audit: workerAudit } } : {}),
};
const servers: Server[] = [];
for (const [name, options] of Object.entries(variants)) {
  const server = createServer(options === 'floor' ? floorHandler : http.createDecisionHandler(options));
  server.keepAliveTimeout = 65_000;
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  console.log(`variant ${name} http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}
console.log('ready');
process.once('SIGTERM', async () => {
  if (inspector) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    (await import('node:fs')).writeFileSync(allocProfile!, JSON.stringify(profile));
  }
  for (const s of servers) s.closeAllConnections(), s.close();
  await audit.close({ timeoutMs: 10_000 }).catch(() => {});
  await workerAudit?.close({ timeoutMs: 10_000 }).catch(() => {});
  await store.close();
  process.exit(0);
});
