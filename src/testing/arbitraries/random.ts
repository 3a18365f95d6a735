/**
 * Building blocks shared by the arbitraries: fixed-alphabet strings drawn without fast-check's
 * small-value bias. Biased strings ("aaaaaaaa", "00000000") are what the detectors reject on
 * purpose as placeholders, so a generator of realistic values must not lean towards them.
 */
import fc from 'fast-check';

export const DIGITS = '0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const ALNUM = UPPER + LOWER + DIGITS;

/** `minLength` to `maxLength` characters of `alphabet`, uniformly drawn. */
export function charsFrom(alphabet: string, minLength: number, maxLength: number = minLength): fc.Arbitrary<string> {
  return fc.noBias(fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength }));
}

/** Exactly `length` decimal digits. */
export function digits(length: number): fc.Arbitrary<string> {
  return charsFrom(DIGITS, length);
}

/** An integer in [min, max], uniformly drawn, written with `width` digits (zero-padded). */
export function paddedInt(min: number, max: number, width: number): fc.Arbitrary<string> {
  return fc.noBias(fc.integer({ min, max })).map((n) => String(n).padStart(width, '0'));
}

/** `s` with the character at `index` replaced by `replacement`. */
export function replaceAt(s: string, index: number, replacement: string): string {
  return s.slice(0, index) + replacement + s.slice(index + 1);
}

/**
 * `s` with the digit at one of `positions` moved by `delta` (1–9, mod 10): exactly one digit
 * changed. Picks the position as `positions[pick % positions.length]`.
 */
export function shiftDigit(s: string, positions: readonly number[], pick: number, delta: number): string {
  const at = positions[pick % positions.length]!;
  const d = s.charCodeAt(at) - 48;
  return replaceAt(s, at, String((d + delta) % 10));
}

/** Indices of `s` from `from` (inclusive) to `to` (exclusive) that hold a digit. */
export function digitPositions(s: string, from = 0, to = s.length): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) out.push(i);
  return out;
}

/** What a one-character corruption is drawn from: which position, and by how much. */
export const corruption = fc.record({ pick: fc.nat({ max: 1_000 }), delta: fc.integer({ min: 1, max: 9 }) });
