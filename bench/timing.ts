/**
 * Interleaved timing: each round runs every contender once, in a rotated order, so that the
 * noise of a shared 2-core machine (other processes, turbo, GC) spreads over all contenders
 * instead of penalising whichever happened to run during a noisy second.
 */

import { median } from './stats.js';

export interface Contender {
  name: string;
  /** Characters (≈ bytes: the corpus is ASCII-dominated) processed by one call of `run`. */
  bytes: number;
  /** Processes the input once. Returns a number so the work cannot be optimised away. */
  run(): number;
  /** Cap on timed rounds, for contenders too slow to repeat often. */
  maxRounds?: number;
}

export interface Measurement {
  name: string;
  /** Milliseconds per `run`, one entry per round. */
  samples: number[];
  medianMs: number;
  /** Decimal megabytes (10^6) per second, from the median. */
  mbPerSec: number;
}

export interface TimingOptions {
  rounds: number;
  /** Each timed sample repeats `run` until it lasts about this long, for timer resolution. */
  minSampleMs: number;
  /** JIT warm-up per contender before anything is timed. */
  warmupMs: number;
}

export const DEFAULT_TIMING: TimingOptions = { rounds: 9, minSampleMs: 40, warmupMs: 150 };

let sink = 0;
/** A value derived from every contender's results; print it so the work is observably used. */
export function timingSink(): number {
  return sink;
}


function warmUp(c: Contender, warmupMs: number): number {
  const start = performance.now();
  let runs = 0;
  do {
    sink += c.run();
    runs++;
  } while (runs < 2 || (performance.now() - start < warmupMs && runs < 1000));
  return (performance.now() - start) / runs;
}

export function measureInterleaved(contenders: readonly Contender[], options: TimingOptions = DEFAULT_TIMING): Measurement[] {
  const reps = contenders.map((c) => {
    const estimate = warmUp(c, c.maxRounds !== undefined ? 0 : options.warmupMs);
    return Math.max(1, Math.ceil(options.minSampleMs / Math.max(estimate, 1e-3)));
  });
  const samples: number[][] = contenders.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const c = contenders[i]!;
      if (c.maxRounds !== undefined && samples[i]!.length >= c.maxRounds) continue;
      const n = reps[i]!;
      const start = performance.now();
      for (let r = 0; r < n; r++) sink += c.run();
      samples[i]!.push((performance.now() - start) / n);
    }
  }
  return contenders.map((c, i) => {
    const medianMs = median(samples[i]!);
    return { name: c.name, samples: samples[i]!, medianMs, mbPerSec: c.bytes / 1e6 / (medianMs / 1e3) };
  });
}
