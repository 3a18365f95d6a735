/**
 * Indonesian NIK (Nomor Induk Kependudukan, the number on the KTP identity card): 16 digits
 * `PPRRSSDDMMYYXXXX`. PP is the province, RR the regency or city, SS the district where the
 * number was issued, DDMMYY the date of birth (40 added to the day for women) and XXXX a
 * serial. There is no check digit, so validation checks each component instead.
 */

/**
 * Province codes used by Dukcapil (Kemendagri). 91–96 are the Papua provinces after the
 * 2022 split: Papua, Papua Barat, Papua Selatan, Papua Tengah, Papua Pegunungan and
 * Papua Barat Daya. No province has code 97.
 */
export const INDONESIAN_PROVINCE_CODES: ReadonlySet<number> = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21,
  31, 32, 33, 34, 35, 36,
  51, 52, 53,
  61, 62, 63, 64, 65,
  71, 72, 73, 74, 75, 76,
  81, 82,
  91, 92, 93, 94, 95, 96,
]);

/** The parts of a valid NIK. `birthYear` is two digits: the century is not encoded. */
export interface IndonesianNikParts {
  province: number;
  regency: number;
  district: number;
  birthDay: number;
  birthMonth: number;
  birthYear: number;
  female: boolean;
  serial: number;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Splits a NIK into its parts, or returns `undefined` when it is not a valid one: not 16
 * digits, unknown province, regency or district 00, a birth date that is not a real calendar
 * date (29 February only in years divisible by four, since 00 stands for 2000), or serial 0000.
 *
 * @example
 * ```ts
 * parseIndonesianNik('3171015708450001');
 * // { province: 31, regency: 71, district: 1, birthDay: 17, birthMonth: 8, birthYear: 45, female: true, serial: 1 }
 * parseIndonesianNik('9971011708450001'); // undefined (no province 99)
 * ```
 */
export function parseIndonesianNik(value: string): IndonesianNikParts | undefined {
  if (value.length !== 16) return undefined;
  for (let i = 0; i < 16; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const province = twoDigits(value, 0);
  const regency = twoDigits(value, 2);
  const district = twoDigits(value, 4);
  let day = twoDigits(value, 6);
  const month = twoDigits(value, 8);
  const year = twoDigits(value, 10);
  const serial = Number(value.slice(12));
  if (!INDONESIAN_PROVINCE_CODES.has(province) || regency === 0 || district === 0 || serial === 0) return undefined;
  const female = day > 40;
  if (female) day -= 40;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  if (month === 2 && day === 29 && year % 4 !== 0) return undefined;
  return { province, regency, district, birthDay: day, birthMonth: month, birthYear: year, female, serial };
}

/**
 * True when `value` is a plausible NIK (see {@link parseIndonesianNik}).
 *
 * @example
 * ```ts
 * isValidIndonesianNik('3171011708450001'); // true
 * isValidIndonesianNik('3171013002001234'); // false: 30 February
 * ```
 */
export function isValidIndonesianNik(value: string): boolean {
  return parseIndonesianNik(value) !== undefined;
}
