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
import type { ScanPass } from '../types.js';
import { isAsciiDigit as isDigit } from '../char-codes.js';
import { digitClustersOf, SEED_DIGITS, type DigitCluster } from './digit-pairs.js';

export type { DigitCluster };

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

/**
 * The view of a text without clusters (most short texts): one shared, empty view. Being alive
 * for good, it also keeps V8's hidden class of views alive (see `mapKeeper` in scan-context.ts
 * for why that matters).
 */
const EMPTY_VIEW = new ClusterView('', []);

/** The digit clusters of one text, and views over those with enough digits. */
export class DigitClusters {
  /** Every cluster, in text order. */
  readonly clusters: readonly DigitCluster[];
  private readonly text: string;
  /** `views[i]` is the view for `VIEW_TIERS[i]`, once built. */
  private readonly views: (ClusterView | undefined)[] = [];

  /**
   * Keeps V8's hidden class of these objects alive between scans, so that the code optimised
   * for it survives a full garbage collection (see `mapKeeper` in scan-context.ts).
   */
  static readonly mapKeeper = new DigitClusters('', []);

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

/** The digit clusters of the scanned text; see the top of this file. */
export const DIGIT_CLUSTERS: ScanPass<DigitClusters> = {
  name: 'digit-clusters',
  // Found together with the capital codes (see DIGIT_PAIRS), by one regex pass.
  run: (ctx) => new DigitClusters(ctx.text, digitClustersOf(ctx)),
};
