import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPITAL_CODES } from '../../src/detectors/scan/capital-codes.js';
import { DIGIT_CLUSTERS } from '../../src/detectors/scan/digit-clusters.js';
import { createScanContext } from '../../src/detectors/scan/scan-context.js';
import type { DetectorType } from '../../src/index.js';

// Digit clusters and capital codes are found by one regex pass when a scan wants both, and by
// a regex of their own when it wants one. Both ways must find exactly the same places.

const clustersOf = (text: string, wanted?: readonly DetectorType[]) =>
  createScanContext(text, 'US', wanted && new Set(wanted)).shared(DIGIT_CLUSTERS).clusters;
const codesOf = (text: string, wanted?: readonly DetectorType[]) =>
  createScanContext(text, 'US', wanted && new Set(wanted)).shared(CAPITAL_CODES);

// Capitals, digits and the separators numbers are written with: seeds next to capitals.
const soup = fc.array(fc.constantFrom('A', 'B', 'D', 'E', 'Z', 'a', '_', '1', '2', '0', '9', ' ', ' ', '-', '.', ':', '(', ')', '+', '\u00a0'), { maxLength: 48 })
  .map((c) => c.join(''));

describe('digit pairs', () => {
  it('finds the same clusters together with the capital codes as alone', () => {
    fc.assert(fc.property(soup, (text) => {
      expect(clustersOf(text)).toEqual(clustersOf(text, ['phone']));
    }), { numRuns: 3000 });
  });

  it('finds the same capital codes together with the clusters as alone', () => {
    fc.assert(fc.property(soup, (text) => {
      const together = codesOf(text);
      expect(together.ibanStarts).toEqual(codesOf(text, ['iban']).ibanStarts);
      expect(together.fourDigitTails).toEqual(codesOf(text, ['pan']).fourDigitTails);
    }), { numRuns: 3000 });
  });

  it('finds an IBAN start at the head of a cluster, and once when its seed starts later', () => {
    expect(codesOf('DE89 3704 0044 0532 0130 00').ibanStarts).toEqual([0]);
    expect(codesOf('x GB 82 1234 5678').ibanStarts).toEqual([2]);
    expect(codesOf('AB12    345678').ibanStarts).toEqual([0]);
    expect(clustersOf('AB12    345678')).toEqual([{ start: 2, end: 14 }]);
  });

  it('still finds the clusters when no type that reads them is wanted', () => {
    const ctx = createScanContext('IBAN DE89 3704 0044 0532 0130 00', 'US', new Set(['iban']));
    expect(ctx.shared(DIGIT_CLUSTERS).clusters).toEqual([{ start: 7, end: 32 }]);
  });
});
