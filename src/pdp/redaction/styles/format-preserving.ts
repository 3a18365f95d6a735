/**
 * `format_preserving`: a number is replaced by another number of the same shape, computed
 * with FF1 (NIST SP 800-38G, radix 10) under the org's FPE key. Separators stay where they
 * were and the length is kept, so forms, validators and models see a plausible value:
 *
 * | type | pseudonym |
 * |---|---|
 * | `credit_card` (12–19 digits) | the issuer digits are kept (1 for Visa's `4`; 2 for Mastercard 51–55, Amex, Diners 36/38/39, UnionPay 62, Discover 65, RuPay 82, UnionPay 81; otherwise 4), the rest is encrypted, and the Luhn check digit is recomputed: it is a Luhn-valid card of the same network |
 * | `aadhaar` (12 digits) | the first digit (2–9) is kept, the next 10 encrypted, and the Verhoeff check digit recomputed |
 * | `ssn`, `phone`, `nik`, `npwp`, and cards of other lengths | every digit encrypted |
 * | every other type, and values with characters other than digits and separators | falls back to `tokenize` |
 *
 * Pseudonyms are deterministic per org and value. The token map records pseudonym → value;
 * `restore()` uses the map, never decryption. When a pseudonym equals its value, already
 * occurs in the text, or stands for a different value, the tweak changes and FF1 runs again.
 */
import { createHmac } from 'node:crypto';
import { FF1 } from '@noble/ciphers/ff1.js';
import { luhnCheckDigit } from '../../../detectors/validators/luhn.js';
import { verhoeffCheckDigit } from '../../../detectors/validators/verhoeff.js';
import { BoundedLru } from '../bounded-lru.js';
import type { OrgRedactionKeys } from '../org-keys.js';
import { isLayoutChar, type RedactionType } from '../redaction-type.js';
import type { AcceptReplacement } from './accept.js';

/** Types that `format_preserving` encrypts; any other type is tokenized. */
export const FORMAT_PRESERVING_TYPES: ReadonlySet<RedactionType> = new Set<RedactionType>([
  'credit_card', 'aadhaar', 'ssn', 'phone', 'nik', 'npwp',
]);

/** How many tweaks are tried before falling back to `tokenize`. */
export const FPE_ATTEMPTS = 8;

const TWEAK_LABEL = 'gatehouse/redaction/v1/fpe\u0000';
const CACHE_LABEL = 'gatehouse/redaction/v1/fpe-cache\u0000';

// FF1 costs tens of microseconds, and chat histories resend the same values every turn. The
// cache is keyed by an HMAC of the input under the org's key, so it holds no raw values.
const cache = new BoundedLru<string, string>(4096);

/**
 * The first acceptable pseudonym for `value`, or `undefined` when the type or the value is
 * not a digit string (or, improbably, no tweak gives an acceptable one): then tokenize.
 *
 * @example
 * ```ts
 * formatPreservingValue('4111 1111 1111 1111', 'credit_card', keys, () => true);
 * // e.g. '4539 2816 0354 1172': same layout, a Visa prefix, a valid Luhn digit
 * ```
 */
export function formatPreservingValue(value: string, type: RedactionType, keys: OrgRedactionKeys, accept: AcceptReplacement): string | undefined {
  if (!FORMAT_PRESERVING_TYPES.has(type)) return undefined;
  const digits = digitsOf(value, type);
  if (digits === undefined) return undefined;
  for (let attempt = 0; attempt < FPE_ATTEMPTS; attempt++) {
    const candidate = writeDigits(value, type, pseudonymDigits(digits, type, keys, attempt));
    if (candidate !== value && accept(candidate)) return candidate;
  }
  return undefined;
}

/** The digits of `value` when it holds only ASCII digits and layout, at least two of them. */
function digitsOf(value: string, type: RedactionType): string | undefined {
  let digits = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += value[i];
    else if (!isLayoutChar(type, c)) return undefined;
  }
  return digits.length >= 2 ? digits : undefined;
}

function writeDigits(value: string, type: RedactionType, digits: string): string {
  let out = '';
  let d = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += c >= 0x30 && c <= 0x39 ? digits[d++] : value[i];
  }
  return out;
}

function pseudonymDigits(digits: string, type: RedactionType, keys: OrgRedactionKeys, attempt: number): string {
  const n = digits.length;
  if (type === 'credit_card' && n >= 12 && n <= 19) {
    const keep = cardPrefixLength(digits);
    const body = digits.slice(0, keep) + encrypt(digits.slice(keep, n - 1), type, keys, attempt);
    return body + String(luhnCheckDigit(body));
  }
  if (type === 'aadhaar' && n === 12 && digits[0] !== '0' && digits[0] !== '1') {
    const body = digits[0] + encrypt(digits.slice(1, 11), type, keys, attempt);
    return body + String(verhoeffCheckDigit(body));
  }
  return encrypt(digits, type, keys, attempt);
}

/** How many leading digits name the card network (see `cardIssuer`). */
export function cardPrefixLength(digits: string): number {
  if (digits[0] === '4') return 1;
  const p2 = Number(digits.slice(0, 2));
  if ((p2 >= 51 && p2 <= 55) || p2 === 34 || p2 === 37 || p2 === 36 || p2 === 38 || p2 === 39 || p2 === 62 || p2 === 65 || p2 === 81 || p2 === 82) return 2;
  return 4;
}

function encrypt(digits: string, type: RedactionType, keys: OrgRedactionKeys, attempt: number): string {
  const id = createHmac('sha256', keys.fpeKey).update(`${CACHE_LABEL}${type}\u0000${attempt}\u0000${digits}`, 'utf8').digest('base64');
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  const tweak = new TextEncoder().encode(`${TWEAK_LABEL}${type}\u0000${attempt}`);
  const numerals = Array.from(digits, (ch) => ch.charCodeAt(0) - 48);
  const out = FF1(10, keys.fpeKey, tweak).encrypt(numerals).join('');
  cache.set(id, out);
  return out;
}
