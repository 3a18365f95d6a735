/**
 * Singapore NRIC (citizens and permanent residents, prefixes S and T) and FIN (foreigners,
 * prefixes F, G and M): a prefix letter, seven digits and a check letter.
 *
 * The check letter comes from a weighted sum of the digits (weights 2,7,6,5,4,3,2) plus an
 * offset for the prefix's century/series (T and G add 4, M adds 3), taken modulo 11 and looked
 * up in a table that depends on the prefix. The M series (issued from 2022) uses its own table,
 * published by ICA as "P = 11 − remainder; K=1, L=2, J=3, N=4, P=5, Q=6, R=7, T=8, U=9, W=10,
 * X=11"; indexed by the remainder itself that is the reversed string below.
 */

/** Which Singapore identity document a valid number belongs to. */
export type SgIdentityKind = 'nric' | 'fin';

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2] as const;

/** Check-letter tables indexed by `(weighted sum + offset) % 11`. */
const CITIZEN_LETTERS = 'JZIHGFEDCBA';
const FOREIGNER_LETTERS = 'XWUTRQPNMLK';
const M_SERIES_LETTERS = 'XWUTRQPNJLK';

interface PrefixRule {
  readonly offset: number;
  readonly letters: string;
  readonly kind: SgIdentityKind;
}

const PREFIX_RULES: Readonly<Record<string, PrefixRule>> = {
  S: { offset: 0, letters: CITIZEN_LETTERS, kind: 'nric' },
  T: { offset: 4, letters: CITIZEN_LETTERS, kind: 'nric' },
  F: { offset: 0, letters: FOREIGNER_LETTERS, kind: 'fin' },
  G: { offset: 4, letters: FOREIGNER_LETTERS, kind: 'fin' },
  M: { offset: 3, letters: M_SERIES_LETTERS, kind: 'fin' },
};

/**
 * The check letter of a Singapore NRIC/FIN, or `undefined` when the prefix is not one of
 * S, T, F, G, M or `digits` is not exactly seven ASCII digits. Case-insensitive prefix.
 *
 * @example
 * ```ts
 * sgIdentityCheckLetter('S', '1234567'); // 'D'
 * sgIdentityCheckLetter('M', '1234567'); // 'K'
 * ```
 */
export function sgIdentityCheckLetter(prefix: string, digits: string): string | undefined {
  const rule = PREFIX_RULES[prefix.toUpperCase()];
  if (!rule || digits.length !== 7) return undefined;
  let sum = rule.offset;
  for (let i = 0; i < 7; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    sum += d * WEIGHTS[i]!;
  }
  return rule.letters[sum % 11];
}

/**
 * Whether `value` is a Singapore NRIC or FIN with a correct check letter, and which one.
 * Letters may be in either case; nothing else (spaces, separators) is allowed.
 *
 * @example
 * ```ts
 * sgIdentityKind('S1234567D'); // 'nric'
 * sgIdentityKind('F1234567N'); // 'fin'
 * sgIdentityKind('S1234567A'); // undefined (wrong check letter)
 * ```
 */
export function sgIdentityKind(value: string): SgIdentityKind | undefined {
  if (value.length !== 9) return undefined;
  const prefix = value[0]!;
  const expected = sgIdentityCheckLetter(prefix, value.slice(1, 8));
  if (expected === undefined || expected !== value[8]!.toUpperCase()) return undefined;
  return PREFIX_RULES[prefix.toUpperCase()]!.kind;
}

/**
 * True for a Singapore NRIC (prefix S or T) with a correct check letter.
 *
 * @example
 * ```ts
 * isValidSgNric('S1234567D'); // true
 * isValidSgNric('F1234567N'); // false: that is a FIN
 * ```
 */
export function isValidSgNric(value: string): boolean {
  return sgIdentityKind(value) === 'nric';
}

/**
 * True for a Singapore FIN (prefix F, G or M) with a correct check letter.
 *
 * @example
 * ```ts
 * isValidSgFin('G1234567X'); // true
 * isValidSgFin('M1234567L'); // false: wrong check letter
 * ```
 */
export function isValidSgFin(value: string): boolean {
  return sgIdentityKind(value) === 'fin';
}
