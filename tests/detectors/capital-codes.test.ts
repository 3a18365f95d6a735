import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPITAL_CODES } from '../../src/detectors/scan/capital-codes.js';
import { createScanContext } from '../../src/detectors/scan/scan-context.js';
import type { DetectorType } from '../../src/index.js';

// CAPITAL_CODES finds IBAN starts (for the IBAN detector) and four-digit tails (for PAN and
// UEN) in one regex pass. These tests state what each list must equal: every match of that
// pattern on its own.
const IBAN_START = /\b[A-Z]{2} ?[0-9]{2}/g;
const FOUR_DIGIT_TAIL = /[A-Z]\d{4}[A-Z](?![A-Za-z0-9])/g;

function allMatches(re: RegExp, text: string): number[] {
  const found: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    found.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return found;
}

const codes = (text: string, wanted?: readonly DetectorType[]) =>
  CAPITAL_CODES.run(createScanContext(text, 'US', wanted && new Set(wanted)));

// Capitals, digits and a few separators: IBAN starts and tails that touch and overlap.
const soup = fc.array(fc.constantFrom('A', 'B', 'D', 'E', 'Z', 'a', '1', '2', '0', '9', ' ', '-', '.'), { maxLength: 40 }).map((c) => c.join(''));

describe('capital codes', () => {
  it('finds every IBAN start and every four-digit tail, also where they overlap', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const found = codes(text);
        expect(found.ibanStarts).toEqual(allMatches(IBAN_START, text));
        expect(found.fourDigitTails).toEqual(allMatches(FOUR_DIGIT_TAIL, text));
      }),
      { numRuns: 2000 },
    );
    // A tail that starts inside an IBAN start.
    expect(codes('AB1234C')).toEqual({ ibanStarts: [0], fourDigitTails: [1] });
  });

  it('looks only for what the wanted types need', () => {
    expect(codes('DE89 3704 and B1234C', ['iban'])).toEqual({ ibanStarts: [0], fourDigitTails: [] });
    expect(codes('DE89 3704 and B1234C', ['pan'])).toEqual({ ibanStarts: [], fourDigitTails: [14] });
  });
});
