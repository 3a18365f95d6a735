import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, type DetectorType } from '../../src/index.js';
import { LABEL_STEMS, type LabelledType } from '../../src/detectors/scan/label-words.js';
import { createScanContext } from '../../src/detectors/scan/scan-context.js';

// LABEL_STEMS finds the label stems of the passport, booking-reference and date-of-birth
// detectors in one regex whose stems are anchored on rare letters and checked by looking
// behind. These tests state what it must be equivalent to: each type's stems written as a
// plain case-insensitive alternation, matched at every place (overlapping matches included).
const REFERENCE: Record<LabelledType, RegExp> = {
  passport: /pas|travel\s*d/gi,
  booking_ref: /book|pnr|locator|confirm|r[ée]serv|buchung|prenot|pemesan|localiz/gi,
  dob: /birth|born|dob|d\.o\.b|lahir/gi,
};
const TYPES = Object.keys(REFERENCE) as LabelledType[];

/** Every match of the reference pattern, as flat [start, end) pairs. */
function referenceStems(type: LabelledType, text: string): number[] {
  const re = REFERENCE[type];
  const found: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    found.push(m.index, m.index + m[0].length);
    re.lastIndex = m.index + 1;
  }
  return found;
}

const stemsOf = (text: string, wanted?: readonly DetectorType[]) =>
  LABEL_STEMS.run(createScanContext(text, 'US', wanted && new Set(wanted)));

// Pieces of stems, stems that overlap ("pnreserv", "doborn", "d.o.book"), and filler, in
// random case: what a difference between the anchored pattern and the plain one would show in.
const FRAGMENTS = ['do', 'b', 'ook', 'orn', 'irth', 'd.o.', 'pas', 'pnr', 'eserv', 'r', 'é', 'É', 'tra', 'vel', ' ', '\t',
  'd', 'con', 'firm', 'loca', 'tor', 'liz', 'lahir', 'book', 'x', 'uchung', 'prenot', 'pemesan', 'travel', 's', 'e', 'o'];
const fragment = fc.tuple(fc.constantFrom(...FRAGMENTS), fc.boolean()).map(([f, upper]) => (upper ? f.toUpperCase() : f));
const stemSoup = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(''));

describe('label stems', () => {
  it('finds exactly the places where each type’s plain stem pattern matches', () => {
    fc.assert(
      fc.property(stemSoup, (text) => {
        const stems = stemsOf(text);
        for (const type of TYPES) expect(stems[type]).toEqual(referenceStems(type, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same stems when only some of the types are wanted', () => {
    fc.assert(
      fc.property(stemSoup, fc.subarray(TYPES, { minLength: 1 }), (text, wanted) => {
        const stems = stemsOf(text, wanted);
        for (const type of TYPES) expect(stems[type]).toEqual(wanted.includes(type) ? referenceStems(type, text) : []);
      }),
      { numRuns: 500 },
    );
  });

  it('reports two stems that share their anchor letter', () => {
    // "doborn": dob ends on the b that born starts with.
    expect(stemsOf('doborn').dob).toEqual([0, 3, 2, 6]);
    // "pnreserv": reserv starts inside pnr.
    expect(stemsOf('PNReserv').booking_ref).toEqual([0, 3, 2, 8]);
  });
});

describe('passport labels in other scripts', () => {
  const values = (text: string) => detect(text, { types: ['passport'] }).map((f) => f.value);

  it('finds паспорт in any case and جواز from a letter inside it', () => {
    expect(values('ПАСПОРТ 45 09 123456')).toEqual(['45 09 123456']);
    expect(values('паспорт: 45 09 123456')).toEqual(['45 09 123456']);
    expect(values('رقم جواز السفر A1234567')).toEqual(['A1234567']);
  });
});
