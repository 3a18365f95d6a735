/**
 * Indian PAN (Permanent Account Number, issued by the Income Tax Department): `AAAPA9999A`.
 * Three letters of a running series, a letter for the holder type, the first letter of the
 * holder's (sur)name, a four-digit serial (never 0000) and a final letter. The final letter is
 * a check character whose algorithm the department has not published, so it is not verified.
 */
import { isAsciiUpper as isUpper, isAsciiDigit as isDigit } from '../char-codes.js';

/** Holder types by the PAN's fourth letter. */
export const INDIAN_PAN_HOLDER_TYPES: Readonly<Record<string, string>> = {
  P: 'individual',
  C: 'company',
  H: 'hindu_undivided_family',
  A: 'association_of_persons',
  B: 'body_of_individuals',
  G: 'government',
  J: 'artificial_juridical_person',
  L: 'local_authority',
  F: 'firm',
  T: 'trust',
};


/**
 * The holder type encoded in a well-formed PAN (`'individual'`, `'company'`, …), or
 * `undefined` when `value` is not one: wrong layout, unknown holder letter, or serial 0000.
 * Upper-case only, as PANs are printed.
 *
 * @example
 * ```ts
 * indianPanHolderType('ABMPA3211G'); // 'individual'
 * indianPanHolderType('AAKFD7113K'); // 'firm'
 * indianPanHolderType('ABMXA3211G'); // undefined (X is no holder type)
 * ```
 */
export function indianPanHolderType(value: string): string | undefined {
  if (value.length !== 10) return undefined;
  for (let i = 0; i < 10; i++) {
    const c = value.charCodeAt(i);
    if (i >= 5 && i <= 8 ? !isDigit(c) : !isUpper(c)) return undefined;
  }
  if (value.slice(5, 9) === '0000') return undefined;
  return INDIAN_PAN_HOLDER_TYPES[value[3]!];
}

/**
 * True when `value` has the layout of an Indian PAN with a known holder type and a non-zero
 * serial. The final check letter is not verified (its algorithm is unpublished).
 *
 * @example
 * ```ts
 * isValidIndianPan('ACUPA7085R'); // true
 * isValidIndianPan('ACUPA0000R'); // false
 * ```
 */
export function isValidIndianPan(value: string): boolean {
  return indianPanHolderType(value) !== undefined;
}
