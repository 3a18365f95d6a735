import { createHmac } from 'node:crypto';
import { FF1 } from '@noble/ciphers/ff1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardIssuer, isValidLuhn, isValidVerhoeff } from '../../src/detectors/validators/index.js';
import { DETECTOR_TYPES } from '../../src/detectors/types.js';
import {
  cardPrefixLength, deriveOrgKeys, formatPreservingValue, hashValue, labelFor, maskValue, partialValue, tokenFor, tokenizeValue,
  type RedactionType,
} from '../../src/pdp/redaction/index.js';

const master = Uint8Array.from({ length: 32 }, (_, i) => i);
const keys = deriveOrgKeys(master, 'acme');
const otherKeys = deriveOrgKeys(master, 'globex');
const ALL_TYPES: RedactionType[] = [...DETECTOR_TYPES, 'text_rule'];
const always = () => true;

// Layout, as documented: whitespace always; dashes, dots, slashes, brackets and + in grouped numbers.
const GROUPED = new Set(['credit_card', 'iban', 'aadhaar', 'ssn', 'phone', 'nik', 'npwp', 'dob']);
const isLayout = (type: string, c: string) => /\s/.test(c) || (GROUPED.has(type) && /[-./()+]/.test(c));

/** Content characters (code points) of `out` that equal `value`'s at the same place (both are length-preserving). */
function revealedCount(value: string, out: string, type: string): number {
  let n = 0;
  let i = 0;
  for (const c of value) {
    if (out.slice(i, i + c.length) === c && c !== '*' && !isLayout(type, c)) n++;
    i += c.length;
  }
  return n;
}

describe('mask', () => {
  it.each([
    ['credit_card', '4111 1111 1111 1111', '**** **** **** 1111'],
    ['credit_card', '4111-1111-1111-1111', '****-****-****-1111'],
    ['credit_card', '4111111111111111', '************1111'],
    ['iban', 'DE89 3704 0044 0532 0130 00', '**** **** **** **** **30 00'],
    ['aadhaar', '2341 2341 2346', '**** **** 2346'],
    ['ssn', '536-22-8726', '***-**-8726'],
    ['phone', '+91 98765 43210', '+** ***** *3210'],
    ['phone', '(415) 555-0132', '(***) ***-0132'],
    ['nik', '3171234101900001', '************0001'],
    ['npwp', '01.234.567.4-901.000', '**.***.***.*-**1.000'],
    ['nric', 'S1234567D', '*****567D'],
    ['pan', 'ABCPE1234F', '**********'],
    ['email', 'ana.lima@example.com', '********************'],
    ['dob', '14/03/1985', '**/**/****'],
    ['aws_access_key_id', 'AKIAZ7Q3KX2LMN4P5R6T', '********************'],
    ['text_rule', 'project falcon', '******* ******'],
  ] as const)('%s %s → %s', (type, value, expected) => {
    expect(maskValue(value, type)).toBe(expected);
  });

  it('keeps nothing of a value too short for its last four to be safe to show', () => {
    expect(maskValue('555-0132', 'phone')).toBe('***-****'); // 7 digits
  });

  it('does not treat dashes, dots or slashes in secrets as layout (they are content in base64)', () => {
    expect(maskValue('ab-cd/ef+gh', 'generic_secret')).toBe('***********');
  });

  it('masks an astral character with one star per UTF-16 unit, never splitting the pair', () => {
    expect(maskValue('a😀b', 'text_rule')).toBe('****');
  });

  it('keeps the length, shows at most 4 characters and never the whole value (any type, any string)', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_TYPES), fc.string({ unit: 'grapheme', maxLength: 40 }), (type, value) => {
      const out = maskValue(value, type);
      expect(out).toHaveLength(value.length);
      expect(revealedCount(value, out, type)).toBeLessThanOrEqual(4);
      const content = [...value].filter((c) => !isLayout(type, c));
      if (content.some((c) => c !== '*')) expect(out).not.toBe(value);
    }), { numRuns: 500 });
  });
});

describe('label', () => {
  it('names the type', () => {
    expect(labelFor('credit_card')).toBe('[REDACTED:credit_card]');
    expect(labelFor('text_rule')).toBe('[REDACTED:text_rule]');
  });
});

describe('partial', () => {
  it.each([
    ['credit_card', '4111 1111 1111 1111', '4111 11** **** 1111'],
    ['credit_card', '378282246310005', '37828******0005'],
    ['iban', 'DE89 3704 0044 0532 0130 00', 'DE** **** **** **** **30 00'],
    ['ssn', '536-22-8726', '***-**-8726'],
    ['aadhaar', '2341 2341 2346', '**** **** 2346'],
    ['nik', '3171234101900001', '31**********0001'],
    ['phone', '+91 98765 43210', '+91 ***** ***10'],
    ['pan', 'ABCPE1234F', '******234F'],
    ['email', 'ana.lima@example.com', 'a*******@example.com'],
    ['dob', '1985-03-14', '1985-**-**'],
    ['dob', '14 March 1985', '** ***** 1985'],
    ['passport', 'K1234567', 'K*****67'],
    ['booking_ref', 'X7QK2P', 'X****P'],
    ['aws_access_key_id', 'AKIAZ7Q3KX2LMN4P5R6T', 'AKIA************5R6T'],
    ['github_token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', `ghp_${'*'.repeat(32)}6789`],
    ['stripe_secret_key', 'sk_live_abcdefghijklmnopqrstuvwx', `sk_live_${'*'.repeat(20)}uvwx`],
    ['generic_secret', 'hunter22', '********'],
    ['generic_secret', 'a8Kd02mZq9Lr7Xc4Vb1N', '****************Vb1N'],
    ['text_rule', 'project', 'p*****t'],
  ] as const)('%s %s → %s', (type, value, expected) => {
    expect(partialValue(value, type)).toBe(expected);
  });

  it('shows the BEGIN and END lines of a private key and masks its body', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----';
    expect(partialValue(pem, 'private_key')).toBe('-----BEGIN RSA PRIVATE KEY-----\n*****************\n-----END RSA PRIVATE KEY-----');
  });

  it('falls back to first and last when an email is too short to show its domain', () => {
    expect(partialValue('a@b.co', 'email')).toBe('a****o');
  });

  it('never shows the whole value, and at most 2 characters of a value of 6 or fewer (any type, any string)', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_TYPES), fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), (type, value) => {
      const out = partialValue(value, type);
      expect(out).toHaveLength(value.length);
      const content = [...value].filter((c) => !isLayout(type, c)).length;
      const shown = revealedCount(value, out, type);
      if (content > 0) expect(shown).toBeLessThan(content);
      if (value.length <= 6) expect(shown).toBeLessThanOrEqual(2);
    }), { numRuns: 1000 });
  });
});

describe('hash', () => {
  it('is HMAC-SHA256 under the org hash key over type and canonical value, as [type:h:16 hex]', () => {
    const expected = createHmac('sha256', keys.hashKey).update('gatehouse/redaction/v1/hash\u0000credit_card\u00004111111111111111').digest('hex').slice(0, 16);
    expect(hashValue('4111 1111 1111 1111', 'credit_card', keys)).toBe(`[credit_card:h:${expected}]`);
  });

  it('is the same for one value in any layout, and differs by org, type and value', () => {
    const h = hashValue('4111 1111 1111 1111', 'credit_card', keys);
    expect(hashValue('4111-1111-1111-1111', 'credit_card', keys)).toBe(h);
    expect(hashValue('4111 1111 1111 1111', 'credit_card', otherKeys)).not.toBe(h);
    expect(hashValue('4111 1111 1111 1111', 'phone', keys)).not.toBe(h.replace('credit_card', 'phone'));
    expect(hashValue('5500 0000 0000 0004', 'credit_card', keys)).not.toBe(h);
    expect(hashValue('Ana@Example.com', 'email', keys)).toBe(hashValue('ana@example.com', 'email', keys));
  });

  it('keeps letters in free text significant', () => {
    expect(hashValue('Falcon', 'text_rule', keys)).not.toBe(hashValue('falcon', 'text_rule', keys));
  });
});

describe('tokenize', () => {
  it('gives [[type_8 hex]] from HMAC-SHA256 under the org hash key, the same for the same value', () => {
    const hex = createHmac('sha256', keys.hashKey).update('gatehouse/redaction/v1/token\u0000email\u00000\u0000ana@example.com').digest('hex').slice(0, 8);
    expect(tokenizeValue('ana@example.com', 'email', keys, always)).toBe(`[[email_${hex}]]`);
    expect(tokenizeValue('ana@example.com', 'email', keys, always)).toBe(`[[email_${hex}]]`);
    expect(tokenizeValue('ana@example.com', 'email', otherKeys, always)).not.toBe(`[[email_${hex}]]`);
    expect(tokenizeValue('bob@example.com', 'email', keys, always)).not.toBe(`[[email_${hex}]]`);
  });

  it('moves to other digests, then to forms without the type, when candidates are refused', () => {
    const tried: string[] = [];
    const token = tokenizeValue('text', 'text_rule', keys, (c) => {
      tried.push(c);
      return !c.includes('text');
    });
    expect(tried.slice(0, 4).every((c) => /^\[\[text_rule_[0-9a-f]{8}\]\]$/.test(c))).toBe(true);
    expect(new Set(tried.slice(0, 4)).size).toBe(4);
    expect(token).toMatch(/^\[\[[0-9a-f]{8}\]\]$/);
    expect(tokenFor('x', 'email', keys, 8)).toMatch(/^<<[0-9a-f]{8}>>$/);
  });

  it('returns undefined when every candidate is refused', () => {
    expect(tokenizeValue('v', 'email', keys, () => false)).toBeUndefined();
  });
});

describe('format_preserving', () => {
  const tweak = (type: string, attempt: number) => new TextEncoder().encode(`gatehouse/redaction/v1/fpe\u0000${type}\u0000${attempt}`);
  const digits = (s: string) => s.replace(/\D/g, '');

  it('keeps a card a Luhn-valid card of the same network and layout, FF1-encrypting the digits between issuer and check digit', () => {
    const card = '4111 1111 1111 1111';
    const out = formatPreservingValue(card, 'credit_card', keys, always)!;
    expect(out).toMatch(/^4\d{3} \d{4} \d{4} \d{4}$/);
    expect(out).not.toBe(card);
    expect(isValidLuhn(digits(out))).toBe(true);
    expect(cardIssuer(digits(out))).toBe('visa');
    const middle = Array.from(digits(out).slice(1, 15), Number);
    expect(FF1(10, keys.fpeKey, tweak('credit_card', 0)).decrypt(middle).join('')).toBe('11111111111111');
  });

  it('keeps the issuer digits that name the network', () => {
    expect(cardPrefixLength('4111111111111111')).toBe(1);
    expect(cardPrefixLength('5500000000000004')).toBe(2);
    expect(cardPrefixLength('378282246310005')).toBe(2);
    expect(cardPrefixLength('6011111111111117')).toBe(4);
    expect(cardPrefixLength('2221000000000009')).toBe(4);
    const amex = formatPreservingValue('3782-822463-10005', 'credit_card', keys, always)!;
    expect(amex).toMatch(/^37\d\d-\d{6}-\d{5}$/);
    expect(cardIssuer(digits(amex))).toBe('amex');
  });

  it('keeps an Aadhaar number Verhoeff-valid with its first digit', () => {
    const out = formatPreservingValue('2341 2341 2346', 'aadhaar', keys, always)!;
    expect(out).toMatch(/^2\d{3} \d{4} \d{4}$/);
    expect(isValidVerhoeff(digits(out))).toBe(true);
    expect(out).not.toBe('2341 2341 2346');
  });

  it('encrypts every digit of an SSN and keeps its dashes', () => {
    const out = formatPreservingValue('536-22-8726', 'ssn', keys, always)!;
    expect(out).toMatch(/^\d{3}-\d{2}-\d{4}$/);
    expect(FF1(10, keys.fpeKey, tweak('ssn', 0)).decrypt(Array.from(digits(out), Number)).join('')).toBe('536228726');
  });

  it('is deterministic per org and value, and differs across orgs', () => {
    const a = formatPreservingValue('536-22-8726', 'ssn', keys, always);
    expect(formatPreservingValue('536-22-8726', 'ssn', keys, always)).toBe(a);
    expect(formatPreservingValue('536-22-8726', 'ssn', otherKeys, always)).not.toBe(a);
  });

  it('changes the tweak when a pseudonym is refused', () => {
    const first = formatPreservingValue('536-22-8726', 'ssn', keys, always)!;
    const second = formatPreservingValue('536-22-8726', 'ssn', keys, (c) => c !== first)!;
    expect(second).not.toBe(first);
    expect(FF1(10, keys.fpeKey, tweak('ssn', 1)).decrypt(Array.from(digits(second), Number)).join('')).toBe('536228726');
  });

  it('declines types and values that are not digit strings, so the caller tokenizes them', () => {
    expect(formatPreservingValue('ana@example.com', 'email', keys, always)).toBeUndefined();
    expect(formatPreservingValue('DE89 3704 0044 0532 0130 00', 'iban', keys, always)).toBeUndefined();
    expect(formatPreservingValue('536-22-872A', 'ssn', keys, always)).toBeUndefined();
    expect(formatPreservingValue('5', 'ssn', keys, always)).toBeUndefined();
  });
});
