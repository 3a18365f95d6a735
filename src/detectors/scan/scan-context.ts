import type { DetectorType, ScanContext, ScanPass } from '../types.js';

/**
 * The context of one `detect()` call. Shared passes are memoised per context, so a pass runs
 * at most once per scan, and only when some detector that was asked for needs it.
 *
 * A class rather than an object literal with closures: `detect()` creates one per call, and
 * the closures and the `Map` of an object literal cost about 2 µs a call under tsx (half a
 * millisecond per MB of 4 KB inputs); a scan uses at most a handful of passes, so two short
 * arrays do for the memo.
 *
 * @example
 * ```ts
 * const ctx = createScanContext('call +65 6123 4567', 'SG');
 * ctx.shared(DIGIT_CLUSTERS) === ctx.shared(DIGIT_CLUSTERS); // true: computed once
 * ```
 * @param wanted the types reported; every type when left out.
 */
export function createScanContext(text: string, region: string, wanted?: ReadonlySet<DetectorType>): ScanContext {
  return new MemoisingScanContext(text, region, wanted);
}

class MemoisingScanContext implements ScanContext {
  readonly text: string;
  readonly region: string;
  private readonly wanted: ReadonlySet<DetectorType> | undefined;
  /** `results[i]` is what `passes[i]` returned. */
  private readonly passes: ScanPass<unknown>[] = [];
  private readonly results: unknown[] = [];

  /**
   * A context that lives as long as the class, so that V8 keeps the hidden class (the "map")
   * that every context has. V8 holds the map of a class's fully built instances only weakly:
   * when a full garbage collection runs between two `detect()` calls, no context is alive, the
   * map is freed, and all code optimised for it (`shared`, `wants`, every detector's `find`,
   * `detect` itself) is thrown away. Until V8 had optimised it again, the next few hundred
   * 4 KB calls took two to six times as long, after every full collection of the host
   * application. One live instance keeps the map, and with it the optimised code.
   */
  static readonly mapKeeper: ScanContext = new MemoisingScanContext('', '', undefined);

  constructor(text: string, region: string, wanted: ReadonlySet<DetectorType> | undefined) {
    this.text = text;
    this.region = region;
    this.wanted = wanted;
  }

  wants(type: DetectorType): boolean {
    return this.wanted === undefined || this.wanted.has(type);
  }

  shared<T>(pass: ScanPass<T>): T {
    // A plain loop: the memo holds at most a handful of passes, and about twenty look-ups per
    // call went through the Array.prototype.indexOf builtin.
    const passes = this.passes;
    for (let i = 0; i < passes.length; i++) if (passes[i] === pass) return this.results[i] as T;
    const result = pass.run(this);
    this.passes.push(pass);
    this.results.push(result);
    return result;
  }
}
