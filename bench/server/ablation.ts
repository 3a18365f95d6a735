/**
 * Ablation bench for the server's CPU per request: `npx tsx bench/server/ablation.ts [--slice s]
 * [--rounds n]`. Starts two ablation-server.ts processes (AsyncLocalStorage as is, and replaced
 * by a pass-through) and the bare floor server, then drives each variant port with autocannon in
 * alternating slices, reading the owning process's CPU time over each slice. Prints the median
 * server CPU µs per request and req/s per variant. PostgreSQL when DATABASE_URL is set.
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
import { processCpuSeconds } from './process-cpu.js';
import { decideBodies, serverPolicySet } from './server-set.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const num = (name: string, d: number) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : d);
const sliceS = num('slice', 2);
const rounds = num('rounds', 3);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : undefined;
const pgUrl = process.env.DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ablation-'));
const policyFile = join(dir, 'policies.json');
writeFileSync(policyFile, JSON.stringify(serverPolicySet()));
const bodies = decideBodies(200);
const env = { ...process.env, GATEHOUSE_AUDIT_SECRET: 'gatehouse-bench-audit-secret-0123456789abcdef' };

interface Target { name: string; url: string; child: ChildProcess; key: string }

/** Spawns a server script and resolves with its stdout once `until` matches. */
function start(args: string[], until: RegExp, children: ChildProcess[]): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, [...process.execArgv, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
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

async function drive(t: Target, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${t.url}/api/v1/decide`, connections: 10, pipelining: 1, duration: seconds, timeout: 10,
    headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${t.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result['2xx'];
}

const children: ChildProcess[] = [];
const schemas: string[] = [];
const targets: Target[] = [];
try {
  for (const als of [true, false]) {
    const schema = `ablation_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const store = pgUrl ? ['--database-url', pgUrl, '--schema', schema] : ['--data-dir', join(dir, `db-${als}`)];
    const { child, out } = await start([join(ROOT, 'bench/server/ablation-server.ts'), '--policies', policyFile, ...store, ...(als ? [] : ['--no-als'])], /^ready$/m, children);
    const key = /^key (\S+)$/m.exec(out)![1]!;
    for (const m of out.matchAll(/^variant (\S+) (\S+)$/gm)) targets.push({ name: `${als ? 'als' : 'no-als'} ${m[1]}`, url: m[2]!, child, key });
  }
  const floor = await start([join(ROOT, 'bench/server/floor-server.ts'), '2240'], /listening on (\S+)/, children);
  targets.push({ name: 'floor process', url: /listening on (\S+)/.exec(floor.out)![1]!, child: floor.child, key: '' });
  const chosen = only ? targets.filter((t) => only.some((o) => t.name.includes(o))) : targets;

  const samples = new Map<string, { us: number; rps: number }[]>();
  for (const t of chosen) await drive(t, 1); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const t of round % 2 === 0 ? chosen : [...chosen].reverse()) {
      const cpu0 = processCpuSeconds(t.child.pid);
      const n = await drive(t, sliceS);
      const us = ((processCpuSeconds(t.child.pid) - cpu0) * 1e6) / n;
      (samples.get(t.name) ?? samples.set(t.name, []).get(t.name)!).push({ us, rps: n / sliceS });
    }
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const full = median(samples.get('als full')?.map((s) => s.us) ?? [Number.NaN]);
  console.log(`store: ${pgUrl ? 'PostgreSQL' : 'PGlite'}; ${rounds} rounds of ${sliceS} s slices, 10 connections; median per variant`);
  console.log('variant'.padEnd(26) + 'CPU µs/req'.padStart(11) + 'vs als full'.padStart(13) + 'req/s'.padStart(9) + '   samples µs');
  for (const [name, s] of samples) {
    const us = median(s.map((x) => x.us));
    console.log(name.padEnd(26) + us.toFixed(0).padStart(11) + (us - full).toFixed(0).padStart(13) + median(s.map((x) => x.rps)).toFixed(0).padStart(9) + '   ' + s.map((x) => x.us.toFixed(0)).join(' '));
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
