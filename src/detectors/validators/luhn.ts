/**
 * The Luhn (mod 10) check digit, used by payment card numbers (ISO/IEC 7812) and IMEIs.
 * It catches every single-digit error and most swaps of adjacent digits.
 */

/**
 * Is `digits` (ASCII digits only, at least two) a number whose last digit is its Luhn
 * check digit? Anything else, including separators, returns `false`.
 *
 * @example
 * ```ts
 * isValidLuhn('4111111111111111'); // true
 * isValidLuhn('4111111111111112'); // false
 * ```
 */
export function isValidLuhn(digits: string): boolean {
  if (typeof digits !== 'string' || digits.length < 2) return false;
  const sum = luhnSum(digits, false);
  return sum >= 0 && sum % 10 === 0;
}

/**
 * The Luhn check digit to append to `payload` (ASCII digits only, non-empty), or
 * `undefined` when `payload` is not such a string.
 *
 * @example
 * ```ts
 * luhnCheckDigit('7992739871'); // 3, so 79927398713 is valid
 * ```
 */
export function luhnCheckDigit(payload: string): number | undefined {
  if (typeof payload !== 'string' || payload.length === 0) return undefined;
  // The check digit will occupy the rightmost place, so the payload's last digit is doubled.
  const sum = luhnSum(payload, true);
  return sum < 0 ? undefined : (10 - (sum % 10)) % 10;
}

/** Luhn sum from the right, or -1 when a character is not an ASCII digit. */
function luhnSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    if (double) sum += d < 5 ? d * 2 : d * 2 - 9;
    else sum += d;
    double = !double;
  }
  return sum;
}
