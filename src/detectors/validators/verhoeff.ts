/**
 * The Verhoeff check digit (dihedral group D5), used by India's Aadhaar numbers. Unlike
 * Luhn it catches every single-digit error and every swap of adjacent digits.
 */

// Multiplication table of the dihedral group D5.
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

// Position-dependent permutation: row i is the base permutation (row 1) applied i times.
// It repeats every 8 positions, which is what lets the scheme catch adjacent swaps.
const P: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

// Inverse of each element of D5.
const INV: readonly number[] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/**
 * Does `digits` (ASCII digits only, at least two) end with its Verhoeff check digit?
 * Anything else, including separators, returns `false`.
 *
 * @example
 * ```ts
 * isValidVerhoeff('2363'); // true
 * isValidVerhoeff('2364'); // false
 * ```
 */
export function isValidVerhoeff(digits: string): boolean {
  if (typeof digits !== 'string' || digits.length < 2) return false;
  return verhoeffState(digits, 0) === 0;
}

/**
 * The Verhoeff check digit to append to `payload` (ASCII digits only, non-empty), or
 * `undefined` when `payload` is not such a string.
 *
 * @example
 * ```ts
 * verhoeffCheckDigit('236'); // 3
 * ```
 */
export function verhoeffCheckDigit(payload: string): number | undefined {
  if (typeof payload !== 'string' || payload.length === 0) return undefined;
  // Offset 1: the payload's rightmost digit sits one place left of the check digit.
  const c = verhoeffState(payload, 1);
  return c < 0 ? undefined : INV[c];
}

/** Runs the Verhoeff accumulator from the right; -1 when a character is not a digit. */
function verhoeffState(digits: string, offset: number): number {
  let c = 0;
  for (let i = digits.length - 1, pos = offset; i >= 0; i--, pos++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    c = D[c]![P[pos & 7]![d]!]!;
  }
  return c;
}
