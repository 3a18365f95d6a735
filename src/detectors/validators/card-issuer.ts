/**
 * Payment card networks, recognised by the issuer identification number (the leading digits,
 * ISO/IEC 7812) together with the lengths each network issues.
 */

/** A card network that {@link cardIssuer} recognises. */
export type CardIssuer =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'discover'
  | 'diners'
  | 'jcb'
  | 'unionpay'
  | 'maestro'
  | 'rupay'
  | 'mir'
  | 'uatp';

/**
 * Which card network issues numbers that start like `digits` and have its length, or
 * `undefined` when none does. `digits` must be ASCII digits only (no separators). The
 * Luhn digit is not checked here; see `isValidLuhn`.
 *
 * Where two networks share a range, the one that owns it outright wins (Discover's 6011
 * before RuPay's 60, JCB's 3528–3589 before RuPay's 353 and 356, UnionPay's 81 before
 * RuPay's).
 *
 * @example
 * ```ts
 * cardIssuer('4111111111111111'); // 'visa'
 * cardIssuer('2221000000000009'); // 'mastercard'
 * cardIssuer('411111111111111');  // undefined: Visa issues 13, 16 or 19 digits
 * ```
 */
export function cardIssuer(digits: string): CardIssuer | undefined {
  if (typeof digits !== 'string' || !/^[0-9]{12,19}$/.test(digits)) return undefined;
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));

  switch (digits.charCodeAt(0) - 48) {
    case 1:
      return n === 15 ? 'uatp' : undefined;
    case 2:
      if (p4 >= 2221 && p4 <= 2720) return n === 16 ? 'mastercard' : undefined;
      if (p4 >= 2200 && p4 <= 2204) return n >= 16 ? 'mir' : undefined;
      return undefined;
    case 3:
      if (p2 === 34 || p2 === 37) return n === 15 ? 'amex' : undefined;
      if ((p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39) {
        return n >= 14 ? 'diners' : undefined;
      }
      if (p4 >= 3528 && p4 <= 3589) return n >= 16 ? 'jcb' : undefined;
      return undefined;
    case 4:
      return n === 13 || n === 16 || n === 19 ? 'visa' : undefined;
    case 5:
      if (p2 >= 51 && p2 <= 55) return n === 16 ? 'mastercard' : undefined;
      if (p3 === 508 && n === 16) return 'rupay';
      // Maestro's range is 50 and 56–69 (Dankort's 5019 included), 12 to 19 digits.
      return p2 === 50 || p2 >= 56 ? maestro(n) : undefined;
    case 6:
      if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) {
        if (n >= 16) return 'discover';
        return maestro(n);
      }
      if (p2 === 62) return n >= 16 ? 'unionpay' : maestro(n);
      if (p2 === 60 && n === 16) return 'rupay';
      return maestro(n);
    case 8:
      if (p2 === 81) return n >= 16 ? 'unionpay' : undefined;
      if (p2 === 82) return n === 16 ? 'rupay' : undefined;
      return undefined;
    default:
      return undefined;
  }
}

function maestro(length: number): CardIssuer | undefined {
  return length >= 12 ? 'maestro' : undefined;
}
