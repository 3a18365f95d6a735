import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, isValidLuhn, luhnCheckDigit, type Finding } from '../../src/index.js';

const cards = (text: string, minConfidence = 0): Finding[] => detect(text, { types: ['credit_card'], minConfidence });

describe('credit_card detector', () => {
  it('finds a labelled card number with its exact span and a high confidence', () => {
    const text = 'Please charge my card 4111 1111 1111 1111 today.';
    const [f, ...rest] = cards(text, 0.5);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ type: 'credit_card', value: '4111 1111 1111 1111', start: 22, end: 41 });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reports an unlabelled 16-digit card at about 0.85', () => {
    const [f] = cards('Use 5555555555554444 for the demo.', 0.5);
    expect(f!.value).toBe('5555555555554444');
    expect(f!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(f!.confidence).toBeLessThan(0.95);
  });

  it('finds compact, dashed and spaced numbers side by side', () => {
    const text = '4012888888881881 5555-5555-5555-4444 6011 1111 1111 1117';
    expect(cards(text, 0.5).map((f) => f.value)).toEqual(['4012888888881881', '5555-5555-5555-4444', '6011 1111 1111 1117']);
  });

  it('finds Amex in 4-6-5 and Diners in 4-6-4 groups', () => {
    expect(cards('amex 3782 822463 10005', 0.5).map((f) => f.value)).toEqual(['3782 822463 10005']);
    expect(cards('diners card 3622 720627 1667', 0.5).map((f) => f.value)).toEqual(['3622 720627 1667']);
  });

  it('finds 19-digit cards grouped 4-4-4-4-3', () => {
    const payload = '621234567890123456';
    const value = payload + luhnCheckDigit(payload);
    const grouped = value.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(cards(`UnionPay card: ${grouped}.`, 0.5).map((f) => f.value)).toEqual([grouped]);
  });

  it('rejects a card number whose Luhn digit is wrong', () => {
    expect(cards('card 4111 1111 1111 1112')).toEqual([]);
    expect(cards('card 4012-8888-8888-1882')).toEqual([]);
  });

  it('rejects a Luhn-valid number that no network issues', () => {
    const nine = '9' + '12345678901234';
    const mc = '2721' + '00000000000';
    expect(cards(`card ${nine}${luhnCheckDigit(nine)}`)).toEqual([]);
    expect(cards(`card ${mc}${luhnCheckDigit(mc)}`)).toEqual([]);
  });

  it('rejects a run of one repeated digit even when Luhn passes', () => {
    const run = '6666666666666'; // 13 digits in Maestro's range, Luhn-valid
    expect(isValidLuhn(run)).toBe(true);
    expect(cards(`card number ${run}`)).toEqual([]);
  });

  it('rejects mixed separators and double spaces', () => {
    expect(cards('card 4111 1111-1111 1111')).toEqual([]);
    expect(cards('card 4111  1111 1111 1111')).toEqual([]);
  });

  it('does not report a card inside a longer number', () => {
    expect(cards('ref 41111111111111112222')).toEqual([]);
    expect(cards('ref 4111 1111 1111 1111 2222')).toEqual([]);
    expect(cards('id 12-4111111111111111')).toEqual([]);
    expect(cards('v1.4111111111111111')).toEqual([]);
    expect(cards('call +4111111111111111')).toEqual([]);
    expect(cards('x4111111111111111 and 4111111111111111y')).toEqual([]);
  });

  it('does not report the digits of a grouped IBAN-like token as a card', () => {
    expect(cards('IBAN GB12 4111 1111 1111 1111')).toEqual([]);
  });

  it('keeps the card when a 3-digit code or an expiry follows it', () => {
    expect(cards('card 4111 1111 1111 1111 123', 0.5).map((f) => f.value)).toEqual(['4111 1111 1111 1111']);
    expect(cards('card 4111 1111 1111 1111 12/27', 0.5).map((f) => f.value)).toEqual(['4111 1111 1111 1111']);
  });

  it('lowers confidence below the default threshold near "order number" or "invoice"', () => {
    const [f] = cards('Order number 4111111111111111 shipped.');
    expect(f!.confidence).toBeLessThan(0.5);
    expect(cards('Order number 4111111111111111 shipped.', 0.5)).toEqual([]);
    expect(cards('invoice 4111111111111111', 0.5)).toEqual([]);
  });

  it('needs a label for short Maestro and UATP numbers', () => {
    expect(cards('code 122000000000003', 0.5)).toEqual([]);
    expect(cards('UATP card 122000000000003', 0.5).map((f) => f.value)).toEqual(['122000000000003']);
  });
});

// Leading digits and lengths of each network, for generated card numbers.
const NETWORKS: readonly { prefix: string; length: number }[] = [
  { prefix: '4', length: 16 }, { prefix: '4', length: 19 }, { prefix: '51', length: 16 }, { prefix: '2221', length: 16 },
  { prefix: '2720', length: 16 }, { prefix: '34', length: 15 }, { prefix: '37', length: 15 }, { prefix: '6011', length: 16 },
  { prefix: '65', length: 16 }, { prefix: '36', length: 14 }, { prefix: '3528', length: 16 }, { prefix: '62', length: 16 },
  { prefix: '6759', length: 16 }, { prefix: '508', length: 16 }, { prefix: '2200', length: 16 },
];

const PROSE = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ.,!?\n'), maxLength: 60 });

const cardNumber = fc
  .tuple(fc.constantFrom(...NETWORKS), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }))
  .map(([net, fill]) => {
    const payload = (net.prefix + fill.join('')).slice(0, net.length - 1);
    return payload + luhnCheckDigit(payload);
  })
  .filter((digits) => !/^(\d)\1+$/.test(digits));

function format(digits: string, style: number): string {
  if (style === 0 || digits.length !== 16) return digits;
  return digits.replace(/(\d{4})(?=\d)/g, style === 1 ? '$1 ' : '$1-');
}

describe('credit_card properties', () => {
  it('finds a generated valid card number in random surrounding text with its exact span', () => {
    fc.assert(fc.property(cardNumber, fc.integer({ min: 0, max: 2 }), PROSE, PROSE, (digits, style, before, after) => {
      const value = format(digits, style);
      const text = `${before} card number: ${value} ${after}`;
      const start = before.length + 14;
      const found = cards(text, 0.5);
      expect(found).toContainEqual(expect.objectContaining({ type: 'credit_card', start, end: start + value.length, value }));
    }), { numRuns: 300 });
  });

  it('never reports a card number with one digit changed', () => {
    fc.assert(fc.property(cardNumber, fc.nat(), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 2 }), (digits, at, delta, style) => {
      const i = at % digits.length;
      const changed = digits.slice(0, i) + String((Number(digits[i]) + delta) % 10) + digits.slice(i + 1);
      expect(cards(`card number: ${format(changed, style)} thanks`)).toEqual([]);
    }), { numRuns: 300 });
  });
});
