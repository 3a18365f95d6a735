/**
 * Per-call latency, interleaved. Throughput benches (timing.ts) average many calls per sample;
 * a latency target (p99) needs each call timed on its own, so every call here is bracketed by
 * `process.hrtime.bigint()`. Each round runs every contender for its batch of calls, in a
 * rotated order, so the noise of a shared machine (other processes, GC, turbo) spreads over
 * all contenders. Percentiles are computed per round; the report takes the median of rounds.
 */

import { median, percentile } from '../stats.js';

export interface LatencyContender {
  name: string;
  /** Calls timed per round; pick so that one batch lasts tens of milliseconds. */
  callsPerRound: number;
  /** One call. `i` counts calls, for cycling through a pool of inputs. Returns a number so the work is used. */
  run(i: number): number;
}

/** Latency statistics in microseconds. */
export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface LatencyResult {
  name: string;
  /** One entry per round. */
  rounds: LatencyStats[];
  /** Median of each statistic over the rounds. */
  median: LatencyStats;
  calls: number;
}

export interface LatencyOptions {
  rounds: number;
  /** Untimed calls per contender before the first round, for the JIT. */
  warmupCalls: number;
}

let sink = 0;
/** A value derived from every call's result; print it so the work is observably used. */
export function latencySink(): number {
  return sink;
}


function statsOf(nanos: Float64Array): LatencyStats {
  const sorted = nanos.slice().sort();
  let total = 0;
  for (const v of sorted) total += v;
  return {
    p50: percentile(sorted, 0.5) / 1e3,
    p90: percentile(sorted, 0.9) / 1e3,
    p99: percentile(sorted, 0.99) / 1e3,
    mean: total / sorted.length / 1e3,
  };
}

/** Times every call of every contender, interleaving contenders round by round. */
export function measureLatency(contenders: readonly LatencyContender[], options: LatencyOptions): LatencyResult[] {
  const counters = contenders.map(() => 0);
  for (const [k, c] of contenders.entries()) {
    for (let n = 0; n < options.warmupCalls; n++) sink += c.run(counters[k]!++);
  }
  const perRound: LatencyStats[][] = contenders.map(() => []);
  const buffers = contenders.map((c) => new Float64Array(c.callsPerRound));
  for (let round = 0; round < options.rounds; round++) {
    for (let j = 0; j < contenders.length; j++) {
      const k = (j + round) % contenders.length;
      const c = contenders[k]!;
      const buf = buffers[k]!;
      let i = counters[k]!;
      for (let n = 0; n < buf.length; n++) {
        const t0 = process.hrtime.bigint();
        sink += c.run(i++);
        buf[n] = Number(process.hrtime.bigint() - t0);
      }
      counters[k] = i;
      perRound[k]!.push(statsOf(buf));
    }
  }
  return contenders.map((c, k) => {
    const rounds = perRound[k]!;
    const pick = (key: keyof LatencyStats) => median(rounds.map((r) => r[key]));
    return { name: c.name, rounds, median: { p50: pick('p50'), p90: pick('p90'), p99: pick('p99'), mean: pick('mean') }, calls: rounds.length * c.callsPerRound };
  });
}
