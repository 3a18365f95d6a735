/**
 * One regex pass for the two shared searches that hinge on a pair of adjacent digits:
 *
 * - digit clusters (see digit-clusters.ts): a run of digits and separators holding a seed,
 *   two digits and then four more;
 * - capital codes (see capital-codes.ts): an IBAN start (`DE89`, `GB 82`) and a four-digit
 *   tail (`D1234E`), both of which hold two digits right after a capital (and a space).
 *
 * Run as two regexes, they cost about 1.4 and 1.1 ms per MB of chat prose: the cluster pass
 * stops at every digit and the capital pass at every capital. As one regex that stops only at
 * pairs of digits, `\d\d` followed by the rest of a seed or preceded by a capital, they cost
 * about 1.8. Every IBAN start and tail is reached this way: its pair follows a capital, which
 * no cluster holds, so the pair starts a cluster or is matched on its own, and the code checks
 * the exact pattern there.
 *
 * When only one of the two is wanted, only its own regex runs.
 */
import { isAsciiAlnum, isAsciiDigit as isDigit, isAsciiUpper as isUpper, isWordChar } from '../char-codes.js';
import type { DetectorType, ScanContext, ScanPass } from '../types.js';

/**
 * The rest of a seed after its first two digits: four more digits, each after at most three
 * separator characters, then the rest of the run of cluster characters. Spelling out the four
 * steps (instead of `(?:S{0,3}\d){4}`) lets V8 test the first few characters at once.
 */
const SEED_STEP = String.raw`(?:\d|[ .\-:()\u00a0]{1,3}\d)`;
const SEED_REST = String.raw`${SEED_STEP.repeat(4)}[\d .\-:()+\u00a0]*`;

/**
 * Starting on two digits lets the regex engine dismiss lone digits, which are most of them,
 * without entering the pattern. Taking the rest of the run leaves only the few characters
 * before the seed to be read in code.
 */
const SEEDS = new RegExp(String.raw`\d\d${SEED_REST}`, 'g');
/** A seed, or else a pair of digits after a capital and perhaps a space (`B12`, `B 12`). */
const SEEDS_AND_CAPITAL_PAIRS = new RegExp(String.raw`\d\d(?:${SEED_REST}|(?<=[A-Z] ?\d\d))`, 'g');

/** An IBAN's start: the country code and the check digits. */
const IBAN_START = String.raw`\b[A-Z]{2} ?[0-9]{2}`;
/** A capital, four digits and a capital, ending a token. */
const FOUR_DIGIT_TAIL = String.raw`[A-Z]\d{4}[A-Z](?![A-Za-z0-9])`;
const IBAN_AND_TAILS = new RegExp(`${IBAN_START}|${FOUR_DIGIT_TAIL}`, 'g');
const IBAN_ONLY = new RegExp(IBAN_START, 'g');
const TAILS_ONLY = new RegExp(FOUR_DIGIT_TAIL, 'g');

/** Digits in a seed: no cluster has fewer. */
export const SEED_DIGITS = 6;

/** One cluster: `text.slice(start, end)` starts and ends with a cluster character, not always a digit. */
export interface DigitCluster {
  readonly start: number;
  readonly end: number;
}

export interface DigitPairs {
  /** Every digit cluster, in text order; undefined when no detector that reads them is wanted. */
  readonly clusters: readonly DigitCluster[] | undefined;
  /** Text offsets where an IBAN start matches, in order. They never overlap one another. */
  readonly ibanStarts: readonly number[];
  /** Text offsets where a four-digit tail starts, in order. Tails never overlap: each ends a token. */
  readonly fourDigitTails: readonly number[];
}

/** The types whose detectors read digit clusters (directly, or through digit tokens). */
const CLUSTER_TYPES: readonly DetectorType[] = ['credit_card', 'aadhaar', 'phone', 'nric', 'fin', 'uen', 'ssn', 'nik', 'npwp'];

/** Digits and the separators numbers are written with, `+` included (a country code). */
function isClusterChar(c: number): boolean {
  return isDigit(c) || c === 32 || c === 46 || c === 45 || c === 58 || c === 40 || c === 41 || c === 43 || c === 0xa0;
}

/**
 * Start of the cluster whose seed match ends at `end`. The match is made of cluster characters,
 * at least SEED_DIGITS of them, so the run starts at or before `end - SEED_DIGITS`. Runs are
 * disjoint and the search resumes after each, so every character is visited about twice at most.
 */
function clusterStart(text: string, end: number): number {
  let start = end - SEED_DIGITS;
  while (start > 0 && isClusterChar(text.charCodeAt(start - 1))) start--;
  return start;
}

/** Where an IBAN start whose check digits are at `pair` begins (`AB12`, `AB 12`), or -1. */
function ibanStartBefore(text: string, pair: number): number {
  const gap = text.charCodeAt(pair - 1) === 32 ? 1 : 0;
  const at = pair - 2 - gap;
  if (at < 0 || !isUpper(text.charCodeAt(at)) || !isUpper(text.charCodeAt(at + 1))) return -1;
  return at === 0 || !isWordChar(text.charCodeAt(at - 1)) ? at : -1;
}

/** Is there a four-digit tail (`D1234E`, ending a token) at `at`? */
function isFourDigitTailAt(text: string, at: number): boolean {
  if (!isUpper(text.charCodeAt(at)) || !isUpper(text.charCodeAt(at + 5))) return false;
  for (let k = 1; k <= 4; k++) if (!isDigit(text.charCodeAt(at + k))) return false;
  const after = text.charCodeAt(at + 6);
  return !isAsciiAlnum(after);
}

function findSeedsAndCapitalPairs(text: string, iban: boolean, tails: boolean): DigitPairs {
  const clusters: DigitCluster[] = [];
  const ibanStarts: number[] = [];
  const fourDigitTails: number[] = [];
  const re = SEEDS_AND_CAPITAL_PAIRS;
  re.lastIndex = 0;
  // `test` rather than `exec`: no match array for the thousands of matches per MB. Which of the
  // two alternatives matched shows in the characters before the end: a seed is cluster
  // characters throughout, at least six of them, and a capital pair has its capital there.
  while (re.test(text)) {
    const end = re.lastIndex;
    const before = text.charCodeAt(end - 3);
    if (isUpper(before) || (before === 32 && isUpper(text.charCodeAt(end - 4)))) {
      const pair = end - 2;
      if (iban) pushIbanStart(text, pair, ibanStarts);
      if (tails && isFourDigitTailAt(text, pair - 1)) fourDigitTails.push(pair - 1);
      continue;
    }
    const start = clusterStart(text, end);
    clusters.push({ start, end });
    // An IBAN's check digits may start the cluster (`DE89 3704 0044 …`, `GB 82 …`). A tail
    // never does: its four digits are followed by a capital, too few for a seed.
    if (iban) pushIbanStart(text, text.charCodeAt(start) === 32 ? start + 1 : start, ibanStarts);
  }
  return { clusters, ibanStarts, fourDigitTails };
}

/**
 * Records the IBAN start before `pair`, if there is one. The same pair is found twice when its
 * seed starts later in the cluster (`AB12    345678`): once after the capital, once at the
 * cluster's start.
 */
function pushIbanStart(text: string, pair: number, ibanStarts: number[]): void {
  if (!isDigit(text.charCodeAt(pair))) return;
  const at = ibanStartBefore(text, pair);
  if (at >= 0 && ibanStarts[ibanStarts.length - 1] !== at) ibanStarts.push(at);
}

function findSeeds(text: string): DigitCluster[] {
  const clusters: DigitCluster[] = [];
  SEEDS.lastIndex = 0;
  while (SEEDS.test(text)) clusters.push({ start: clusterStart(text, SEEDS.lastIndex), end: SEEDS.lastIndex });
  return clusters;
}

function findCapitalCodes(text: string, iban: boolean, tails: boolean): DigitPairs {
  const ibanStarts: number[] = [];
  const fourDigitTails: number[] = [];
  const re = iban && tails ? IBAN_AND_TAILS : iban ? IBAN_ONLY : TAILS_ONLY;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // The two patterns never match at the same place (an IBAN's second character is a
    // letter, a tail's a digit), but a tail may start inside an IBAN start (`AB1234C`):
    // resume one character on, so that both are found.
    const c = text.charCodeAt(m.index + 1);
    if (isDigit(c)) fourDigitTails.push(m.index);
    else ibanStarts.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return { clusters: undefined, ibanStarts, fourDigitTails };
}

function findDigitPairs(ctx: ScanContext): DigitPairs {
  const { text } = ctx;
  const iban = ctx.wants('iban');
  const tails = ctx.wants('pan') || ctx.wants('uen');
  let clusters = false;
  for (let i = 0; i < CLUSTER_TYPES.length && !clusters; i++) clusters = ctx.wants(CLUSTER_TYPES[i]!);
  if (!iban && !tails) return { clusters: clusters ? findSeeds(text) : undefined, ibanStarts: [], fourDigitTails: [] };
  return clusters ? findSeedsAndCapitalPairs(text, iban, tails) : findCapitalCodes(text, iban, tails);
}

/** Digit clusters and capital codes of the scanned text, for the wanted types; see the top of this file. */
export const DIGIT_PAIRS: ScanPass<DigitPairs> = {
  name: 'digit-pairs',
  run: findDigitPairs,
};

/** The digit clusters of `ctx`'s text, also when no type that reads them is wanted. */
export function digitClustersOf(ctx: ScanContext): readonly DigitCluster[] {
  return ctx.shared(DIGIT_PAIRS).clusters ?? findSeeds(ctx.text);
}
