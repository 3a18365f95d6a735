import { isValidLuhn } from './luhn.js';
import { isValidIndonesianNik } from './nik.js';

/**
 * Indonesian NPWP (Nomor Pokok Wajib Pajak, taxpayer number). Two generations:
 *
 * - the old 15-digit number, printed `99.999.999.9-999.999`: 2 digits of taxpayer type,
 *   6 of serial, a check digit, 3 digits of tax office and 3 of branch. The check digit makes
 *   the first nine digits pass the Luhn test; python-stdnum and Business::ID::NPWP enforce
 *   this, and published company NPWPs (e.g. 01.312.166.0-091.000) satisfy it.
 * - the 16-digit number used since 2024: for residents it is their NIK, for others it is the
 *   old number with a leading 0 (so the Luhn test covers its first ten digits).
 */

/**
 * The NPWP's digits with the usual separators (`.`, `-`, space) removed. The result is not
 * validated.
 *
 * @example
 * ```ts
 * compactIndonesianNpwp('01.312.166.0-091.000'); // '013121660091000'
 * ```
 */
export function compactIndonesianNpwp(value: string): string {
  return value.replace(/[.\- ]/g, '');
}

/**
 * True for a valid NPWP in either generation: 15 digits whose first nine pass Luhn; 16 digits
 * starting with 0 whose first ten pass Luhn; or 16 digits that form a valid NIK. Separators
 * `.`, `-` and spaces are ignored.
 *
 * @example
 * ```ts
 * isValidIndonesianNpwp('01.312.166.0-091.000'); // true
 * isValidIndonesianNpwp('01.312.166.1-091.000'); // false: check digit
 * isValidIndonesianNpwp('3171011708450001');     // true: a NIK
 * ```
 */
export function isValidIndonesianNpwp(value: string): boolean {
  const digits = compactIndonesianNpwp(value);
  if (!/^\d{15,16}$/.test(digits)) return false;
  if (digits.length === 15) return isValidLuhn(digits.slice(0, 9));
  if (digits[0] === '0') return isValidLuhn(digits.slice(0, 10));
  return isValidIndonesianNik(digits);
}
