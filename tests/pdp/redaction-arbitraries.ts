// Generators shared by the redaction tests: Luhn-valid cards with real issuer prefixes, laid
// out the ways people write them, and texts that embed cards, IBANs and emails.
import fc from 'fast-check';
import { luhnCheckDigit } from '../../src/detectors/validators/index.js';
import { ibanCheckDigits } from '../../src/detectors/validators/index.js';

/** [issuer prefix, length] pairs that `cardIssuer` recognises. */
export const CARD_SHAPES: ReadonlyArray<readonly [string, number]> = [
  ['4', 16], ['4', 13], ['4', 19], ['51', 16], ['55', 16], ['2221', 16], ['2720', 16], ['34', 15], ['37', 15],
  ['6011', 16], ['65', 16], ['644', 16], ['36', 14], ['38', 16], ['3528', 16], ['3589', 19], ['62', 16], ['62', 19],
  ['81', 16], ['82', 16], ['508', 16], ['60', 16], ['2200', 16], ['1', 15], ['56', 12], ['6304', 18],
];

/** A Luhn-valid card number (digits only). */
export const cardDigits = fc
  .tuple(fc.constantFrom(...CARD_SHAPES), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }))
  .map(([[prefix, length], fill]) => {
    const body = prefix + fill.slice(0, length - 1 - prefix.length).join('');
    return body + String(luhnCheckDigit(body));
  });

/** Groups digits by 4 with `sep` (Amex 4-6-5 when 15 digits). */
export function groupCard(digits: string, sep: string): string {
  if (sep === '') return digits;
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  return digits.match(/.{1,4}/g)!.join(sep);
}

/** A Luhn-valid card as written: compact, or grouped by spaces or dashes. */
export const writtenCard = fc.tuple(cardDigits, fc.constantFrom('', ' ', '-')).map(([d, sep]) => groupCard(d, sep));

/** A valid German IBAN (its check digits computed), compact or grouped by 4. */
export const iban = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }), fc.boolean())
  .map(([d, grouped]) => {
    const bban = d.join('');
    const compact = `DE${ibanCheckDigits('DE', bban)}${bban}`;
    return grouped ? compact.match(/.{1,4}/g)!.join(' ') : compact;
  });

/** A plain email address. */
export const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{2,9}(\.[a-z]{2,8})?$/), fc.constantFrom('example.com', 'mail.example.org', 'corp.example.net'))
  .map(([local, domain]) => `${local}@${domain}`);

/** Prose around sensitive values: words, punctuation and spaces, no digits. */
const filler = fc.stringMatching(/^[A-Za-z ,.:;!?()'\n]{0,30}$/).map((s) => ` ${s} `);

/** A text that embeds cards, IBANs and emails among prose, some of them repeated. */
export const sensitiveText = fc
  .array(fc.oneof(filler, writtenCard, iban, email), { minLength: 1, maxLength: 10 })
  .chain((parts) => fc.subarray(parts).map((again) => [...parts, ' ', ...again].join(' ')));
