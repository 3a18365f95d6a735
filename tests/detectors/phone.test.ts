import fc from 'fast-check';
import { getCountries, getExampleNumber, isValidPhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';

const phones = (text: string, options: { region?: string; minConfidence?: number } = {}) =>
  detect(text, { types: ['phone'], minConfidence: options.minConfidence ?? 0.5, region: options.region });

describe('phone detector', () => {
  it.each([
    ['Call (415) 555-0132 tonight', '(415) 555-0132'],
    ['phone: 415-555-0132.', '415-555-0132'],
    ['my mobile is 415.555.0132', '415.555.0132'],
    ['+1 415 555 0132', '+1 415 555 0132'],
    ['+1 (415) 555-0132', '+1 (415) 555-0132'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['+44 (0) 20 7946 0958', '+44 (0) 20 7946 0958'],
    ['mobile +91 98765 43210', '+91 98765 43210'],
    ['+65 9123 4567', '+65 9123 4567'],
    ['WhatsApp:+6281234567890', '+6281234567890'],
  ])('finds %j', (text, value) => {
    const found = phones(text);
    expect(found.map((f) => f.value)).toEqual([value]);
    expect(found[0]!.start).toBe(text.indexOf(value));
  });

  it('reads national numbers in the scan region only', () => {
    expect(phones('020 7946 0958', { region: 'GB' }).map((f) => f.value)).toEqual(['020 7946 0958']);
    expect(phones('020 7946 0958', { region: 'US', minConfidence: 0 })).toEqual([]);
    expect(phones('tel 98765 43210', { region: 'IN' }).map((f) => f.value)).toEqual(['98765 43210']);
  });

  it('reads a leading 00 as the international prefix', () => {
    const [f] = phones('0044 20 7946 0958', { region: 'GB' });
    expect(f?.value).toBe('0044 20 7946 0958');
    expect(f!.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('rejects numbers in ranges that are not assigned (libphonenumber max metadata)', () => {
    // 555 is not an area code and 123 is not an exchange in the North American plan.
    expect(phones('call 555-123-4567 or 123-456-7890', { minConfidence: 0 })).toEqual([]);
    expect(phones('+1 555 123 4567', { minConfidence: 0 })).toEqual([]);
  });

  it.each([
    ['ISO date', 'released on 2024-01-15'],
    ['date with time', 'at 2024-01-15 10:30'],
    ['day-first date', 'due 15/01/2024 or 15.01.2024 or 15-01-2024'],
    ['versions', 'upgrade v10.4.2 to 1.2.3 or 2.10.14.3'],
    ['amounts', 'it cost $1,234,567.89, about 1.234.567 EUR or 12.345.678 units'],
    ['IPv4 address', 'server 192.168.100.200 and 10.42.204.180'],
    ['card number', 'card 4111 1111 1111 1111'],
    ['Aadhaar number', 'Aadhaar 2345 6789 0123'],
    ['NIK', 'NIK 3201234567890001'],
    ['SSN', 'SSN 123-45-6789'],
    ['ISBN', 'ISBN 978-3-16-148410-0'],
    ['hash', 'commit 4155550132abcdef'],
    ['order reference', 'order #4155550132'],
    ['decimal', 'pi is 3.1415926535'],
    ['percentage', 'growth 4155550132%'],
  ])('does not report a %s', (_, text) => {
    for (const region of ['US', 'IN', 'ID', 'GB', 'SG']) expect(phones(text, { region, minConfidence: 0 }), `${text} (${region})`).toEqual([]);
  });

  it('rates international numbers about 0.85, national ones lower, and labels above 0.95', () => {
    const [intl] = phones('Copy this: +44 20 7946 0958', { minConfidence: 0 });
    const [national] = phones('Copy this: (415) 555-0132', { minConfidence: 0 });
    const [labelled] = phones('Phone: (415) 555-0132', { minConfidence: 0 });
    expect(intl!.confidence).toBeCloseTo(0.85, 2);
    expect(national!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(national!.confidence).toBeLessThan(intl!.confidence);
    expect(labelled!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('lowers confidence near order, invoice and ID words', () => {
    const [f] = phones('order number 4155550132', { minConfidence: 0 });
    expect(f!.confidence).toBeLessThan(0.5);
    expect(phones('invoice 4155550132')).toEqual([]);
  });

  it('splits a space-separated list of formatted numbers', () => {
    expect(phones('Phones: 415-555-0132 212-555-0173').map((f) => f.value)).toEqual(['415-555-0132', '212-555-0173']);
  });

  it('does not start a number inside the minutes of a time', () => {
    expect(phones('10:30 4155550132', { minConfidence: 0 }).map((f) => f.value)).toEqual(['4155550132']);
  });

  it.each([
    ['call me on (+44 7400 123456)', '+44 7400 123456'],
    ['call me on (+1 506 234 4604)', '+1 506 234 4604'],
    ['call me on (+48 512 346 017)', '+48 512 346 017'],
    ['(+20 10 01233824)', '+20 10 01233824'],
    ['reach me (201-555-0123) after six', '201-555-0123'],
    ['office ((201) 555-0123)', '(201) 555-0123'],
    ['mobile (+44 (0) 20 7946 0958).', '+44 (0) 20 7946 0958'],
    ['call me (at +44 7400 123456)', '+44 7400 123456'],
  ])('finds a number inside parentheses: %j', (text, value) => {
    const found = phones(text);
    expect(found.map((f) => f.value)).toEqual([value]);
    expect(found[0]!.start).toBe(text.indexOf(value));
  });

  it('finds each number of a list in parentheses', () => {
    expect(phones('phones (415-555-0132 212-555-0173)').map((f) => f.value)).toEqual(['415-555-0132', '212-555-0173']);
  });

  it.each([
    ['a year', 'released (2019) and again (2021)'],
    ['a version', 'fixed in (v1.2.3) and (1.2.3.4)'],
    ['a page reference', '(see page 12) and (pp. 120-345)'],
    ['amounts', 'total ($1,234,567.89) or (1,234,567) or (€1.234.567) or (12.345.678)'],
    ['a date', 'signed (2024-01-15) and (15.01.2024)'],
    ['an IPv4 address', 'host (192.168.100.200)'],
    ['an SSN', 'id (123-45-6789)'],
    ['an ISBN', '(ISBN 978-3-16-148410-0)'],
    ['an Aadhaar-style ID', '(2345 6789 0123)'],
  ])('does not report %s in parentheses', (_, text) => {
    for (const region of ['US', 'IN', 'ID', 'GB', 'SG']) expect(phones(text, { region, minConfidence: 0 }), `${text} (${region})`).toEqual([]);
  });

  it('does not report a number in parentheses that is not assigned in the region', () => {
    expect(phones('call (555) 123-4567 or (123-456-7890)', { minConfidence: 0 })).toEqual([]);
  });

  it('does not start a number inside the parentheses of a call or index', () => {
    for (const text of ['id(4155550132)', 'f(x)(4155550132)', 'lookup(+44 7400 123456)', 'row[3](4155550132)', 'a-(4155550132)']) {
      expect(phones(text, { minConfidence: 0 }), text).toEqual([]);
    }
  });

  it.each([
    ['digit run', '1'.repeat(100_000)],
    ['digits with spaces', '1 '.repeat(50_000)],
    ['two-digit groups', '12 '.repeat(33_000)],
    ['digits with dashes', '12-'.repeat(33_000)],
    ['plus signs', '+1 '.repeat(33_000)],
    ['parentheses', '(1) '.repeat(25_000)],
    ['formatted list', '415-555-0132 '.repeat(7_500)],
  ])('stays linear on %s', (_, text) => {
    const t0 = performance.now();
    phones(text, { minConfidence: 0 });
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

// Every region libphonenumber has a mobile example for, with at least 7 national digits (the
// detector's floor for national numbers; shorter ones are found in international form).
const exampleNumbers = getCountries()
  .map((region) => ({ region, number: getExampleNumber(region, examples) }))
  .filter((e): e is { region: CountryCode; number: NonNullable<typeof e.number> } => e.number !== undefined && e.number.isValid());

const layout = fc.constantFrom('e164', 'international', 'international-dashes', 'national');
const label = fc.constantFrom('Phone: ', 'call me on ', 'my mobile is ', 'WhatsApp ', 'tel. ');
const after = fc.constantFrom('', '.', ', thanks', ' (home)', '\n', ';');

describe('phone properties', () => {
  it('a libphonenumber example number, written in any common layout after a label, is found with its exact span', () => {
    fc.assert(
      fc.property(fc.constantFrom(...exampleNumbers), layout, label, after, ({ region, number }, how, lab, post) => {
        let value: string;
        if (how === 'e164') value = number.number;
        else if (how === 'international') value = number.formatInternational();
        else if (how === 'international-dashes') value = number.formatInternational().replace(/ /g, '-');
        else value = number.formatNational();
        const digitCount = value.replace(/\D/g, '').length;
        fc.pre(how !== 'national' || (digitCount >= 7 && /^[\d(]/.test(value)));
        const text = `${lab}${value}${post}`;
        const found = phones(text, { region });
        expect(found.map((f) => [f.start, f.end]), `${text} (${region})`).toEqual([[lab.length, lab.length + value.length]]);
      }),
      { numRuns: 600 },
    );
  });

  it('a number libphonenumber rejects is never reported', () => {
    const region = fc.constantFrom<CountryCode>('US', 'GB', 'IN', 'SG', 'ID', 'DE', 'AU');
    fc.assert(
      fc.property(region, fc.boolean(), fc.stringMatching(/^[1-9]\d{6,13}$/), (r, plus, digits) => {
        const value = plus ? `+${digits}` : digits;
        fc.pre(!isValidPhoneNumber(value, r));
        expect(phones(`Phone: ${value}`, { region: r, minConfidence: 0 })).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
