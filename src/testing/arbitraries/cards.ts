/**
 * Payment card numbers: a network's prefix and length, random digits, the Luhn digit, and the
 * ways people write them (compact, or in the network's usual groups).
 */
import fc from 'fast-check';
import { luhnDigit } from './check-digits.js';
import { corruption, digits, shiftDigit } from './random.js';

/** A card network the generator can draw from. */
export type CardNetwork =
  | 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'maestro' | 'rupay' | 'mir' | 'uatp';

/** Issuer prefixes and lengths per network (ISO/IEC 7812 ranges as the networks publish them). */
const NETWORKS: Readonly<Record<CardNetwork, { prefixes: readonly string[]; lengths: readonly number[] }>> = {
  visa: { prefixes: ['4'], lengths: [13, 16, 19] },
  mastercard: { prefixes: ['51', '52', '53', '54', '55', '2221', '2300', '2500', '2720'], lengths: [16] },
  amex: { prefixes: ['34', '37'], lengths: [15] },
  discover: { prefixes: ['6011', '644', '645', '649', '65'], lengths: [16, 19] },
  diners: { prefixes: ['300', '305', '36', '38', '39', '3095'], lengths: [14, 16] },
  jcb: { prefixes: ['3528', '3540', '3589'], lengths: [16, 17, 18, 19] },
  unionpay: { prefixes: ['62', '81'], lengths: [16, 17, 18, 19] },
  maestro: { prefixes: ['5018', '5020', '5038', '5893', '6304', '6759', '6761', '6763'], lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  rupay: { prefixes: ['60', '508', '82'], lengths: [16] },
  mir: { prefixes: ['2200', '2204'], lengths: [16, 19] },
  uatp: { prefixes: ['1'], lengths: [15] },
};

/** Every network {@link cardDigits} can draw from. */
export const CARD_NETWORKS = Object.keys(NETWORKS) as CardNetwork[];

/** A card number as plain digits, with its network. */
export interface CardDigits {
  network: CardNetwork;
  digits: string;
}

/** Card numbers of the given networks (default: all), compact, with a correct Luhn digit. */
export function cardDigits(networks: readonly CardNetwork[] = CARD_NETWORKS): fc.Arbitrary<CardDigits> {
  return fc
    .constantFrom(...networks)
    .chain((network) => {
      const { prefixes, lengths } = NETWORKS[network];
      return fc.tuple(fc.constant(network), fc.constantFrom(...prefixes), fc.constantFrom(...lengths));
    })
    .chain(([network, prefix, length]) => {
      // Rupay's "60" must not become Discover's 6011.
      const body = digits(length - prefix.length - 1).filter((b) => !(prefix === '60' && b.startsWith('11')));
      return body.map((b) => ({ network, digits: prefix + b + luhnDigit(prefix + b) }));
    })
    .filter(({ digits: d }) => !/^(\d)\1*$/.test(d));
}

/** How a card number can be written, by length; the first is always compact. */
function layoutsFor(length: number, network: CardNetwork): readonly (readonly number[])[] {
  if (length === 16) return [[16], [4, 4, 4, 4]];
  if (network === 'amex') return [[15], [4, 6, 5]];
  if (length === 14) return [[14], [4, 6, 4]];
  if (length === 19) return [[19], [4, 4, 4, 4, 3]];
  if (length === 12) return [[12], [4, 4, 4]];
  return [[length]];
}

/** `digits` split into `groups` joined by `separator`. */
export function groupDigits(value: string, groups: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const g of groups) {
    parts.push(value.slice(at, at + g));
    at += g;
  }
  return parts.join(separator);
}

const writtenForms = (card: CardDigits): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...layoutsFor(card.digits.length, card.network)), fc.constantFrom(' ', '-'))
    .map(([groups, separator]) => groupDigits(card.digits, groups, separator));

/**
 * A valid card number as someone would write it: compact, or grouped by spaces or dashes.
 *
 * @example
 * ```ts
 * fc.sample(cardNumber(['amex', 'visa']), 2); // e.g. ['3714 496353 98431', '4556737586899855']
 * ```
 */
export function cardNumber(networks?: readonly CardNetwork[]): fc.Arbitrary<string> {
  return cardDigits(networks).chain(writtenForms);
}

/**
 * A valid card number with one digit after the issuer prefix changed, so that the Luhn digit
 * no longer matches, written as a card would be.
 */
export function nearMissCardNumber(networks?: readonly CardNetwork[]): fc.Arbitrary<string> {
  return fc
    .tuple(cardDigits(networks), corruption)
    .map(([card, { pick, delta }]) => {
      const positions = Array.from({ length: card.digits.length - 6 }, (_, i) => i + 6);
      return { ...card, digits: shiftDigit(card.digits, positions, pick, delta) };
    })
    // 4-4-4-4 then three digits reads as a 16-digit card and its CVV: that reading must fail too.
    .filter(({ digits: d }) => d.length !== 19 || luhnDigit(d.slice(0, 15)) !== d[15])
    .chain(writtenForms);
}
