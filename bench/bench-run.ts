/**
 * The bench itself (see detect.bench.ts): builds the corpus, times every contender
 * interleaved, and prints the throughput table, the per-detector breakdown and the targets.
 */
import { Redactor } from '@redactpii/node';
import { SyncRedactor } from 'redact-pii';
import { DETECTORS } from '../src/detectors/registry.js';
import { detect, scanSql, type DetectorType, type Finding } from '../src/index.js';
import { buildCorpus, chunkText, type Corpus } from './corpus.js';
import { checkCorpusAgainstValidators } from './corpus-check.js';
import { fmt, formatTable, verdict } from './table.js';
import { measureInterleaved, timingSink, type Contender, type Measurement } from './timing.js';

const CORPUS_LENGTH = 1_000_000;
const CHUNK_LENGTH = 4096;
const TARGET_MB_PER_SEC = 50;
const TARGET_COST_RATIO = 1.5;

/** A contender measured both ways: over the 4 KB chunks, and on the whole 1 MB string. */
interface PairedContender {
  name: string;
  process(text: string): number;
  /** Caps rounds for very slow contenders, so the bench stays under ~2 minutes. */
  maxRounds?: number;
  /** Not run on the 1 MB string (e.g. an input limit makes it meaningless). */
  chunksOnly?: boolean;
}

function overChunks(chunks: readonly string[], process: (text: string) => number): () => number {
  return () => {
    let n = 0;
    for (const chunk of chunks) n += process(chunk);
    return n;
  };
}

function countFloor(text: string): number {
  // The cheapest scan any PII detector must at least do: find every digit or @.
  const re = /[0-9@]/g;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

function splitContenders(paired: readonly PairedContender[], corpus: string, chunks: readonly string[]): Contender[] {
  const out: Contender[] = [];
  for (const p of paired) {
    out.push({ name: `${p.name} @4KB`, bytes: corpus.length, run: overChunks(chunks, p.process), maxRounds: p.maxRounds });
    if (!p.chunksOnly) out.push({ name: `${p.name} @1MB`, bytes: corpus.length, run: () => p.process(corpus), maxRounds: p.maxRounds });
  }
  return out;
}

function byName(measurements: readonly Measurement[]): Map<string, Measurement> {
  return new Map(measurements.map((m) => [m.name, m]));
}

function reportPlanted(corpus: Corpus, findings: readonly Finding[], verbose: boolean): void {
  // Planted values found with the right type tell whether the corpus and detectors agree;
  // findings on nothing planted are candidates for false positives on ordinary prose.
  const planted = new Map<DetectorType, { total: number; found: number }>();
  for (const p of corpus.planted) {
    const entry = planted.get(p.type) ?? { total: 0, found: 0 };
    entry.total++;
    planted.set(p.type, entry);
  }
  const sorted = [...corpus.planted].sort((a, b) => a.start - b.start);
  const unplanted = new Map<DetectorType, Finding[]>();
  let j = 0;
  const foundKeys = new Set<string>();
  for (const f of findings) {
    while (j < sorted.length && sorted[j]!.end <= f.start) j++;
    let hit = false;
    for (let k = j; k < sorted.length && sorted[k]!.start < f.end; k++) {
      const p = sorted[k]!;
      if (p.type === f.type) {
        hit = true;
        foundKeys.add(`${p.start}`);
      }
    }
    if (!hit) {
      const list = unplanted.get(f.type);
      if (list) list.push(f);
      else unplanted.set(f.type, [f]);
    }
  }
  for (const p of corpus.planted) if (foundKeys.has(`${p.start}`)) planted.get(p.type)!.found++;

  const types = [...new Set<DetectorType>([...planted.keys(), ...unplanted.keys()])].sort();
  const rows = types.map((t) => {
    const e = planted.get(t) ?? { total: 0, found: 0 };
    return [t, String(e.total), String(e.found), String(unplanted.get(t)?.length ?? 0)];
  });
  console.log(`\nCorpus sanity (detect() on the 1 MB string): ${findings.length} findings, ${corpus.planted.length} planted values`);
  console.log(formatTable(['type', 'planted', 'found', 'other findings (possible FP)'], rows));
  if (verbose) {
    for (const [type, list] of unplanted) {
      console.log(`  ${type}: ${list.slice(0, 15).map((f) => JSON.stringify(f.value)).join(', ')}${list.length > 15 ? ' …' : ''}`);
    }
  } else if (unplanted.size > 0) {
    console.log('  (run with --verbose to list the other findings)');
  }
}

function reportMain(m: Map<string, Measurement>, paired: readonly PairedContender[]): { detect4: number; detect1: number; redact4: number; redact1: number } {
  const get = (name: string): number => m.get(name)?.mbPerSec ?? Number.NaN;
  const redact4 = get('@redactpii/node @4KB');
  const redact1 = get('@redactpii/node @1MB');
  const floor4 = get('floor /[0-9@]/g @4KB');
  const floor1 = get('floor /[0-9@]/g @1MB');
  const rows = paired.map((p) => {
    const a = get(`${p.name} @4KB`);
    const b = p.chunksOnly ? Number.NaN : get(`${p.name} @1MB`);
    return [
      p.name,
      fmt(a),
      fmt(b),
      fmt(a / b, 2),
      `${fmt(a / redact4, 2)} / ${fmt(b / redact1, 2)}`,
      `${fmt(floor4 / a, 1)} / ${fmt(floor1 / b, 1)}`,
      String(m.get(`${p.name} @4KB`)?.samples.length ?? 0),
    ];
  });
  console.log('\nThroughput (median of interleaved rounds; MB = 10^6 chars)');
  console.log(formatTable(
    ['contender', '4KB MB/s', '1MB MB/s', 'cost/byte 1MB÷4KB', 'speed vs @redactpii/node (4KB / 1MB)', 'cost vs floor (4KB / 1MB)', 'rounds'],
    rows,
  ));
  console.log('  speed vs @redactpii/node: >1 is faster. cost vs floor: how many times the cost of one /[0-9@]/g pass.');
  return { detect4: get('gatehouse detect() @4KB'), detect1: get('gatehouse detect() @1MB'), redact4, redact1 };
}

function reportBreakdown(corpus: string, chunks: readonly string[]): void {
  const groups = [
    { name: '(detect overhead, no detector)', types: [] as readonly DetectorType[] },
    ...DETECTORS.map((d) => ({ name: d.name, types: d.types })),
  ];
  const paired: PairedContender[] = groups.map((g) => ({
    name: g.name,
    process: (text: string) => detect(text, { types: g.types }).length,
  }));
  const m = byName(measureInterleaved(splitContenders(paired, corpus, chunks), { rounds: 5, minSampleMs: 20, warmupMs: 60 }));
  const costs = groups.map((g) => {
    const ms4 = m.get(`${g.name} @4KB`)!.medianMs;
    const ms1 = m.get(`${g.name} @1MB`)!.medianMs;
    return { g, ms4, ms1, findings: detect(corpus, { types: g.types }).length };
  });
  const total1 = costs.slice(1).reduce((s, c) => s + c.ms1, 0);
  costs.sort((a, b) => b.ms1 - a.ms1);
  console.log('\nPer-detector breakdown: detect(text, { types: detector.types }), ms per MB (1 MB = 10^6 chars)');
  console.log(formatTable(
    ['detector', 'types', 'ms/MB @4KB', 'ms/MB @1MB', 'MB/s @1MB', 'share of sum', 'findings'],
    costs.map((c) => [
      c.g.name,
      c.g.types.join(',') || '-',
      fmt(c.ms4, 2),
      fmt(c.ms1, 2),
      fmt(1e3 / c.ms1, 0),
      c.g.types.length ? `${fmt((c.ms1 / total1) * 100, 0)}%` : '-',
      String(c.findings),
    ]),
    ['left', 'left'],
  ));
  console.log(`  sum of per-detector costs @1MB: ${fmt(total1, 2)} ms/MB (each includes detect()'s own overhead)`);
}

/** Runs the whole bench and prints its report. `verbose` lists unexpected findings on the corpus. */
export function runBench(verbose: boolean): void {
  const started = performance.now();
  const corpus = buildCorpus(CORPUS_LENGTH);
  const chunks = chunkText(corpus.text, CHUNK_LENGTH);
  console.log(`Gatehouse bench: corpus ${corpus.text.length.toLocaleString('en-US')} chars (seeded), ${chunks.length} chunks of ≤${CHUNK_LENGTH}, ${corpus.planted.length} planted PII/secret values`);
  console.log(`Node ${process.version}, ${DETECTORS.length} detectors registered`);

  const check = checkCorpusAgainstValidators(corpus);
  console.log(`Generator cross-check: ${check.checked} planted values checked with the project's validators, ${check.disagreements.length} rejected${check.missing.length ? ` (not exported yet: ${check.missing.join(', ')})` : ''}`);
  for (const d of check.disagreements.slice(0, 10)) console.log(`  rejected: ${d}`);

  reportPlanted(corpus, detect(corpus.text), verbose);

  const redactpii = new Redactor();
  const redactPii = new SyncRedactor();
  const paired: PairedContender[] = [
    { name: 'gatehouse detect()', process: (t) => detect(t).length },
    { name: '@redactpii/node', process: (t) => redactpii.redact(t).length },
    // redact-pii runs ~3 MB/s; five rounds keep the bench under two minutes.
    { name: 'redact-pii', process: (t) => redactPii.redact(t).length, maxRounds: 5 },
    { name: 'floor /[0-9@]/g', process: countFloor },
    // scanSql is for single prompts, and caps input at 1 MB by default: chunks only.
    { name: 'scanSql (info)', process: (t) => (scanSql(t).detected ? 1 : 0), chunksOnly: true },
  ];
  const results = byName(measureInterleaved(splitContenders(paired, corpus.text, chunks)));
  const r = reportMain(results, paired);

  reportBreakdown(corpus.text, chunks);

  const ratio = r.detect4 / r.detect1;
  console.log('\nTargets');
  console.log(`  ${verdict(r.detect4 >= TARGET_MB_PER_SEC && r.detect1 >= TARGET_MB_PER_SEC)}  detect() ≥ ${TARGET_MB_PER_SEC} MB/s in both modes: ${fmt(r.detect4)} MB/s @4KB, ${fmt(r.detect1)} MB/s @1MB`);
  console.log(`  ${verdict(r.detect4 >= r.redact4 && r.detect1 >= r.redact1)}  detect() ≥ @redactpii/node throughput: ${fmt(r.detect4)} vs ${fmt(r.redact4)} MB/s @4KB, ${fmt(r.detect1)} vs ${fmt(r.redact1)} MB/s @1MB`);
  console.log(`  ${verdict(ratio <= TARGET_COST_RATIO)}  detect() cost per byte @1MB within ${TARGET_COST_RATIO}× of @4KB: ratio ${fmt(ratio, 2)}`);
  console.log(`\n(done in ${fmt((performance.now() - started) / 1e3, 1)} s; sink ${timingSink() % 1000})`);
}
