/**
 * Generators of valid, realistic PII and secret values for the bench corpus. Each sample knows
 * the Gatehouse type it should be found as, and comes with a few labels a person would write.
 */
import type { DetectorType } from '../src/index.js';
import { luhnCheckDigit, makeIban, nricCheckLetter, verhoeffCheckDigit } from './checksums.js';
import type { Rng } from './prng.js';

export interface PiiSample {
  type: DetectorType;
  value: string;
  /** Sentence fragments that introduce the value, e.g. "my card number is". */
  labels: readonly string[];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FIRST = ['ana', 'li.wei', 'priya', 'tom', 'sofia', 'kwame', 'yuki', 'omar', 'elena', 'raj', 'mei', 'jonas'];
const LAST = ['garcia', 'tan', 'sharma', 'smith', 'rossi', 'mensah', 'sato', 'haddad', 'novak', 'patel', 'lim', 'berg'];
const DOMAINS = ['example.com', 'mail.example.org', 'acme.io', 'corp.example.co.uk', 'gmail.com', 'startup.dev'];
const US_AREA = ['212', '303', '312', '415', '512', '617', '646', '702', '808', '919'];

function group(value: string, size: number, sep: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += size) parts.push(value.slice(i, i + size));
  return parts.join(sep);
}

function card(rng: Rng): string {
  const kind = rng.int(0, 2);
  if (kind === 2) {
    // American Express: 15 digits, grouped 4-6-5.
    const payload = rng.pick(['34', '37']) + rng.digits(12);
    const pan = payload + luhnCheckDigit(payload);
    const sep = rng.pick([' ', '-', '']);
    return sep ? `${pan.slice(0, 4)}${sep}${pan.slice(4, 10)}${sep}${pan.slice(10)}` : pan;
  }
  const payload = (kind === 0 ? '4' + rng.digits(14) : String(rng.int(51, 55)) + rng.digits(13));
  const pan = payload + luhnCheckDigit(payload);
  const sep = rng.pick([' ', '-', '', ' ']);
  return sep ? group(pan, 4, sep) : pan;
}

function iban(rng: Rng): string {
  const country = rng.pick(['DE', 'GB', 'IE']);
  const bban = country === 'DE' ? rng.digits(18) : rng.chars(UPPER, 4) + rng.digits(14);
  const value = makeIban(country, bban);
  return rng.chance(0.6) ? group(value, 4, ' ') : value;
}

function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  const a = String(area).padStart(3, '0');
  const g = String(rng.int(1, 99)).padStart(2, '0');
  const s = String(rng.int(1, 9999)).padStart(4, '0');
  return `${a}-${g}-${s}`;
}

function aadhaar(rng: Rng): string {
  const payload = String(rng.int(2, 9)) + rng.digits(10);
  const value = payload + verhoeffCheckDigit(payload);
  return rng.chance(0.7) ? group(value, 4, ' ') : value;
}

function pan(rng: Rng): string {
  // Fourth letter is the holder category; P (person) and C (company) are the common ones.
  return rng.chars(UPPER, 3) + rng.pick(['P', 'P', 'C', 'H', 'F']) + rng.chars(UPPER, 1) + rng.digits(4) + rng.chars(UPPER, 1);
}

function nric(rng: Rng): { type: DetectorType; value: string } {
  const prefix = rng.pick(['S', 'T', 'S', 'T', 'F', 'G']);
  const digits = rng.digits(7);
  return { type: prefix === 'S' || prefix === 'T' ? 'nric' : 'fin', value: prefix + digits + nricCheckLetter(prefix, digits) };
}

function phone(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0: return `(${rng.pick(US_AREA)}) ${rng.int(201, 989)}-${rng.digits(4)}`;
    case 1: return `+1 ${rng.pick(US_AREA)} ${rng.int(201, 989)} ${rng.digits(4)}`;
    case 2: return `+44 20 7946 0${rng.digits(3)}`;
    case 3: return `+65 ${rng.pick(['8', '9'])}${rng.digits(3)} ${rng.digits(4)}`;
    default: return `+91 ${rng.pick(['98', '97', '88'])}${rng.digits(3)} ${rng.digits(5)}`;
  }
}

function email(rng: Rng): string {
  const local = rng.pick(FIRST) + (rng.chance(0.5) ? '.' + rng.pick(LAST) : String(rng.int(1, 99)));
  return `${local}@${rng.pick(DOMAINS)}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function jwt(rng: Rng): string {
  const header = base64url('{"alg":"HS256","typ":"JWT"}');
  const payload = base64url(`{"sub":"${rng.digits(8)}","name":"${rng.pick(FIRST)}","iat":${rng.int(1_600_000_000, 1_750_000_000)}}`);
  return `${header}.${payload}.${rng.chars(BASE64URL, 43)}`;
}

/** One random sample. Weights roughly follow what users paste into chat prompts. */
export function randomPiiSample(rng: Rng): PiiSample {
  const roll = rng.int(0, 99);
  if (roll < 20) return { type: 'email', value: email(rng), labels: ['you can reach me at', 'email:', 'send it to', 'my email is'] };
  if (roll < 36) return { type: 'phone', value: phone(rng), labels: ['call me on', 'phone:', 'my mobile is', 'tel'] };
  if (roll < 48) return { type: 'credit_card', value: card(rng), labels: ['my card number is', 'card:', 'charge the Visa', 'credit card'] };
  if (roll < 58) return { type: 'iban', value: iban(rng), labels: ['IBAN:', 'wire it to IBAN', 'my bank account (IBAN) is'] };
  if (roll < 65) return { type: 'ssn', value: ssn(rng), labels: ['SSN:', 'my social security number is', 'SSN'] };
  if (roll < 72) return { type: 'aadhaar', value: aadhaar(rng), labels: ['Aadhaar:', 'my Aadhaar number is', 'aadhaar no.'] };
  if (roll < 78) return { type: 'pan', value: pan(rng), labels: ['PAN:', 'my PAN card is', 'PAN number'] };
  if (roll < 85) {
    const { type, value } = nric(rng);
    return { type, value, labels: ['NRIC:', 'my IC number is', type === 'fin' ? 'FIN:' : 'NRIC no.'] };
  }
  if (roll < 92) return { type: 'aws_access_key_id', value: 'AKIA' + rng.chars(BASE32, 16), labels: ['aws_access_key_id =', 'the access key is', 'AWS key'] };
  return { type: 'jwt', value: jwt(rng), labels: ['Authorization: Bearer', 'the token is', 'jwt:'] };
}
