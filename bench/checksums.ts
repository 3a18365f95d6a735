/**
 * Check-digit arithmetic for the bench and eval harnesses. The bench needs to *compute* check
 * digits (to generate valid values), which the project's validators (`isValid…`) do not expose,
 * and the eval uses these as an independent second opinion when a data source labels a value
 * valid although its checksum fails. Written from the published algorithms, not from src/.
 */

/** Luhn (ISO/IEC 7812-1) check digit for `payload` (the digits without the check digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // The check digit will sit to the right, so the rightmost payload digit is doubled.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string (letters A=10 … Z=35). */
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const v = code <= 57 ? code - 48 : code - 55;
    rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}

/** Builds an IBAN from a country code and BBAN, computing the two check digits (ISO 13616). */
export function makeIban(country: string, bban: string): string {
  const check = 98 - mod97(bban + country + '00');
  return country + String(check).padStart(2, '0') + bban;
}

export function isIbanChecksumValid(iban: string): boolean {
  const compact = iban.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

// Verhoeff tables (dihedral group D5), as published by Verhoeff (1969).
const V_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
// The position permutations are the powers of one permutation; deriving them avoids a
// mistyped table entry that would silently break a few check digits.
const V_P: number[][] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]];
while (V_P.length < 8) V_P.push(V_P[V_P.length - 1]!.map((x) => V_P[1]![x]!));
const V_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function verhoeffState(digits: string, offset: number): number {
  let c = 0;
  for (let i = digits.length - 1, pos = offset; i >= 0; i--, pos++) {
    c = V_D[c]![V_P[pos % 8]![digits.charCodeAt(i) - 48]!]!;
  }
  return c;
}

/** Verhoeff check digit for `payload`. */
export function verhoeffCheckDigit(payload: string): number {
  return V_INV[verhoeffState(payload, 1)]!;
}

export function isVerhoeffValid(digits: string): boolean {
  return /^\d+$/.test(digits) && verhoeffState(digits, 0) === 0;
}

const NRIC_WEIGHTS = [2, 7, 6, 5, 4, 3, 2];
const NRIC_LETTERS_ST = 'JZIHGFEDCBA';
const NRIC_LETTERS_FG = 'XWUTRQPNMLK';
const NRIC_LETTERS_M = 'KLJNPQRTUWX';

/** Check letter of a Singapore NRIC/FIN with prefix S, T, F, G or M and 7 digits. */
export function nricCheckLetter(prefix: string, digits: string): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (digits.charCodeAt(i) - 48) * NRIC_WEIGHTS[i]!;
  if (prefix === 'T' || prefix === 'G') sum += 4;
  if (prefix === 'M') sum += 3;
  const r = sum % 11;
  if (prefix === 'M') return NRIC_LETTERS_M[10 - r]!;
  return (prefix === 'S' || prefix === 'T' ? NRIC_LETTERS_ST : NRIC_LETTERS_FG)[r]!;
}

export function isNricValid(value: string): boolean {
  const m = /^([STFGM])(\d{7})([A-Z])$/.exec(value.toUpperCase());
  return m !== null && nricCheckLetter(m[1]!, m[2]!) === m[3];
}
