import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INDONESIAN_PROVINCE_CODES,
  compactIndonesianNpwp,
  detect,
  isValidIndonesianNik,
  isValidIndonesianNpwp,
  parseIndonesianNik,
} from '../../src/index.js';

const niks = (text: string, minConfidence = 0.5) => detect(text, { types: ['nik'], minConfidence });
const npwps = (text: string, minConfidence = 0.5) => detect(text, { types: ['npwp'], minConfidence });

describe('Indonesian NIK validator', () => {
  // Vectors from python-stdnum's stdnum/id/nik.py doctests.
  it('accepts published NIKs and decodes the birth date, with 40 added for women', () => {
    expect(isValidIndonesianNik('3171011708450001')).toBe(true);
    expect(parseIndonesianNik('3171015708450001')).toEqual({
      province: 31, regency: 71, district: 1, birthDay: 17, birthMonth: 8, birthYear: 45, female: true, serial: 1,
    });
    expect(isValidIndonesianNik('3171012902001234')).toBe(true); // 29 February 2000
  });

  it('rejects an unknown province, an impossible date and a wrong length', () => {
    expect(isValidIndonesianNik('9971011708450001')).toBe(false);
    expect(isValidIndonesianNik('3171013002001234')).toBe(false); // 30 February
    expect(isValidIndonesianNik('3171012902011234')).toBe(false); // 29 February 2001
    expect(isValidIndonesianNik('3171011713451234')).toBe(false); // month 13
    expect(isValidIndonesianNik('3171017208451234')).toBe(false); // day 72 (32 + 40)
    expect(isValidIndonesianNik('31710117084500')).toBe(false);
  });

  it('rejects regency 00, district 00 and serial 0000', () => {
    expect(isValidIndonesianNik('3100011708450001')).toBe(false);
    expect(isValidIndonesianNik('3171001708450001')).toBe(false);
    expect(isValidIndonesianNik('3171011708450000')).toBe(false);
  });

  it('knows the Papua provinces created in 2022 and no province 97', () => {
    expect(isValidIndonesianNik('9601011708450001')).toBe(true);
    expect(isValidIndonesianNik('9701011708450001')).toBe(false);
  });
});

describe('Indonesian NPWP validator', () => {
  // Vectors from python-stdnum's stdnum/id/npwp.py doctests.
  it('accepts published NPWPs in the dotted and bare forms', () => {
    expect(isValidIndonesianNpwp('01.312.166.0-091.000')).toBe(true);
    expect(isValidIndonesianNpwp('016090524017000')).toBe(true);
    expect(isValidIndonesianNpwp('013000666091000')).toBe(true);
    expect(compactIndonesianNpwp('01.312.166.0-091.000')).toBe('013121660091000');
  });

  it('checks the Luhn digit of the old form and of the 16-digit form with a leading 0', () => {
    expect(isValidIndonesianNpwp('01.312.166.1-091.000')).toBe(false);
    expect(isValidIndonesianNpwp('0013121660091000')).toBe(true);
    expect(isValidIndonesianNpwp('0013121661091000')).toBe(false);
  });

  it('accepts a valid NIK as a 16-digit NPWP and rejects other 16-digit strings', () => {
    expect(isValidIndonesianNpwp('3171011708450001')).toBe(true);
    expect(isValidIndonesianNpwp('9971011708450001')).toBe(false);
    expect(isValidIndonesianNpwp('123456789')).toBe(false);
  });
});

describe('NIK detector', () => {
  it('reports an unlabelled NIK with moderate confidence', () => {
    const [f] = niks('data 3171011708450001 ok');
    expect(f).toMatchObject({ type: 'nik', start: 5, end: 21, value: '3171011708450001' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(f!.confidence).toBeLessThan(0.8);
  });

  it('raises confidence near NIK, KTP or nomor induk kependudukan', () => {
    for (const label of ['NIK:', 'No. KTP', 'Nomor Induk Kependudukan']) {
      expect(niks(`${label} 3171015708450001`)[0]!.confidence).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('lowers confidence next to card words, where a card number is the likelier reading', () => {
    expect(niks('credit card 3528011708450001')).toEqual([]);
    expect(niks('card 3528011708450001')).toEqual([]);
    expect(niks('ID card 3528011708450001')).toHaveLength(1);
  });

  it('ignores 16 digits that are part of a decimal number or a longer token', () => {
    expect(niks('0.3171011708450001 3171011708450001.5 X3171011708450001 31710117084500012', 0)).toEqual([]);
  });
});

describe('NPWP detector', () => {
  it('needs a tax label to report', () => {
    expect(npwps('01.312.166.0-091.000 and 016090524017000')).toEqual([]);
    expect(npwps('NPWP: 01.312.166.0-091.000')).toMatchObject([{ type: 'npwp', start: 6, end: 26, value: '01.312.166.0-091.000' }]);
    expect(npwps('Nomor Pokok Wajib Pajak 016090524017000')).toHaveLength(1);
    expect(npwps('tax id 0013121660091000')).toHaveLength(1);
  });

  it('never reports a wrong check digit, even with a label', () => {
    expect(npwps('NPWP: 01.312.166.1-091.000, NPWP: 016090525017000', 0)).toEqual([]);
  });

  it('reports a NIK-based 16-digit NPWP as npwp when the label says NPWP', () => {
    expect(detect('NPWP 3171011708450001', { types: ['nik', 'npwp'] })).toMatchObject([{ type: 'npwp', value: '3171011708450001' }]);
    expect(detect('NIK 3171011708450001', { types: ['nik', 'npwp'] })).toMatchObject([{ type: 'nik', value: '3171011708450001' }]);
  });
});

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const validNik = fc
  .record({
    province: fc.constantFrom(...INDONESIAN_PROVINCE_CODES),
    regency: fc.integer({ min: 1, max: 99 }),
    district: fc.integer({ min: 1, max: 99 }),
    birth: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2019-12-31T00:00:00Z'), noInvalidDate: true }),
    female: fc.boolean(),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .map(({ province, regency, district, birth, female, serial }) =>
    pad(province, 2) + pad(regency, 2) + pad(district, 2) +
    pad(birth.getUTCDate() + (female ? 40 : 0), 2) + pad(birth.getUTCMonth() + 1, 2) + pad(birth.getUTCFullYear() % 100, 2) +
    pad(serial, 4));
const filler = fc.array(fc.constantFrom('mohon', 'cek', 'data', 'Budi', 'Santoso', 'di', 'Jakarta', 'please', 'thanks', '.'), { maxLength: 8 }).map((w) => w.join(' '));
const luhnDigit = (payload: string) => {
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(payload[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};
const eightDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }).map((d) => d.join(''));
const sixDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }).map((d) => d.join(''));
const dotted = (n: string) => `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}.${n[8]}-${n.slice(9, 12)}.${n.slice(12)}`;

describe('NIK and NPWP properties', () => {
  it('finds any valid labelled NIK with its exact span', () => {
    fc.assert(
      fc.property(validNik, filler, filler, (nik, before, after) => {
        const text = `${before} NIK: ${nik} ${after}`;
        const start = before.length + 6;
        expect(niks(text)).toContainEqual(expect.objectContaining({ type: 'nik', start, end: start + 16, value: nik }));
      }),
    );
  });

  it('never reports a NIK whose birth month is out of range', () => {
    fc.assert(
      fc.property(validNik, fc.constantFrom(0, 13, 20, 45, 99), (nik, month) => {
        const broken = nik.slice(0, 8) + pad(month, 2) + nik.slice(10);
        expect(niks(`NIK: ${broken}`, 0)).toEqual([]);
      }),
    );
  });

  it('finds any valid labelled old-form NPWP, dotted or bare, with its exact span', () => {
    fc.assert(
      fc.property(eightDigits, sixDigits, fc.boolean(), filler, (head, tail, useDots, before) => {
        const bare = head + luhnDigit(head) + tail;
        const npwp = useDots ? dotted(bare) : bare;
        const start = before.length + 7;
        expect(npwps(`${before} NPWP: ${npwp} ok`)).toContainEqual(expect.objectContaining({ type: 'npwp', start, end: start + npwp.length, value: npwp }));
      }),
    );
  });

  it('never reports an old-form NPWP after one of its first nine digits is changed', () => {
    fc.assert(
      fc.property(eightDigits, sixDigits, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (head, tail, at, delta) => {
        const bare = head + luhnDigit(head) + tail;
        const changed = bare.slice(0, at) + String((Number(bare[at]) + delta) % 10) + bare.slice(at + 1);
        expect(npwps(`NPWP: ${dotted(changed)} NPWP: ${changed}`, 0)).toEqual([]);
      }),
    );
  });
});
