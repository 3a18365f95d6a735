/**
 * Calendar arithmetic for date-of-birth detection: proleptic Gregorian calendar, years 1–9999.
 */

/** Oldest plausible age, in years, of a living person's date of birth. */
export const MAX_PLAUSIBLE_AGE_YEARS = 130;

/**
 * Is `year` a Gregorian leap year (divisible by 4, except centuries not divisible by 400)?
 *
 * @example
 * ```ts
 * isGregorianLeapYear(2000); // true
 * isGregorianLeapYear(1900); // false
 * ```
 */
export function isGregorianLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Number of days in `month` (1–12) of `year`, or 0 for a month outside 1–12.
 *
 * @example
 * ```ts
 * daysInGregorianMonth(2024, 2); // 29
 * daysInGregorianMonth(2023, 2); // 28
 * ```
 */
export function daysInGregorianMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 0;
  if (month === 2) return isGregorianLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Does (year, month, day) name a day that exists, with month 1–12 and year 1–9999?
 *
 * @example
 * ```ts
 * isRealCalendarDate(2024, 2, 29); // true
 * isRealCalendarDate(2023, 2, 29); // false
 * isRealCalendarDate(2024, 4, 31); // false
 * ```
 */
export function isRealCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(day) || year < 1 || year > 9999 || day < 1) return false;
  return day <= daysInGregorianMonth(year, month);
}

/**
 * Could (year, month, day) be the birth date of someone alive on `today`: a real date, not in
 * the future, and at most {@link MAX_PLAUSIBLE_AGE_YEARS} years ago? `today` defaults to now
 * and is read in local time, like the dates people write.
 *
 * @example
 * ```ts
 * isPlausibleBirthDate(1985, 3, 14, new Date(2025, 0, 1)); // true
 * isPlausibleBirthDate(2030, 1, 1, new Date(2025, 0, 1));  // false (future)
 * isPlausibleBirthDate(1850, 1, 1, new Date(2025, 0, 1));  // false (over 130 years)
 * ```
 */
export function isPlausibleBirthDate(year: number, month: number, day: number, today: Date = new Date()): boolean {
  if (!isRealCalendarDate(year, month, day)) return false;
  const ty = today.getFullYear();
  const tm = today.getMonth() + 1;
  const td = today.getDate();
  const value = year * 10000 + month * 100 + day;
  const now = ty * 10000 + tm * 100 + td;
  const oldest = (ty - MAX_PLAUSIBLE_AGE_YEARS) * 10000 + tm * 100 + td;
  return value <= now && value >= oldest;
}

/**
 * Expands a two-digit year as a birth year: the latest year ending in those digits that is not
 * after `today`'s year ("85" → 1985, "07" → 2007 in 2025).
 *
 * @example
 * ```ts
 * expandTwoDigitBirthYear(85, new Date(2025, 0, 1)); // 1985
 * expandTwoDigitBirthYear(7, new Date(2025, 0, 1));  // 2007
 * ```
 */
export function expandTwoDigitBirthYear(yy: number, today: Date = new Date()): number {
  const ty = today.getFullYear();
  const century = ty - (ty % 100);
  return century + yy <= ty ? century + yy : century - 100 + yy;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  // English, full and abbreviated ("Sept" is common in British writing)
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3],
  ['april', 4], ['apr', 4], ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7],
  ['august', 8], ['aug', 8], ['september', 9], ['sep', 9], ['sept', 9], ['october', 10], ['oct', 10],
  ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
  // Indonesian / Malay (forms that differ from English), for "tanggal lahir"
  ['januari', 1], ['februari', 2], ['maret', 3], ['mac', 3], ['mei', 5], ['juni', 6], ['juli', 7],
  ['agustus', 8], ['ogos', 8], ['agu', 8], ['agt', 8], ['oktober', 10], ['okt', 10], ['desember', 12], ['des', 12], ['disember', 12],
]);

/**
 * Month number (1–12) of an English or Indonesian/Malay month name or common abbreviation,
 * case-insensitive, with an optional trailing dot; 0 when it is not one.
 *
 * @example
 * ```ts
 * parseMonthName('March'); // 3
 * parseMonthName('Sept.'); // 9
 * parseMonthName('Agustus'); // 8
 * parseMonthName('Marching'); // 0
 * ```
 */
export function parseMonthName(name: string): number {
  if (typeof name !== 'string') return 0;
  const key = (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
  return MONTHS.get(key) ?? 0;
}
