/**
 * `mask`: every content character becomes `*`, layout (spaces, and the dashes and dots of
 * grouped numbers) stays in place. For the types whose last four characters are customarily
 * printed on receipts, statements and letters, those four stay visible:
 *
 * | type | kept | why |
 * |---|---|---|
 * | `credit_card` | last 4 | PCI DSS allows the last four digits to be displayed |
 * | `iban` | last 4 | bank statements and apps show the account's last four |
 * | `aadhaar` | last 4 | UIDAI's "masked Aadhaar" shows only the last four digits |
 * | `ssn` | last 4 | US practice: `***-**-6789` |
 * | `phone` | last 4 | how apps show a verified number |
 * | `nik`, `npwp` | last 4 | Indonesian bank and tax practice |
 * | `nric`, `fin` | last 4 | Singapore PDPC guidance: last three digits and the check letter |
 * | every other type, and text rules | none | no customary partial form (a PAN's last four carry its check letter; emails, dates, passports and secrets are fully hidden) |
 *
 * The last four are kept only when the value has at least 8 content characters, so at most
 * half of a value is ever shown, and never more than 4 characters.
 */
import { maskWhere } from '../aligned-mask.js';
import type { RedactionType } from '../redaction-type.js';

/** Types whose last four content characters `mask` keeps. */
export const MASK_KEEPS_LAST_FOUR: ReadonlySet<RedactionType> = new Set<RedactionType>([
  'credit_card', 'iban', 'aadhaar', 'ssn', 'phone', 'nik', 'npwp', 'nric', 'fin',
]);

const KEPT = 4;
const MIN_LENGTH_TO_KEEP = 8;

/**
 * The `mask` rewriting of `value`, the same length as `value`.
 *
 * @example
 * ```ts
 * maskValue('4111 1111 1111 1111', 'credit_card'); // '**** **** **** 1111'
 * maskValue('536-22-8726', 'ssn');                 // '***-**-8726'
 * maskValue('ana@example.com', 'email');           // '***************'
 * ```
 */
export function maskValue(value: string, type: RedactionType): string {
  const keepTail = MASK_KEEPS_LAST_FOUR.has(type);
  return maskWhere(value, type, (index, count) => keepTail && count >= MIN_LENGTH_TO_KEEP && index >= count - KEPT).text;
}
