/**
 * ISO 7064 MOD 97-10, the checksum of IBANs (ISO 13616). It catches every single-character
 * error and almost every swap, so a random string passes about once in 97 tries.
 */
import { IBAN_COUNTRY_FORMATS, matchesIbanBban } from './iban-countries.js';
import { passesNationalIbanCheck } from './iban-national.js';

/**
 * The MOD 97-10 remainder of an IBAN: 1 for a correct one. Spaces are ignored; the country
 * code and check digits are moved to the end and letters count as 10 (A) to 35 (Z), as
 * ISO 13616 prescribes. Returns `-1` for characters other than ASCII letters, digits and
 * spaces, or fewer than five characters.
 *
 * @example
 * ```ts
 * ibanChecksum('GB82 WEST 1234 5698 7654 32'); // 1
 * ibanChecksum('GB82 WEST 1234 5698 7654 33'); // not 1
 * ```
 */
export function ibanChecksum(value: string): number {
  if (typeof value !== 'string') return -1;
  const compact = value.replace(/ /g, '');
  if (compact.length < 5) return -1;
  return mod97(compact.slice(4) + compact.slice(0, 4));
}

/**
 * The two check digits that make `countryCode + digits + bban` a valid IBAN, or
 * `undefined` when the input has characters other than ASCII letters and digits.
 *
 * @example
 * ```ts
 * ibanCheckDigits('DE', '370400440532013000'); // '89'
 * ```
 */
export function ibanCheckDigits(countryCode: string, bban: string): string | undefined {
  if (typeof countryCode !== 'string' || typeof bban !== 'string' || !/^[A-Za-z]{2}$/.test(countryCode)) return undefined;
  const rem = mod97(bban + countryCode + '00');
  if (rem < 0) return undefined;
  return String(98 - rem).padStart(2, '0');
}

/**
 * Is `value` an IBAN: a known country, that country's exact length and BBAN structure
 * (upper-case letters only), a MOD 97-10 remainder of 1, and, for Belgium and Spain, the
 * national check digits? Single spaces between groups are accepted; nothing else is.
 *
 * @example
 * ```ts
 * isValidIban('DE89 3704 0044 0532 0130 00'); // true
 * isValidIban('DE89 3704 0044 0532 0130 01'); // false: checksum
 * isValidIban('DE89 3704 0044 0532 0130');    // false: Germany uses 22 characters
 * ```
 */
export function isValidIban(value: string): boolean {
  if (typeof value !== 'string' || !/^[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9])+$/.test(value)) return false;
  const compact = value.replace(/ /g, '');
  const country = compact.slice(0, 2);
  const format = IBAN_COUNTRY_FORMATS.get(country);
  if (!format || compact.length !== format.length) return false;
  const bban = compact.slice(4);
  return matchesIbanBban(country, bban) && mod97(bban + compact.slice(0, 4)) === 1 && passesNationalIbanCheck(country, bban);
}

/** Remainder mod 97 of the number spelled by `s`, letters read as 10–35; -1 for other characters. */
function mod97(s: string): number {
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else if (c >= 97 && c <= 122) rem = (rem * 100 + (c - 87)) % 97;
    else return -1;
  }
  return rem;
}
