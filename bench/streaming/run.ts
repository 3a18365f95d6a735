/**
 * The stream-redaction bench (see streaming.bench.ts): a 100 KB model-like reply streamed in
 * 20-character deltas through the working tree's redactor and a baseline commit's, timed
 * interleaved. Prints throughput, the ratio, engine calls, characters the engine read per
 * character streamed, the most held back, and whether the two outputs agree.
 */
import { DETECTOR_TYPES } from '../../src/detectors/types.js';
import { createPolicyEngine } from '../../src/pdp/create-policy-engine.js';
import { createStreamRedactor, type DecideSegment } from '../../src/pep/streaming/index.js';
import { buildCorpus } from '../corpus.js';
import { createRng, type Rng } from '../prng.js';
import { fmt, formatTable } from '../table.js';
import { measureInterleaved, timingSink, type Contender } from '../timing.js';
import { loadBaseline } from './git-baseline.js';

const LENGTH = 100_000;
const DELTA = 20;

/** Every detector type redacted with its label, and one keyword rule: what a model's output policy does. */
const engine = createPolicyEngine({
  redactionSecret: 'gatehouse-bench-redaction-secret-0123456789',
  policies: { policies: [
    { id: 'redact-all', kind: 'detector', types: Object.fromEntries(DETECTOR_TYPES.map((t) => [t, { action: 'redact' }])) as never },
    { id: 'codename', kind: 'text', keywords: ['Project Falcon'], action: 'redact' },
  ] },
});

interface Scenario {
  name: string;
  text: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 4096-bit-sized PEM block (about 3,200 characters) and a JWT of about 2,500: longer than the window. */
function longValues(rng: Rng): string {
  const body = rng.chars(BASE64, 3136).match(/.{1,64}/g)!.join('\n');
  const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${rng.chars(BASE64URL, 2400)}.${rng.chars(BASE64URL, 43)}`;
  return `Here is the key:\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\nAnd your session token is ${jwt}. `;
}

/**
 * The bench corpus as a reply (prose, code, values every 500–1000 characters); the same with a
 * long key block and a long JWT every 20 KB; and the first without white space (every cut forced).
 */
function scenarios(): Scenario[] {
  const reply = buildCorpus(LENGTH).text;
  const rng = createRng(0x5eed);
  const withLong = Array.from({ length: LENGTH / 20_000 }, (_, i) => reply.slice(i * 20_000, (i + 1) * 20_000) + longValues(rng)).join('').slice(0, LENGTH);
  return [
    { name: 'model-like reply', text: reply },
    { name: 'with long keys and JWTs', text: withLong },
    { name: 'no white space', text: reply.replace(/\s+/g, ';') },
  ];
}

const deltas = (text: string): string[] => Array.from({ length: Math.ceil(text.length / DELTA) }, (_, i) => text.slice(i * DELTA, (i + 1) * DELTA));

interface StreamStats {
  out: string;
  decisions: number;
  charsDecided: number;
  maxPending: number;
}

function streamOnce(create: typeof createStreamRedactor, chunks: readonly string[]): StreamStats {
  let charsDecided = 0;
  const decide: DecideSegment = (text) => {
    charsDecided += text.length;
    return engine.decide({ orgId: 'bench', stage: 'output', text });
  };
  const r = create({ decide });
  let out = '';
  let maxPending = 0;
  for (const chunk of chunks) {
    out += r.push(chunk);
    maxPending = Math.max(maxPending, r.pending);
  }
  out += r.end();
  return { out, decisions: r.decisions, charsDecided, maxPending };
}

export async function runStreamingBench(ref: string): Promise<void> {
  const baseline = await loadBaseline(ref);
  try {
    const versions = [{ name: 'working tree', create: createStreamRedactor }, { name: ref, create: baseline.createStreamRedactor }];
    const rows: string[][] = [];
    for (const { name, text } of scenarios()) {
      const chunks = deltas(text);
      const whole = engine.decide({ orgId: 'bench', stage: 'output', text }).redactedText ?? text;
      const contenders: Contender[] = versions.map((v) => ({ name: v.name, bytes: text.length, run: () => streamOnce(v.create, chunks).out.length }));
      const [current, old] = measureInterleaved(contenders, { rounds: 9, minSampleMs: 200, warmupMs: 500 });
      const stats = versions.map((v) => streamOnce(v.create, chunks));
      for (const [i, m] of [current!, old!].entries()) {
        const s = stats[i]!;
        rows.push([name, m.name, fmt(m.mbPerSec * 1000, 0), fmt(m.medianMs, 1), String(s.decisions), fmt(s.charsDecided / text.length, 2), String(s.maxPending), s.out === whole ? 'yes' : 'no']);
      }
      rows.push([name, 'ratio (working tree / baseline)', fmt(current!.mbPerSec / old!.mbPerSec, 2), '', '', '', '', stats[0]!.out === stats[1]!.out ? 'same output' : 'outputs differ']);
    }
    console.log(`Stream redaction: ${LENGTH / 1000} KB in ${DELTA}-character deltas, working tree against ${ref} (interleaved, median of 9 rounds)\n`);
    console.log(formatTable(['text', 'version', 'KB/s', 'ms/stream', 'decide calls', 'chars read / char', 'most held back', '= whole-text redaction'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left']));
    console.log(`\n(sink ${timingSink() % 997})`);
  } finally {
    baseline.dispose();
  }
}
