/**
 * One pass over the text for every detector of numeric identifiers (cards, Aadhaar, NIK, NPWP,
 * NRIC/FIN, numeric UENs, phone numbers). Each of them used to run its own digit-led regex over
 * the whole text, and in digit-heavy prose (prices, dates, versions, hashes) a pattern that
 * starts on a digit is tried at every digit: together they cost as much as the rest of
 * `detect()`. Every one of those identifiers holds at least six digits close together, which
 * most numbers in prose do not, so this pass finds the few places that do, once.
 *
 * A cluster is a maximal run of digits and the separators numbers are written with (space,
 * NBSP, `.`, `-`, `:`, parentheses, `+`) that holds a "seed": two digits and then four more,
 * each after at most three separators. Detectors use the clusters in two ways:
 *
 * - They run their own pattern over a view: a short copy of the clusters (see
 *   {@link DigitClusters.view}). A pattern that consumes only cluster characters, needs at
 *   least the view's number of digits, and looks at most {@link CLUSTER_MARGIN} characters
 *   behind or ahead, finds exactly what it finds in the text, at the same relative offsets.
 * - Check-letter formats (`S1234567D`, `53125226D`) read the letter right after a cluster.
 */
import type { ScanContext, ScanPass } from '../types.js';
import { isAsciiDigit as isDigit } from '../char-codes.js';

/**
 * Two digits, then four more digits each after at most three separator characters, then the
 * rest of the run of cluster characters. Starting on two digits lets the regex engine dismiss
 * lone digits, which are most of them, without entering the pattern; spelling out the four
 * steps (instead of `(?:S{0,3}\d){4}`) lets V8 test the first few characters at once, which
 * makes the pass about a quarter faster. Taking the rest of the run in the pattern leaves only
 * the few characters before the seed to be read in code.
 */
const SEED_STEP = String.raw`(?:\d|[ .\-:()\u00a0]{1,3}\d)`;
const SEED = new RegExp(String.raw`\d\d${SEED_STEP.repeat(4)}[\d .\-:()+\u00a0]*`, 'g');

/** Digits in a seed: no cluster has fewer. */
const SEED_DIGITS = 6;

/**
 * Minimum digit counts that views are built for: every cluster, and those long enough for a
 * card number. Building a view costs about as much as scanning it, so there are few tiers.
 */
const VIEW_TIERS: readonly number[] = [SEED_DIGITS, 12];

/**
 * Real characters kept on each side of a cluster in a view, so that look-behinds and
 * look-aheads of up to this many characters next to a cluster see the text, not the joiner.
 */
export const CLUSTER_MARGIN = 2;

/** Joins the segments of a view; no consumer pattern matches it. */
const JOINER = '\n';

/** Digits and the separators numbers are written with, `+` included (a country code). */
function isClusterChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 32 || c === 46 || c === 45 || c === 58 || c === 40 || c === 41 || c === 43 || c === 0xa0;
}


/** One cluster: `text.slice(start, end)` starts and ends with a cluster character, not always a digit. */
export interface DigitCluster {
  readonly start: number;
  readonly end: number;
}

/** Does the cluster hold at least `n` digits? */
function hasDigits(text: string, cluster: DigitCluster, n: number): boolean {
  if (cluster.end - cluster.start < n) return false;
  let digits = 0;
  for (let i = cluster.start; i < cluster.end && digits < n; i++) if (isDigit(text.charCodeAt(i))) digits++;
  return digits >= n;
}

/**
 * Some clusters, each with {@link CLUSTER_MARGIN} characters of text on either side, copied
 * in text order into one string. Where two margins touch, the text between is copied too, so
 * every segment of the view is a contiguous piece of the text.
 */
export class ClusterView {
  /** The segments joined by a line break. Empty when there are none. */
  readonly text: string;
  /** `viewStarts[k]` in the view is `textStarts[k]` in the text. */
  private readonly viewStarts: readonly number[];
  private readonly textStarts: readonly number[];
  /** The segment of the last lookup. */
  private lastSegment = 0;

  constructor(text: string, clusters: readonly DigitCluster[]) {
    const viewStarts: number[] = [];
    const textStarts: number[] = [];
    // Built by concatenation, which V8 does lazily and flattens once when the view is first
    // searched: cheaper than collecting the segments and joining them.
    let view = '';
    let from = -1; // the segment being built, [from, to) in the text
    let to = -1;
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k]!;
      const a = Math.max(0, c.start - CLUSTER_MARGIN);
      if (from >= 0 && a <= to) {
        to = Math.min(text.length, c.end + CLUSTER_MARGIN);
        continue;
      }
      if (from >= 0) {
        viewStarts.push(view.length);
        textStarts.push(from);
        view += text.slice(from, to) + JOINER;
      }
      from = a;
      to = Math.min(text.length, c.end + CLUSTER_MARGIN);
    }
    if (from >= 0) {
      viewStarts.push(view.length);
      textStarts.push(from);
      view += text.slice(from, to);
    }
    this.text = view;
    this.viewStarts = viewStarts;
    this.textStarts = textStarts;
  }

  /** Offset in the scanned text of the view's character at `viewOffset`. */
  textOffset(viewOffset: number): number {
    const starts = this.viewStarts;
    // Consumers ask in increasing order, mostly within the same or the next segment.
    let k = this.lastSegment;
    if (k + 1 < starts.length && viewOffset >= starts[k + 1]!) k++;
    if (!(starts[k]! <= viewOffset && (k + 1 === starts.length || viewOffset < starts[k + 1]!))) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= viewOffset) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
    }
    this.lastSegment = k;
    return this.textStarts[k]! + (viewOffset - starts[k]!);
  }
}

/** The view of a text without clusters (most short texts): one shared, empty view. */
const EMPTY_VIEW = new ClusterView('', []);

/** The digit clusters of one text, and views over those with enough digits. */
export class DigitClusters {
  /** Every cluster, in text order. */
  readonly clusters: readonly DigitCluster[];
  private readonly text: string;
  /** `views[i]` is the view for `VIEW_TIERS[i]`, once built. */
  private readonly views: (ClusterView | undefined)[] = [];

  constructor(text: string, clusters: readonly DigitCluster[]) {
    this.text = text;
    this.clusters = clusters;
  }

  /**
   * A view over the clusters holding at least `minDigits` digits, and perhaps some with fewer:
   * views are built for a few tiers only (every cluster, and 12+ digits), so that detectors
   * asking for 15 or 16 share the view built for 12 rather than each copying their own.
   */
  view(minDigits: number): ClusterView {
    let i = 0;
    while (i + 1 < VIEW_TIERS.length && VIEW_TIERS[i + 1]! <= minDigits) i++;
    let view = this.views[i];
    if (view === undefined) {
      const tier = VIEW_TIERS[i]!;
      view = this.clusters.length === 0
        ? EMPTY_VIEW
        : new ClusterView(this.text, tier === SEED_DIGITS ? this.clusters : this.clusters.filter((c) => hasDigits(this.text, c, tier)));
      this.views[i] = view;
    }
    return view;
  }
}

/**
 * Length of the run of ASCII digits that ends just before `end`: for detectors that read the
 * check letter right after a cluster (`S1234567D`).
 */
export function digitRunBefore(text: string, end: number): number {
  let i = end;
  while (i > 0 && isDigit(text.charCodeAt(i - 1))) i--;
  return end - i;
}

function findDigitClusters(ctx: ScanContext): DigitClusters {
  const text = ctx.text;
  const clusters: DigitCluster[] = [];
  SEED.lastIndex = 0;
  // `test` rather than `exec`: a cluster is all the text needs, and `exec` would build a match
  // array and a string for each of the thousands per MB of digit-heavy prose.
  while (SEED.test(text)) {
    // The match runs to the end of the cluster and is made of cluster characters, at least
    // SEED_DIGITS of them: the run starts at or before `end - SEED_DIGITS`. Runs are disjoint
    // and the search resumes after each, so every character is visited about twice at most.
    const end = SEED.lastIndex;
    let start = end - SEED_DIGITS;
    while (start > 0 && isClusterChar(text.charCodeAt(start - 1))) start--;
    clusters.push({ start, end });
  }
  return new DigitClusters(text, clusters);
}

/** The digit clusters of the scanned text; see the top of this file. */
export const DIGIT_CLUSTERS: ScanPass<DigitClusters> = {
  name: 'digit-clusters',
  run: findDigitClusters,
};
