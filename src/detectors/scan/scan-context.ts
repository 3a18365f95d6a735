import type { ScanContext, ScanPass } from '../types.js';

/**
 * The context of one `detect()` call. Shared passes are memoised per context, so a pass runs
 * at most once per scan, and only when some detector that was asked for needs it.
 *
 * @example
 * ```ts
 * const ctx = createScanContext('call +65 6123 4567', 'SG');
 * ctx.shared(DIGIT_CLUSTERS) === ctx.shared(DIGIT_CLUSTERS); // true: computed once
 * ```
 */
export function createScanContext(text: string, region: string): ScanContext {
  const results = new Map<ScanPass<unknown>, unknown>();
  const ctx: ScanContext = {
    text,
    region,
    shared<T>(pass: ScanPass<T>): T {
      if (results.has(pass)) return results.get(pass) as T;
      const result = pass.run(ctx);
      results.set(pass, result);
      return result;
    },
  };
  return ctx;
}
