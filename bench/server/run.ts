/**
 * The Decision Mode server bench (see server.bench.ts). Runs the real `gatehouse serve` in a
 * child process on 127.0.0.1 over a real store (an on-disk PGlite directory, or PostgreSQL when
 * DATABASE_URL is set), drives POST /api/v1/decide with autocannon from this process, with the
 * audit writer off and then buffered, and checks afterwards that every answered decision was
 * written to the audit store. With a local PostgreSQL, its processes' CPU time is reported too;
 * `--cpu-prof-dir <dir>` runs the server under `node --cpu-prof` for a profile per run.
 * `--audit-thread-ab` also runs audit on with `--audit-thread off` (mode `buffered-main`: the
 * audit writer on the server's main thread), interleaved with `buffered`, for a before/after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createApiKeyManager, createKyselyApiKeyStore, platformOperator } from '../../src/crypto/index.js';
import { migrate, openStore, withPlatformAdmin, type GatehouseStore, type OpenStoreOptions } from '../../src/tenancy/index.js';
import { percentile } from '../stats.js';
import { fmt, formatTable, verdict } from '../table.js';
import { isLocalDatabase, postgresCpuSeconds, processCpuSeconds } from './process-cpu.js';
import { decideBodies, serverPolicySet } from './server-set.js';

const TARGET_RPS = 5_000;
const TARGET_P99_MS = 5;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST_CLI = join(ROOT, 'dist/cli/gatehouse.js');
const AUDIT_SECRET = 'gatehouse-bench-audit-secret-0123456789abcdef';

export interface ServerBenchOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  runs: number;
  /** Where `node --cpu-prof` writes the server's profiles; none when undefined. */
  cpuProfDir: string | undefined;
  /** Run `gatehouse serve` from the built `dist/` (as shipped) instead of the TypeScript source through tsx. */
  fromDist: boolean;
  /** Also run audit on with `--audit-thread off` (mode `buffered-main`), interleaved with `buffered`. */
  auditThreadAb: boolean;
}

interface ModeResult {
  /** `floor`: the bare node:http server of floor-server.ts; `off`/`buffered`: gatehouse serve's audit; `buffered-main`: buffered with `--audit-thread off`. */
  mode: 'floor' | 'off' | 'buffered' | 'buffered-main';
  run: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  autocannonP99: number;
  /** CPU time per answered request: the server process, this (autocannon) process, and a local PostgreSQL's processes (NaN otherwise). */
  serverCpuUs: number;
  clientCpuUs: number;
  databaseCpuUs: number;
  responses: number;
  non2xx: number;
  errors: number;
  /** `expected`: 2xx answers counted by autocannon; up to `inFlight` more were answered after each run stopped counting. */
  audited?: { expected: number; written: number; inFlight: number };
}

function parseArgs(argv: readonly string[]): ServerBenchOptions {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const prof = argv.indexOf('--cpu-prof-dir');
  if (prof >= 0 && !argv[prof + 1]) throw new Error('--cpu-prof-dir needs a directory');
  return { connections: get('connections', 10), durationS: get('duration', 10), warmupS: get('warmup', 3), runs: get('runs', 1), cpuProfDir: prof >= 0 ? argv[prof + 1] : undefined, fromDist: argv.includes('--dist'), auditThreadAb: argv.includes('--audit-thread-ab') };
}

/**
 * Starts `gatehouse serve`, or with `script` another server, from TypeScript source through the
 * same tsx loader as this process; a `.js` script (the built CLI) runs on plain node.
 */
async function startServe(args: string[], cpuProfDir: string | undefined, script = join(ROOT, 'src/cli/gatehouse.ts')): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const profile = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  const loader = script.endsWith('.js') ? [] : process.execArgv;
  const child = spawn(process.execPath, [...profile, ...loader, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, GATEHOUSE_AUDIT_SECRET: AUDIT_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`gatehouse serve did not start within 60 s: ${stderr.slice(-500)}`)), 60_000);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gatehouse serve exited with ${code}: ${stderr.slice(-500)}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

async function stopServe(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** One autocannon run; latencies are recorded exactly (autocannon's own histogram keeps whole milliseconds). */
async function drive(url: string, key: string, bodies: readonly string[], connections: number, durationS: number): Promise<{ rps: number; latencies: Float64Array; count: number; autocannonP99: number; non2xx: number; errors: number; twoxx: number }> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({
    url: `${url}/api/v1/decide`,
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: 10,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const result = await instance;
  return { rps: result.requests.average, latencies: latencies.subarray(0, count), count, autocannonP99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, twoxx: result['2xx'] };
}


/** A few requests of each kind, checked before timing: the bench must measure real answers. */
async function sanity(url: string, key: string, bodies: readonly string[]): Promise<{ answered: number; verdicts: Record<string, number>; meanResponseBytes: number }> {
  const verdicts: Record<string, number> = {};
  let answered = 0;
  let responseBytes = 0;
  for (const body of bodies.slice(0, 30)) {
    const res = await fetch(`${url}/api/v1/decide`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    const text = await res.text();
    responseBytes += Buffer.byteLength(text);
    const json = JSON.parse(text) as { verdict?: string; obligations?: { type: string }[] };
    if (res.status !== 200 || json.verdict === undefined) throw new Error(`sanity check: status ${res.status}, ${JSON.stringify(json).slice(0, 200)}`);
    const v = json.obligations?.some((o) => o.type === 'redact') ? `${json.verdict}+redact` : json.verdict;
    verdicts[v] = (verdicts[v] ?? 0) + 1;
    answered++;
  }
  if (Object.keys(verdicts).length < 2) throw new Error(`sanity check: every prompt got the same answer (${JSON.stringify(verdicts)}); the bench would not exercise redaction`);
  return { answered, verdicts, meanResponseBytes: Math.round(responseBytes / answered) };
}

async function countAuditRows(storeOptions: OpenStoreOptions): Promise<number> {
  const store = await openStore(storeOptions);
  try {
    const { rows } = await withPlatformAdmin(store, (trx) => sql<{ n: string | number }>`select count(*) as n from ${sql.id(store.schema, 'decisions')} where org_id = 'acme'`.execute(trx));
    return Number(rows[0]!.n);
  } finally {
    await store.close();
  }
}

export async function runServerBench(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const options = parseArgs(argv);
  const pgUrl = process.env.DATABASE_URL;
  const localDatabase = pgUrl !== undefined && isLocalDatabase(pgUrl);
  const backend = pgUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (on-disk data directory in the server process)';
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-server-bench-'));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const storeOptions: OpenStoreOptions = pgUrl ? { url: pgUrl, schema } : { dataDir: join(dir, 'db') };
  const storeArgs = pgUrl ? ['--database-url', pgUrl, '--schema', schema] : ['--data-dir', join(dir, 'db')];
  const policyFile = join(dir, 'policies.json');
  const policies = serverPolicySet();
  writeFileSync(policyFile, JSON.stringify(policies));
  const bodies = decideBodies(200);
  const meanBody = Math.round(bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / bodies.length);

  console.log('Decision Mode server bench: POST /api/v1/decide through `gatehouse serve` on 127.0.0.1, driven by autocannon');
  console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; server and autocannon share them`);
  console.log(`store: ${backend}; policies: ${policies.policies?.length ?? 0} own + packs ${(policies.packs ?? []).join(', ')}`);
  console.log(`requests: ${bodies.length} distinct bodies, 1 KB prompts (a third with PII), mean body ${meanBody} bytes; API key auth (Bearer), cached key lookup`);
  console.log(`server: ${options.fromDist ? 'dist/cli/gatehouse.js on node (build first: npm run build)' : 'src/cli/gatehouse.ts through tsx'}`);
  console.log(`load: ${options.connections} connections, pipelining 1, ${options.warmupS} s warm-up then ${options.durationS} s measured, ${options.runs} run(s) per mode\n`);

  let store: GatehouseStore | undefined;
  let key: string;
  try {
    store = await openStore(storeOptions);
    await migrate(store);
    key = (await createApiKeyManager({ store: createKyselyApiKeyStore(store), audit: 'off' }).create({ orgId: 'acme', clientId: 'bench', actor: platformOperator('bench') })).key.expose();
  } finally {
    await store?.close();
  }

  const results: ModeResult[] = [];
  let meanResponseBytes = 0;
  try {
    for (let run = 1; run <= options.runs; run++) {
      // With --audit-thread-ab, audit on runs both ways, in alternating order from run to run.
      const audited = !options.auditThreadAb ? (['buffered'] as const) : run % 2 === 1 ? (['buffered', 'buffered-main'] as const) : (['buffered-main', 'buffered'] as const);
      for (const mode of ['off', 'floor', ...audited] as const) {
        const auditOn = mode === 'buffered' || mode === 'buffered-main';
        const before = auditOn ? await countAuditRows(storeOptions) : 0;
        const auditArgs = mode === 'buffered-main' ? ['--audit', 'buffered', '--audit-thread', 'off'] : ['--audit', mode];
        const serve = mode === 'floor'
          ? await startServe([String(meanResponseBytes)], undefined, join(ROOT, 'bench/server/floor-server.ts'))
          : await startServe(['serve', '--policies', policyFile, '--port', '0', ...auditArgs, ...storeArgs], options.cpuProfDir, options.fromDist ? DIST_CLI : undefined);
        let answered = 0;
        let measured: Awaited<ReturnType<typeof drive>>;
        let cpu = { server: Number.NaN, client: Number.NaN, database: Number.NaN };
        try {
          if (mode !== 'floor') {
            const checked = await sanity(serve.url, key, bodies);
            answered += checked.answered;
            meanResponseBytes = checked.meanResponseBytes;
            if (run === 1 && mode === 'off') console.log(`sanity: ${checked.answered} requests answered 200; verdicts ${JSON.stringify(checked.verdicts)}; mean response ${checked.meanResponseBytes} bytes\n`);
          }
          const warm = await drive(serve.url, key, bodies, options.connections, options.warmupS);
          answered += warm.twoxx;
          const serverCpu0 = processCpuSeconds(serve.child.pid);
          const databaseCpu0 = localDatabase ? postgresCpuSeconds() : Number.NaN;
          const clientCpu0 = process.cpuUsage();
          measured = await drive(serve.url, key, bodies, options.connections, options.durationS);
          const clientCpu = process.cpuUsage(clientCpu0);
          cpu = {
            server: (processCpuSeconds(serve.child.pid) - serverCpu0) * 1e6 / measured.count,
            client: (clientCpu.user + clientCpu.system) / measured.count,
            database: ((localDatabase ? postgresCpuSeconds() : Number.NaN) - databaseCpu0) * 1e6 / measured.count,
          };
          answered += measured.twoxx;
        } finally {
          const code = await stopServe(serve.child);
          if (code !== 0) console.log(`note: gatehouse serve exited with ${code}; stderr tail: ${serve.stderr().slice(-300)}`);
        }
        const sorted = Float64Array.from(measured.latencies).sort();
        const result: ModeResult = {
          mode, run, rps: measured.rps, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN,
          autocannonP99: measured.autocannonP99, serverCpuUs: cpu.server, clientCpuUs: cpu.client, databaseCpuUs: cpu.database, responses: measured.count, non2xx: measured.non2xx, errors: measured.errors,
        };
        // Each autocannon run stops counting with up to `connections` requests still in flight; the server answers (and audits) them.
        if (auditOn) result.audited = { expected: answered, written: (await countAuditRows(storeOptions)) - before, inFlight: 2 * options.connections };
        results.push(result);
      }
    }
  } finally {
    if (pgUrl) {
      const admin = await openStore({ url: pgUrl, schema });
      try {
        await sql.raw(`drop schema if exists "${schema}" cascade`).execute(admin.admin);
      } finally {
        await admin.close();
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(formatTable(
    ['audit', 'run', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'autocannon p99', 'server CPU µs/req', 'client CPU µs/req', ...(localDatabase ? ['PostgreSQL CPU µs/req'] : []), 'non-2xx', 'errors', 'audit rows written'],
    results.map((r) => [
      r.mode, String(r.run), fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.max, 1), `${r.autocannonP99} ms`, fmt(r.serverCpuUs, 0), fmt(r.clientCpuUs, 0), ...(localDatabase ? [fmt(r.databaseCpuUs, 0)] : []), String(r.non2xx), String(r.errors),
      r.audited ? `${r.audited.written} of ${r.audited.expected}(+${r.audited.inFlight})` : '-',
    ]),
  ));
  console.log('\nLatency is measured per response in this process (autocannon\'s own histogram keeps whole milliseconds).');
  console.log(`Server CPU: the serve process's user+system time over the measured window per answer${pgUrl ? ' (PostgreSQL\'s own processes not included)' : ' (PGlite runs inside it)'}; one core's ceiling is about 1e6 / that req/s.`);
  if (localDatabase) console.log('PostgreSQL CPU: every local postgres process over the same window, per answer (the same cores; anything else using that PostgreSQL counts too).');
  if (options.cpuProfDir !== undefined) console.log(`CPU profiles of the server: ${options.cpuProfDir} (per run and mode, one file per thread; the largest is the main thread).`);
  console.log('floor: a bare node:http server (bench/server/floor-server.ts) that reads and parses the same bodies and answers with a JSON body of the mean decide response size, driven the same way: the most a Node server gets here.');
  console.log('Audit rows: counted in the store after the server drained its queue and exited; "(+n)": requests still in flight when autocannon stopped counting.');
  const on = results.filter((r) => r.mode === 'buffered');
  const best = on.reduce((a, b) => (b.rps > a.rps ? b : a), on[0]!);
  const median = [...on].sort((a, b) => a.rps - b.rps)[Math.floor((on.length - 1) / 2)]!; // the lower median
  const clean = results.filter((r) => r.audited !== undefined).every((r) => r.non2xx === 0 && r.errors === 0 && r.audited!.written >= r.audited!.expected && r.audited!.written <= r.audited!.expected + r.audited!.inFlight);
  console.log(`\nTargets (issue 6, audit on, buffered, ${backend.split(' ')[0]}), median run of ${on.length}:`);
  console.log(`  throughput >= ${TARGET_RPS} req/s: ${fmt(median.rps, 0)} req/s  ${verdict(median.rps >= TARGET_RPS)}`);
  console.log(`  p99 <= ${TARGET_P99_MS} ms:         ${fmt(median.p99, 2)} ms    ${verdict(median.p99 <= TARGET_P99_MS)}`);
  console.log(`  every answer 2xx and audited:  ${verdict(clean)}`);
  if (on.length > 1) console.log(`  (best run: ${fmt(best.rps, 0)} req/s, p99 ${fmt(best.p99, 2)} ms)`);
  const main = [...results.filter((r) => r.mode === 'buffered-main')].sort((a, b) => a.rps - b.rps);
  if (main.length > 0) {
    const m = main[Math.floor((main.length - 1) / 2)]!;
    const cpu = (rs: readonly ModeResult[]) => [...rs].map((r) => r.serverCpuUs).sort((a, b) => a - b)[Math.floor((rs.length - 1) / 2)]!;
    console.log(`  audit writer on the main thread (--audit-thread off), median run: ${fmt(m.rps, 0)} req/s, p99 ${fmt(m.p99, 2)} ms, server CPU ${fmt(cpu(main), 0)} µs/req (worker thread: ${fmt(cpu(on), 0)} µs/req)`);
  }
  const floor = [...results.filter((r) => r.mode === 'floor')].sort((a, b) => a.rps - b.rps);
  const floorMedian = floor[Math.floor((floor.length - 1) / 2)]!;
  console.log(`  floor (bare node:http, median run): ${fmt(floorMedian.rps, 0)} req/s, p99 ${fmt(floorMedian.p99, 2)} ms; audit on reaches ${fmt(median.rps / floorMedian.rps, 2)}× of the floor's req/s`);
  console.log(`  one-core ceiling of the server from its CPU time: ${fmt(1e6 / median.serverCpuUs, 0)} req/s (audit on), ${fmt(1e6 / (results.find((r) => r.mode === 'off')?.serverCpuUs ?? Number.NaN), 0)} req/s (audit off); load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
