import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysInGregorianMonth,
  detect,
  expandTwoDigitBirthYear,
  isGregorianLeapYear,
  isPlausibleBirthDate,
  isRealCalendarDate,
  parseMonthName,
} from '../../src/index.js';

const dobs = (text: string, minConfidence = 0.5) => detect(text, { types: ['dob'], minConfidence });
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

describe('calendar validators', () => {
  // Gregorian leap-year rule (ISO 8601 / Inter gravissimas): 2000 and 2400 are leap years,
  // 1900 and 2100 are not.
  it.each([[2000, true], [2400, true], [2024, true], [1996, true], [1900, false], [2100, false], [2023, false], [2019, false]] as const)(
    'isGregorianLeapYear(%i) is %s',
    (year, leap) => expect(isGregorianLeapYear(year)).toBe(leap),
  );

  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInGregorianMonth(2023, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInGregorianMonth(2024, 2)).toBe(29);
    expect(daysInGregorianMonth(2024, 13)).toBe(0);
  });

  it.each([
    [2024, 2, 29, true], [2023, 2, 29, false], [2020, 2, 30, false], [2020, 4, 31, false], [2020, 4, 30, true],
    [2020, 0, 1, false], [2020, 13, 1, false], [2020, 1, 0, false], [1985, 12, 31, true], [0, 1, 1, false],
  ] as const)('isRealCalendarDate(%i, %i, %i) is %s', (y, m, d, ok) => expect(isRealCalendarDate(y, m, d)).toBe(ok));

  it('accepts birth dates from today back to 130 years, and nothing in the future', () => {
    const today = new Date(2025, 5, 15); // 15 June 2025
    expect(isPlausibleBirthDate(2025, 6, 15, today)).toBe(true);
    expect(isPlausibleBirthDate(2025, 6, 16, today)).toBe(false);
    expect(isPlausibleBirthDate(1895, 6, 15, today)).toBe(true);
    expect(isPlausibleBirthDate(1895, 6, 14, today)).toBe(false);
  });

  it('expands two-digit years to the latest year not after today', () => {
    const today = new Date(2025, 0, 1);
    expect(expandTwoDigitBirthYear(85, today)).toBe(1985);
    expect(expandTwoDigitBirthYear(25, today)).toBe(2025);
    expect(expandTwoDigitBirthYear(26, today)).toBe(1926);
  });

  it('reads English and Indonesian month names and abbreviations', () => {
    expect(parseMonthName('March')).toBe(3);
    expect(parseMonthName('sept.')).toBe(9);
    expect(parseMonthName('Agustus')).toBe(8);
    expect(parseMonthName('Desember')).toBe(12);
    expect(parseMonthName('Marching')).toBe(0);
  });
});

describe('dob detector', () => {
  it.each([
    ['date of birth 14 March 1985.', '14 March 1985'],
    ['Date of Birth: 1985-03-14', '1985-03-14'],
    ['DOB: 03/14/1985', '03/14/1985'],
    ['D.O.B. 14.03.1985', '14.03.1985'],
    ['dob 14-03-85', '14-03-85'],
    ['I was born on March 14th, 1985 in Ohio', 'March 14th, 1985'],
    ['Birthday: 14th of Sept. 1985', '14th of Sept. 1985'],
    ['birth date: 14-Mar-1985', '14-Mar-1985'],
    ['Date of birth (DD/MM/YYYY): 31/12/1990', '31/12/1990'],
    ['Tanggal lahir: 17 Agustus 1945', '17 Agustus 1945'],
    ['{"dob": "1985-03-14T00:00:00Z"}', '1985-03-14'],
    ['Tempat/tgl. lahir: Jakarta, 05-08-1979', '05-08-1979'],
  ])('finds the date in %j', (text, value) => {
    const found = dobs(text);
    expect(found.map((f) => f.value)).toEqual([value]);
    expect(found[0]!.start).toBe(text.indexOf(value));
    expect(found[0]!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('does not report dates without a birth label', () => {
    expect(dobs('The release ships on 2025-01-15 and the review is on 14 March 1985.', 0)).toEqual([]);
  });

  it('does not report impossible, future or implausibly old dates', () => {
    expect(dobs('date of birth 1985-02-30', 0)).toEqual([]);
    expect(dobs('DOB 31/04/1990', 0)).toEqual([]);
    expect(dobs(`DOB ${new Date().getFullYear() + 1}-01-01`, 0)).toEqual([]);
    expect(dobs('born on 1 January 1850', 0)).toEqual([]);
  });

  it('accepts an ambiguous numeric date when either reading is real, and rejects it when neither is', () => {
    expect(dobs('DOB: 04/03/1985').map((f) => f.value)).toEqual(['04/03/1985']);
    expect(dobs('DOB: 25/12/1985').map((f) => f.value)).toEqual(['25/12/1985']);
    expect(dobs('DOB: 12/25/1985').map((f) => f.value)).toEqual(['12/25/1985']);
    expect(dobs('DOB: 13/25/1985', 0)).toEqual([]);
  });

  it('does not treat words that contain a label as a label', () => {
    expect(dobs('the stubborn 1985-03-14 build', 0)).toEqual([]);
    expect(dobs('adobe 1985-03-14', 0)).toEqual([]);
  });

  it('does not reach past other numbers or far-away dates', () => {
    expect(dobs('DOB of patient 42: 1985-03-14', 0)).toEqual([]);
    expect(dobs(`born ${'x'.repeat(60)} 1985-03-14`, 0)).toEqual([]);
  });

  it('stays linear on repeated labels without dates', () => {
    const text = 'date of birth 1/1/'.repeat(6000);
    const t0 = performance.now();
    dobs(text, 0);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

// Real dates between 1900 and last year, so that every one is a plausible birth date today.
const lastYear = new Date().getFullYear() - 1;
const realDate = fc
  .record({ y: fc.integer({ min: 1900, max: lastYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= daysInGregorianMonth(y, m));
const format = fc.constantFrom(
  ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${pad(m)}-${pad(d)}`,
  ({ y, m, d }: { y: number; m: number; d: number }) => `${pad(d)}/${pad(m)}/${y}`,
  ({ y, m, d }: { y: number; m: number; d: number }) => `${pad(m)}/${pad(d)}/${y}`,
  ({ y, m, d }: { y: number; m: number; d: number }) => `${d}.${m}.${y}`,
  ({ y, m, d }: { y: number; m: number; d: number }) => `${d} ${MONTHS[m - 1]} ${y}`,
  ({ y, m, d }: { y: number; m: number; d: number }) => `${d} ${MONTHS[m - 1]!.slice(0, 3)} ${y}`,
  ({ y, m, d }: { y: number; m: number; d: number }) => `${MONTHS[m - 1]} ${d}, ${y}`,
);
const label = fc.constantFrom('date of birth: ', 'Date of Birth ', 'DOB: ', 'D.O.B. ', 'born on ', 'Birthday - ', 'birth date: ');
const prefix = fc.constantFrom('', 'Patient record. ', 'Name: Ana Lima, ', 'hi!\n');
const suffix = fc.constantFrom('', '.', ', thanks', ' (verified)', '\n');

describe('dob properties', () => {
  it('a generated real date after a birth label is found with its exact span', () => {
    fc.assert(
      fc.property(realDate, format, label, prefix, suffix, (date, fmt, lab, pre, post) => {
        const value = fmt(date);
        const text = `${pre}${lab}${value}${post}`;
        const start = pre.length + lab.length;
        expect(dobs(text).map((f) => [f.start, f.end])).toEqual([[start, start + value.length]]);
      }),
      { numRuns: 500 },
    );
  });

  it('a day past the end of its month (Feb 30, Apr 31…) is never reported', () => {
    const impossible = fc
      .record({ y: fc.integer({ min: 1900, max: lastYear }), m: fc.integer({ min: 1, max: 12 }), extra: fc.integer({ min: 1, max: 3 }) })
      .map(({ y, m, extra }) => ({ y, m, d: daysInGregorianMonth(y, m) + extra }));
    fc.assert(
      fc.property(impossible, label, (date, lab) => {
        // Written year-first or with a month name, so that no day/month swap can rescue it.
        for (const value of [`${date.y}-${pad(date.m)}-${pad(date.d)}`, `${date.d} ${MONTHS[date.m - 1]} ${date.y}`]) {
          expect(dobs(`${lab}${value}`, 0)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
