/**
 * See audit.bench.ts. Each round writes ROWS records through the writer (a fresh org, so a
 * fresh chain) and the same rows through plain INSERTs, in alternating order so that neither
 * always runs on a warmer server. The ratio is taken per round (both halves ran under the same
 * machine load) and the median of rounds is reported, as are the median rates. record() latency
 * follows the decide bench: percentiles per round, median of rounds. CPU time per record is
 * reported for the writer's process and, on a local PostgreSQL, for the backends of the store's
 * app connections; then the same writer runs over embedded PGlite (on disk), where the
 * database's work is in this process too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { createAuditKeys, createAuditWriter, hashRecord, toAuditRecord, verifyChain, type AuditRecord } from '../../src/audit/index.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import type { Decision, Verdict } from '../../src/pdp/decision.js';
import { uuidv7 } from '../../src/pdp/uuidv7.js';
import { migrate, openStore, type GatehouseStore } from '../../src/tenancy/index.js';
import { createRng } from '../prng.js';
import { fmt, formatTable, verdict } from '../table.js';
import { median, percentile } from '../stats.js';
import { isLocalDatabase, processCpuSeconds } from '../server/process-cpu.js';

const ROWS = 10_000;
const ROUNDS = 7;
const BATCH = 500;
const ENQUEUE_ROUNDS = 5;
const ENQUEUE_CALLS = 10_000;
const TARGET_RATE = 10_000;
const TARGET_RATIO = 0.5;
const TARGET_P99_US = 50;
const PGLITE_ROUNDS = 3;
const PGLITE_ROWS = 5_000;
const APPLICATION_NAME = 'gatehouse-audit-bench';

const COLUMNS = [
  'org_id', 'seq', 'decision_id', 'client_id', 'user_id', 'user_digest', 'stage', 'verdict', 'evaluated_policies',
  'finding_counts', 'input_digest', 'redacted_text', 'text_digest', 'created_at', 'duration_us', 'trace_id',
  'policy_set_version', 'prev_hash', 'hash',
];

interface Sample {
  decision: Decision;
  prompt: string;
}

/** Decisions as decide() makes them: mostly allows, some redactions and denies, 200 users. */
function makeSamples(orgId: string, n: number, seed: number): Sample[] {
  const rng = createRng(seed);
  const verdicts: Verdict[] = ['allow', 'allow', 'allow', 'allow', 'redact', 'redact', 'deny', 'require_approval'];
  const filler = 'Please summarise the attached quarterly report and list the three largest cost centres. ';
  return Array.from({ length: n }, (_, i) => {
    const v = rng.pick(verdicts);
    const findings = v === 'allow' ? [] : [{ type: rng.pick(['credit_card', 'email', 'iban'] as const), start: 10, end: 29, confidence: 0.95, source: 'text' }];
    return {
      prompt: `${filler.repeat(rng.int(2, 12))}#${i}`,
      decision: {
        decisionId: uuidv7(),
        verdict: v,
        reasons: [],
        evaluatedPolicies: [
          { id: 'pci', matched: v !== 'allow', action: v === 'deny' ? 'block' : v === 'allow' ? 'allow' : v },
          { id: 'secrets', matched: false, action: 'allow' },
        ],
        findings,
        obligations: [],
        timestamp: new Date().toISOString(),
        stage: rng.pick(['input', 'output'] as const),
        identity: { orgId, clientId: `client-${rng.int(1, 5)}`, userId: `user-${rng.int(1, 200)}` },
        policySetVersion: 'bench-v1',
        traceId: randomBytes(16).toString('hex'),
      },
    };
  });
}

/** The baseline's statements: the writer's rows (same values, chained), without RLS or writer. */
function plainInserts(schema: string, records: readonly AuditRecord[]): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  let prevHash: Uint8Array | null = null;
  for (let start = 0; start < records.length; start += BATCH) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const [k, r] of records.slice(start, start + BATCH).entries()) {
      const seq = start + k + 1;
      const hash = hashRecord({ ...r, seq, prevHash });
      const base = params.length;
      params.push(r.orgId, seq, r.decisionId, r.clientId, r.userId, r.userDigest, r.stage, r.verdict, canonicalJson(r.evaluatedPolicies),
        canonicalJson(r.findingCounts), r.inputDigest, r.redactedText, r.textDigest, r.createdAt.toISOString(), r.durationUs, r.traceId,
        r.policySetVersion, prevHash, hash);
      tuples.push(`(${COLUMNS.map((_, c) => `$${base + c + 1}`).join(', ')})`);
      prevHash = hash;
    }
    queries.push(CompiledQuery.raw(`insert into "${schema}".plain_decisions (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, params));
  }
  return queries;
}

interface WriterRun {
  ms: number;
  /** CPU µs per record: this process, and the store's app backends (NaN when not measurable). */
  processUs: number;
  databaseUs: number;
}

/** CPU seconds of the PostgreSQL backends serving the store's app connections (NaN unless local). */
async function appBackendsCpu(store: GatehouseStore, local: boolean): Promise<number> {
  if (!local) return Number.NaN;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${`${APPLICATION_NAME}:app`}`.execute(store.admin);
  return rows.reduce((sum, row) => sum + processCpuSeconds(row.pid), 0);
}

async function timeWriter(store: GatehouseStore, auditSecret: Uint8Array, samples: readonly Sample[], local = false): Promise<WriterRun> {
  const writer = await createAuditWriter(store, { auditSecret, maxBatchSize: BATCH, overflow: 'block' });
  const db0 = await appBackendsCpu(store, local);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const { decision, prompt } of samples) await writer.record(decision, { input: prompt, durationUs: 150 });
  await writer.flush();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const db = (await appBackendsCpu(store, local)) - db0;
  await writer.close();
  if (writer.counters.written !== samples.length || writer.counters.failed !== 0) throw new Error(`writer wrote ${writer.counters.written} of ${samples.length}`);
  return { ms, processUs: (cpu.user + cpu.system) / samples.length, databaseUs: (db * 1e6) / samples.length };
}

async function timePlain(store: GatehouseStore, queries: readonly CompiledQuery[]): Promise<number> {
  const start = performance.now();
  for (const query of queries) await store.admin.executeQuery(query);
  return performance.now() - start;
}

/** record() latency in buffered mode, µs per call, yielding to the writer every 50 calls as a server would. */
async function timeEnqueue(store: GatehouseStore, auditSecret: Uint8Array, samples: readonly Sample[]): Promise<number[]> {
  const writer = await createAuditWriter(store, { auditSecret, maxBatchSize: BATCH, maxQueue: samples.length, overflow: 'fail_closed' });
  const micros: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const { decision, prompt } = samples[i]!;
    const t0 = process.hrtime.bigint();
    const done = writer.record(decision, { input: prompt, durationUs: 150 });
    micros.push(Number(process.hrtime.bigint() - t0) / 1000);
    await done;
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.close();
  return micros.sort((a, b) => a - b);
}


/** The same writer over embedded PGlite on disk: records/s and this process's CPU per record (database included). */
async function benchPGlite(auditSecret: Uint8Array): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-bench-'));
  const store = await openStore({ dataDir: dir });
  try {
    await migrate(store);
    await timeWriter(store, auditSecret, makeSamples('pglite-warmup', 1000, 5));
    const runs: WriterRun[] = [];
    for (let round = 0; round < PGLITE_ROUNDS; round++) runs.push(await timeWriter(store, auditSecret, makeSamples(`pglite-${round}`, PGLITE_ROWS, 300 + round)));
    const chain = await verifyChain(store, 'pglite-0');
    if (!chain.valid || chain.checked !== PGLITE_ROWS) throw new Error(`PGlite chain of round 0 does not verify: ${JSON.stringify(chain.problems.slice(0, 3))}`);
    const rates = runs.map((r) => PGLITE_ROWS / (r.ms / 1000));
    const cpu = runs.map((r) => r.processUs);
    console.log(`\nEmbedded PGlite (on disk), the same writer: median of ${PGLITE_ROUNDS} rounds of ${PGLITE_ROWS.toLocaleString('en-US')} records; the database runs in this process`);
    console.log(formatTable(
      ['', 'median', 'rounds'],
      [
        ['records/s', fmt(median(rates), 0), rates.map((r) => fmt(r, 0)).join(' / ')],
        ['CPU µs per record (process, database included)', fmt(median(cpu), 1), cpu.map((c) => fmt(c, 1)).join(' / ')],
      ],
    ));
    console.log(`  chain of a ${PGLITE_ROWS.toLocaleString('en-US')}-record round verified: ${chain.valid}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runAuditBench(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_audit_${randomBytes(4).toString('hex')}`;
  const started = performance.now();
  const store = await openStore({ url, schema, applicationName: APPLICATION_NAME });
  const local = isLocalDatabase(url);
  try {
    await migrate(store);
    await sql.raw(`create table "${schema}".plain_decisions (like "${schema}".decisions including defaults including constraints including indexes)`).execute(store.admin);
    const { rows: version } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(store.admin);
    console.log(`Gatehouse audit bench: PostgreSQL ${version[0]?.v} at ${new URL(url).host}, schema ${schema}; Node ${process.version}`);
    console.log(`${ROUNDS} rounds × ${ROWS.toLocaleString('en-US')} records, batches of ${BATCH}; writer (RLS, chain, HMAC) vs plain multi-row INSERT into an unprotected copy (same columns and indexes)`);
    const { loadavg, cpus } = await import('node:os');
    console.log(`Load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs: other work on the machine lowers every figure here.`);

    const auditSecret = randomBytes(32);
    const keys = createAuditKeys(auditSecret);
    // Warm-up: JIT, connections, catalog caches.
    const warm = makeSamples('bench-warmup', 2000, 7);
    await timeWriter(store, auditSecret, warm);
    await timePlain(store, plainInserts(schema, warm.map((s) => toAuditRecord({ ...s.decision, identity: { ...s.decision.identity, orgId: 'bench-warmup-plain' } }, { keys, input: s.prompt }))));

    const writerRates: number[] = [];
    const plainRates: number[] = [];
    const ratios: number[] = [];
    const processUs: number[] = [];
    const databaseUs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const samples = makeSamples(`bench-w${round}`, ROWS, 100 + round);
      const plain = plainInserts(schema, samples.map((s) => toAuditRecord({ ...s.decision, identity: { ...s.decision.identity, orgId: `bench-p${round}` } }, { keys, input: s.prompt, durationUs: 150 })));
      let run: WriterRun;
      let b = 0;
      if (round % 2 === 0) {
        run = await timeWriter(store, auditSecret, samples, local);
        b = ROWS / ((await timePlain(store, plain)) / 1000);
      } else {
        b = ROWS / ((await timePlain(store, plain)) / 1000);
        run = await timeWriter(store, auditSecret, samples, local);
      }
      const w = ROWS / (run.ms / 1000);
      processUs.push(run.processUs);
      databaseUs.push(run.databaseUs);
      writerRates.push(w);
      plainRates.push(b);
      ratios.push(w / b);
    }
    const chain = await verifyChain(store, 'bench-w0');
    if (!chain.valid || chain.checked !== ROWS) throw new Error(`chain of round 0 does not verify: ${JSON.stringify(chain.problems.slice(0, 3))}`);

    const latency: { p50: number; p99: number; p999: number; max: number }[] = [];
    for (let round = 0; round < ENQUEUE_ROUNDS; round++) {
      const sorted = await timeEnqueue(store, auditSecret, makeSamples(`bench-enqueue-${round}`, ENQUEUE_CALLS, 999 + round));
      latency.push({ p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), p999: percentile(sorted, 0.999), max: sorted[sorted.length - 1]! });
    }
    const p50 = median(latency.map((l) => l.p50));
    const p99 = median(latency.map((l) => l.p99));
    const p999 = median(latency.map((l) => l.p999));

    const writerRate = median(writerRates);
    const plainRate = median(plainRates);
    const ratio = median(ratios);
    const list = (values: readonly number[], digits = 0) => values.map((v) => fmt(v, digits)).join(' / ');
    console.log(`\nSustained inserts, records/s (median of ${ROUNDS} rounds of ${ROWS.toLocaleString('en-US')}; writer and plain alternate first)`);
    console.log(formatTable(
      ['contender', 'median', 'rounds'],
      [
        ['audit writer (buffered, RLS, hash chain, HMAC)', fmt(writerRate, 0), list(writerRates)],
        ['plain multi-row INSERT, no RLS', fmt(plainRate, 0), list(plainRates)],
        ['writer ÷ plain, same round', `${fmt(ratio * 100, 0)}%`, ratios.map((r) => `${fmt(r * 100, 0)}%`).join(' / ')],
      ],
    ));
    console.log(`  chain of a ${ROWS.toLocaleString('en-US')}-record round verified: ${chain.valid}`);
    console.log(`\nCPU time per record written, µs (median of ${ROUNDS} rounds; the PostgreSQL backends only when the database runs here)`);
    console.log(formatTable(
      ['', 'median', 'rounds'],
      [
        ['writer process (mapping, HMACs, hashing, driver)', fmt(median(processUs), 1), list(processUs, 1)],
        ['PostgreSQL backends of the app connections', fmt(median(databaseUs), 1), list(databaseUs, 1)],
      ],
    ));
    await benchPGlite(auditSecret);
    console.log(`\nRequest path: writer.record() in buffered mode (mapping, HMACs, enqueue), µs; median of ${ENQUEUE_ROUNDS} rounds of ${ENQUEUE_CALLS.toLocaleString('en-US')} calls`);
    console.log(formatTable(
      ['', 'p50', 'p99', 'p99.9', 'max'],
      [
        ['median of rounds', fmt(p50, 1), fmt(p99, 1), fmt(p999, 1), fmt(median(latency.map((l) => l.max)), 0)],
        ...latency.map((l, i) => [`round ${i + 1}`, fmt(l.p50, 1), fmt(l.p99, 1), fmt(l.p999, 1), fmt(l.max, 0)]),
      ],
    ));

    console.log('\nTargets');
    console.log(`  ${verdict(writerRate >= TARGET_RATE)}  audit writer ≥ ${TARGET_RATE.toLocaleString('en-US')} records/s: ${fmt(writerRate, 0)}`);
    console.log(`  ${verdict(ratio >= TARGET_RATIO)}  audit writer ≥ ${TARGET_RATIO * 100}% of plain INSERT: ${fmt(ratio * 100, 0)}% (median of per-round ratios; medians ${fmt(writerRate, 0)} vs ${fmt(plainRate, 0)})`);
    console.log(`  ${verdict(p99 <= TARGET_P99_US)}  record() p99 ≤ ${TARGET_P99_US} µs in buffered mode: ${fmt(p99, 1)} µs`);
  } finally {
    await sql.raw(`drop schema if exists "${schema}" cascade`).execute(store.admin).catch(() => undefined);
    await store.close();
    console.log(`\n(done in ${fmt((performance.now() - started) / 1e3, 1)} s)`);
  }
}
