import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, indianPanHolderType, isValidIndianPan } from '../../src/index.js';

const pans = (text: string, minConfidence = 0.5) => detect(text, { types: ['pan'], minConfidence });

describe('Indian PAN validator', () => {
  // Valid and invalid numbers from python-stdnum's stdnum/in_/pan.py doctests.
  it('accepts published PANs and reads their holder type', () => {
    expect(indianPanHolderType('ACUPA7085R')).toBe('individual');
    expect(indianPanHolderType('ABMPA3211G')).toBe('individual');
    expect(indianPanHolderType('AAKFD7113K')).toBe('firm');
    expect(isValidIndianPan('AAPPV8261K')).toBe(true);
    expect(isValidIndianPan('AFZPK7190K')).toBe(true);
  });

  it('rejects an unknown holder type, a zero serial and a digit in the last place', () => {
    expect(isValidIndianPan('ABMXA3211G')).toBe(false);
    expect(isValidIndianPan('ACUPA0000R')).toBe(false);
    expect(isValidIndianPan('ABMPA32111')).toBe(false);
    expect(isValidIndianPan('ACUPA7085RR')).toBe(false);
  });

  // validator.js's en-IN isTaxID cases: the fourth letter must be a holder type.
  it('rejects shapes whose fourth letter is not a holder type', () => {
    expect(isValidIndianPan('ABCDE1234F')).toBe(false);
    expect(isValidIndianPan('DDDDD1111D')).toBe(false);
    expect(isValidIndianPan('ZZZFZ9999Z')).toBe(true);
  });

  it('rejects lower-case input', () => {
    expect(isValidIndianPan('acupa7085r')).toBe(false);
  });
});

describe('PAN detector', () => {
  it('reports an unlabelled PAN with moderate-high confidence', () => {
    const [f] = pans('please update ABMPA3211G in the records');
    expect(f).toMatchObject({ type: 'pan', value: 'ABMPA3211G', start: 14, end: 24 });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(f!.confidence).toBeLessThan(0.9);
  });

  it('raises confidence near a PAN or income-tax label', () => {
    expect(pans('My PAN number is ABBPM4567S, thanks')[0]!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(pans('income tax return filed with AAKFD7113K')[0]!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('drops a PAN-shaped code next to order or booking words below the default threshold', () => {
    expect(pans('your order ABCPD1234Z has shipped')).toEqual([]);
    expect(pans('booking ABCPD1234Z confirmed', 0)[0]!.confidence).toBeLessThan(0.5);
  });

  it('does not read the next line, such as a chat-completions body\'s "model" key, as the code\'s context', () => {
    expect(pans('please verify `AAAPA0001A` before filing\n{"model":"gpt-4o","messages":[]}').map((f) => f.value)).toEqual(['AAAPA0001A']);
    expect(pans('{"note":"Hi there!","pan_no":"LCPHS1395D"}\n{"model":"gpt-4o"}').map((f) => f.value)).toEqual(['LCPHS1395D']);
    expect(pans('model AAAPA0001A')).toEqual([]); // on its own line, "model" still names a product code
  });

  it('does not report a PAN embedded in a longer token such as a GSTIN', () => {
    expect(pans('GSTIN 27ABMPA3211G1Z5', 0)).toEqual([]);
    expect(pans('XABMPA3211G ABMPA3211GX ABMPA3211G9', 0)).toEqual([]);
  });

  it('never reports an invalid holder type or serial 0000', () => {
    expect(pans('PAN: ABMXA3211G, PAN: ACUPA0000R', 0)).toEqual([]);
  });
});

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const holder = fc.constantFrom(...'PCHABGJLFT');
const nonHolder = fc.constantFrom(...'DEIKMNOQRSUVWXYZ');
const serial = fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0'));
const filler = fc.array(fc.constantFrom('please', 'check', 'the', 'record', 'for', 'Ravi', 'today', 'thanks', '—', 'and'), { maxLength: 8 }).map((w) => w.join(' '));

describe('PAN properties', () => {
  it('finds any well-formed labelled PAN with its exact span', () => {
    fc.assert(
      fc.property(fc.tuple(upper, upper, upper, holder, upper, serial, upper), filler, filler, (parts, before, after) => {
        const pan = parts.join('');
        const text = `${before} PAN: ${pan} ${after}`;
        const start = before.length + 6;
        expect(pans(text)).toContainEqual(expect.objectContaining({ type: 'pan', start, end: start + 10, value: pan }));
      }),
    );
  });

  it('never reports a PAN-shaped value whose fourth letter is no holder type', () => {
    fc.assert(
      fc.property(fc.tuple(upper, upper, upper, nonHolder, upper, serial, upper), filler, (parts, before) => {
        expect(pans(`${before} PAN: ${parts.join('')}`, 0)).toEqual([]);
      }),
    );
  });
});
