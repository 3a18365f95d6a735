import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { cardIssuer, type CardIssuer } from '../validators/card-issuer.js';
import { isValidLuhn } from '../validators/luhn.js';
import { continuesGroupLeft, continuesWithFourDigits, DIGIT_TOKENS, stripSeparators } from './digit-groups.js';

/**
 * Payment card numbers: 12 to 19 digits, written compact or in groups joined by a single
 * space or dash (4-4-4-4, 4-4-4-4-3, 4-4-4(-1..4), Amex's 4-6-5, Diners' 4-6-4). The leading
 * digits and the length must belong to one network, and the Luhn digit must be right.
 */

const SPACE = 32;
const DASH = 45;

const CARD_CONTEXT: ContextWords = {
  positive: /\b(?:cards?|credit|debit|visa|master ?card|amex|american express|discover|diners|jcb|union ?pay|maestro|rupay|cc|ccn|cvv|cvc|expiry|expires|expiration|exp|payments?|pay|paid|billing|checkout|kreditkarte|carte|tarjeta)\b/,
  // No trailing \b: plurals count, and alternatives may end in '#'.
  negative: /\b(?:order (?:no\b|number|id\b|#)|invoice|tracking|serial|version|imei|sku|isbn|ticket|ref(?:erence)? (?:no\b|number|#)|account (?:no\b|number|#)|transaction id|barcode|awb\b|part (?:no\b|number))/,
};

/**
 * Confidence before context words. Luhn alone passes one number in ten, so the networks'
 * usual shapes (16 digits, 15-digit Amex) carry the evidence; short Maestro, 13-digit Visa
 * and UATP numbers look like too many other identifiers to report without a label.
 */
function baseConfidence(issuer: CardIssuer, length: number): number {
  if (length === 16 || issuer === 'amex') return 0.85;
  if (issuer === 'uatp' || length < 14) return 0.4;
  return 0.7;
}

function cardNetwork(digits: string): CardIssuer | undefined {
  if (isOneRepeatedDigit(digits)) return undefined;
  const issuer = cardIssuer(digits);
  return issuer && isValidLuhn(digits) ? issuer : undefined;
}

function isOneRepeatedDigit(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits.charCodeAt(i) !== digits.charCodeAt(0)) return false;
  return true;
}

function find(ctx: ScanContext, out: Candidate[]): void {
  const text = ctx.text;
  for (const token of ctx.shared(DIGIT_TOKENS)) {
    const { start, sep } = token;
    let end = token.end;
    if (sep !== -1) {
      if (sep !== SPACE && sep !== DASH) continue;
      // A grouped number that carries on past either end is a longer identifier.
      if (continuesGroupLeft(text, start, sep) || continuesWithFourDigits(text, end, sep)) continue;
    }
    let digits = stripSeparators(token.raw, sep);
    let issuer = cardNetwork(digits);
    if (!issuer && token.groups === 5 && digits.length === 19) {
      // 4-4-4-4 then a 3-digit group (a CVV, say): the card may be the first 16 digits.
      issuer = cardNetwork(digits.slice(0, 16));
      if (issuer) {
        digits = digits.slice(0, 16);
        end -= 4;
      }
    }
    if (!issuer) continue;
    const confidence = scoreConfidence(baseConfidence(issuer, digits.length), readContext(text, start, end, CARD_CONTEXT));
    out.push({ type: 'credit_card', start, end, confidence });
  }
}

export const creditCardDetector: Detector = {
  name: 'credit_card',
  types: ['credit_card'],
  find,
};
