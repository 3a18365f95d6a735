/**
 * National check digits inside a BBAN. The IBAN's own MOD-97 digits are computed over the
 * whole account, so a BBAN whose national check is wrong can still carry a correct IBAN
 * checksum (it is how mistyped domestic numbers get converted). Belgium and Spain are
 * checked because their schemes are simple and their IBANs are common in practice.
 */

/**
 * Does `bban` pass the national check of `countryCode`? `true` where none is implemented.
 *
 * @example
 * ```ts
 * passesNationalIbanCheck('BE', '539007547034'); // true: 5390075470 mod 97 is 34
 * passesNationalIbanCheck('BE', '539007547035'); // false
 * ```
 */
export function passesNationalIbanCheck(countryCode: string, bban: string): boolean {
  if (countryCode === 'BE') return belgianAccountCheck(bban);
  if (countryCode === 'ES') return spanishAccountCheck(bban);
  return true;
}

// Belgian account numbers end with the first ten digits mod 97 (97 when that is 0).
function belgianAccountCheck(bban: string): boolean {
  if (!/^[0-9]{12}$/.test(bban)) return false;
  const rem = Number(bban.slice(0, 10)) % 97;
  return (rem === 0 ? 97 : rem) === Number(bban.slice(10));
}

// Spanish CCC: bank(4) branch(4) check(2) account(10). The first check digit covers
// "00" + bank + branch, the second the account, both with the same weighted mod 11.
const ES_WEIGHTS = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];

function spanishDigit(ten: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (ten.charCodeAt(i) - 48) * ES_WEIGHTS[i]!;
  const d = 11 - (sum % 11);
  return d === 11 ? 0 : d === 10 ? 1 : d;
}

function spanishAccountCheck(bban: string): boolean {
  if (!/^[0-9]{20}$/.test(bban)) return false;
  return spanishDigit('00' + bban.slice(0, 8)) === bban.charCodeAt(8) - 48
    && spanishDigit(bban.slice(10)) === bban.charCodeAt(9) - 48;
}
