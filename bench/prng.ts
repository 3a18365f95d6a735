/**
 * A small seeded PRNG (mulberry32), so the bench corpus is byte-identical on every run and
 * figures from different machines or commits are comparable.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** `count` random decimal digits. */
  digits(count: number): string;
  /** `count` characters drawn from `alphabet`. */
  chars(alphabet: string, count: number): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const chars = (alphabet: string, count: number): string => {
    let s = '';
    for (let i = 0; i < count; i++) s += alphabet[int(0, alphabet.length - 1)];
    return s;
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
    chance: (p) => next() < p,
    digits: (count) => chars('0123456789', count),
    chars,
  };
}
