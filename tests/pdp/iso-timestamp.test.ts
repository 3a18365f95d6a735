import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../src/pdp/iso-timestamp.js';

/** The result, or the name of the error thrown. */
function outcome(format: (ms: number) => string, ms: number): string {
  try {
    return format(ms);
  } catch (e) {
    return (e as Error).name;
  }
}
const builtIn = (ms: number) => new Date(ms).toISOString();

describe('isoTimestamp', () => {
  it('is exactly Date#toISOString, across seconds, before 1970 and at the ends of the range', () => {
    for (const ms of [0, 1, 999, 1000, -1, -1000, -1001, 1.7, 8.64e15, -8.64e15, 253402300799999, 253402300800000]) {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15 - 5, max: 8.64e15 + 5 }), fc.integer({ min: 0, max: 3 }), (ms, step) => {
        // Calls in a row within one second, as decisions made close together are; past the
        // ends of Date's range both throw.
        for (let k = 0; k < 3; k++) expect(outcome(isoTimestamp, ms + k * step)).toBe(outcome(builtIn, ms + k * step));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws RangeError for a time Date cannot hold, as toISOString does', () => {
    isoTimestamp(8.64e15); // the same second as the next one
    for (const ms of [Number.NaN, Infinity, 8.64e15 + 1, -8.64e15 - 1]) expect(() => isoTimestamp(ms)).toThrow(RangeError);
  });
});
