/**
 * Ablation bench for the server's CPU per request: `npx tsx bench/server/ablation.ts [--slice s]
 * [--rounds n] [--only a,b] [--b-node-flags "<flags>"] [--b-server-args "<args>"] [--b-root dir]
 * [--cpu-prof-dir dir]`. Starts ablation-server.ts processes and the bare floor server:
 * - `als`: as shipped;
 * - `no-als`: AsyncLocalStorage replaced by a pass-through;
 * - `b` (when a `--b-…` option is given): with those node flags and server arguments (e.g.
 *   `--audit-batch 100`), from another checkout with `--b-root dir` (an interleaved before/after).
 * Then drives each chosen variant port with autocannon in alternating slices, reading the owning
 * process's CPU time over each slice and each response's latency, and prints per variant the
 * median server CPU µs per request (its system part, and its main thread's), req/s and p99.
 * `--only a,b` drives the variants whose names start with a or b (e.g. `als full,b full`); a
 * process none of them needs is not started. `--cpu-prof-dir` profiles the servers (sum one
 * with profile-summary.ts). PostgreSQL when DATABASE_URL is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openStore } from '../../src/tenancy/index.js';
import { sql } from 'kysely';
import { percentile } from '../stats.js';
import { mainThreadCpuSeconds, processCpuSeconds, processSystemSeconds } from './process-cpu.js';
import { decideBodies, serverPolicySet } from './server-set.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const num = (name: string, d: number) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : d);
const sliceS = num('slice', 2);
const rounds = num('rounds', 3);
const profDir = argv.includes('--cpu-prof-dir') ? argv[argv.indexOf('--cpu-prof-dir') + 1]! : undefined;
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : undefined;
const words = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]!.split(' ').filter(Boolean) : undefined);
const bFlags = words('b-node-flags');
const bArgs = words('b-server-args');
const bRoot = argv.includes('--b-root') ? argv[argv.indexOf('--b-root') + 1]! : undefined;
const pgUrl = process.env.DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ablation-'));
const policyFile = join(dir, 'policies.json');
writeFileSync(policyFile, JSON.stringify(serverPolicySet()));
const bodies = decideBodies(200);
const env = { ...process.env, GATEHOUSE_AUDIT_SECRET: 'gatehouse-bench-audit-secret-0123456789abcdef' };

interface Target { name: string; url: string; child: ChildProcess; key: string }

/** Spawns a server script and resolves with its stdout once `until` matches. */
function start(args: string[], until: RegExp, children: ChildProcess[], nodeFlags: string[] = []): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, [...nodeFlags, ...process.execArgv, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      if (until.test(out)) resolve({ child, out });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
}

/** One slice: the 2xx count and the exact p99 latency in ms. */
async function drive(t: Target, seconds: number): Promise<{ n: number; p99: number }> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${t.url}/api/v1/decide`, connections: 10, pipelining: 1, duration: seconds, timeout: 10,
    headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${t.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { n: result['2xx'], p99: percentile(Float64Array.from(latencies).sort(), 0.99) };
}

// The audit thread (startAuditThread) is started only when its variant may be driven.
const workerAuditArg = only === undefined || only.some((o) => o.includes('workeraudit')) ? ['--worker-audit'] : [];

const PROCESSES = [
  { name: 'als', serverArgs: [] as string[], nodeFlags: [] as string[], root: undefined as string | undefined },
  { name: 'no-als', serverArgs: ['--no-als'], nodeFlags: [] as string[], root: undefined as string | undefined },
  ...(bFlags || bArgs || bRoot ? [{ name: 'b', serverArgs: bArgs ?? [], nodeFlags: bFlags ?? [], root: bRoot }] : []),
];

const children: ChildProcess[] = [];
const schemas: string[] = [];
const targets: Target[] = [];
try {
  for (const proc of PROCESSES) {
    if (only !== undefined && !only.some((o) => o.startsWith(`${proc.name} `))) continue;
    const schema = `ablation_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const store = pgUrl ? ['--database-url', pgUrl, '--schema', schema] : ['--data-dir', join(dir, `db-${proc.name}`)];
    const prof = profDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
    const { child, out } = await start([join(proc.root ?? ROOT, 'bench/server/ablation-server.ts'), '--policies', policyFile, ...store, ...workerAuditArg, ...proc.serverArgs], /^ready$/m, children, [...prof, ...proc.nodeFlags]);
    const key = /^key (\S+)$/m.exec(out)![1]!;
    for (const m of out.matchAll(/^variant (\S+) (\S+)$/gm)) targets.push({ name: `${proc.name} ${m[1]}`, url: m[2]!, child, key });
  }
  const floor = await start([join(ROOT, 'bench/server/floor-server.ts'), '2240'], /listening on (\S+)/, children);
  targets.push({ name: 'floor process', url: /listening on (\S+)/.exec(floor.out)![1]!, child: floor.child, key: '' });
  const chosen = only ? targets.filter((t) => only.some((o) => t.name.startsWith(o))) : targets;

  const samples = new Map<string, { us: number; sysUs: number; mainUs: number; rps: number; p99: number }[]>();
  for (const t of chosen) await drive(t, 1); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const t of round % 2 === 0 ? chosen : [...chosen].reverse()) {
      const cpu0 = processCpuSeconds(t.child.pid);
      const sys0 = processSystemSeconds(t.child.pid);
      const main0 = mainThreadCpuSeconds(t.child.pid);
      const { n, p99 } = await drive(t, sliceS);
      const us = ((processCpuSeconds(t.child.pid) - cpu0) * 1e6) / n;
      const sysUs = ((processSystemSeconds(t.child.pid) - sys0) * 1e6) / n;
      const mainUs = ((mainThreadCpuSeconds(t.child.pid) - main0) * 1e6) / n;
      (samples.get(t.name) ?? samples.set(t.name, []).get(t.name)!).push({ us, sysUs, mainUs, rps: n / sliceS, p99 });
    }
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const full = median(samples.get('als full')?.map((s) => s.us) ?? [Number.NaN]);
  console.log(`store: ${pgUrl ? 'PostgreSQL' : 'PGlite'}; ${rounds} rounds of ${sliceS} s slices, 10 connections; median per variant`);
  console.log('variant'.padEnd(26) + 'CPU µs/req'.padStart(11) + 'of it system'.padStart(14) + 'main thread'.padStart(13) + 'vs als full'.padStart(13) + 'req/s'.padStart(9) + 'p99 ms'.padStart(8) + '   samples µs');
  for (const [name, s] of samples) {
    const us = median(s.map((x) => x.us));
    console.log(name.padEnd(26) + us.toFixed(0).padStart(11) + median(s.map((x) => x.sysUs)).toFixed(0).padStart(14) + median(s.map((x) => x.mainUs)).toFixed(0).padStart(13) + (us - full).toFixed(0).padStart(13) + median(s.map((x) => x.rps)).toFixed(0).padStart(9) + median(s.map((x) => x.p99)).toFixed(2).padStart(8) + '   ' + s.map((x) => x.us.toFixed(0)).join(' '));
  }
} finally {
  for (const c of children) {
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
  if (pgUrl) {
    const admin = await openStore({ url: pgUrl, schema: schemas[0]! });
    try {
      for (const s of schemas) await sql.raw(`drop schema if exists "${s}" cascade`).execute(admin.admin);
    } finally {
      await admin.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
