import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';

const passports = (text: string, minConfidence?: number) =>
  detect(text, minConfidence === undefined ? { types: ['passport'] } : { types: ['passport'], minConfidence });
const values = (text: string, minConfidence?: number) => passports(text, minConfidence).map((f) => f.value);

// ICAO Doc 9303 Part 4 specimen passport (Utopia, ERIKSSON ANNA MARIA).
const SPECIMEN_LINE_1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
const SPECIMEN_LINE_2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

describe('passport detector: machine-readable zone', () => {
  it('reports the document number of a valid TD3 zone without a label', () => {
    const text = `Scan:\n${SPECIMEN_LINE_1}\n${SPECIMEN_LINE_2}\nend`;
    const [f, ...rest] = passports(text);
    expect(rest).toEqual([]);
    const start = text.indexOf('L898902C3');
    expect(f).toMatchObject({ type: 'passport', start, end: start + 9, value: 'L898902C3' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reads zones whose lines are split by CRLF, by spaces, or run together', () => {
    for (const sep of ['\r\n', ' ', '   ', '']) {
      expect(values(`${SPECIMEN_LINE_1}${sep}${SPECIMEN_LINE_2}`)).toEqual(['L898902C3']);
    }
  });

  it('reports TD1 and TD2 zones (ID cards) by their document number', () => {
    // ICAO Doc 9303 Part 5 (TD1) and Part 6 (TD2) specimens.
    const td1 = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
    const td2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';
    expect(values(td1)).toEqual(['D23145890']);
    expect(values(td2)).toEqual(['D23145890']);
  });

  it('trims the filler from a short document number', () => {
    // The specimen with document number "AB12345" padded to 9 with <<; check digits by hand:
    // AB12345<< → 10·7+11·3+1·1+2·7+3·3+4·1+5·7 = 166 → 6; the composite becomes 0.
    const line2 = 'AB12345<<6UTO7408122F1204159ZE184226B<<<<<10';
    expect(values(`${SPECIMEN_LINE_1}\n${line2}`)).toEqual(['AB12345']);
  });

  it('does not report a zone with a changed character, with or without a label', () => {
    const changed = SPECIMEN_LINE_2.replace('L898902', 'L898903');
    expect(passports(`${SPECIMEN_LINE_1}\n${changed}`, 0)).toEqual([]);
    // With a label the number is still not taken from the broken zone.
    expect(passports(`Passport:\n${SPECIMEN_LINE_1}\n${changed}`, 0)).toEqual([]);
  });

  it('does not take a line of another length for a zone', () => {
    expect(passports(`${SPECIMEN_LINE_1}<\n${SPECIMEN_LINE_2}`, 0)).toEqual([]);
    expect(passports(`${SPECIMEN_LINE_1}\n${SPECIMEN_LINE_2}0`, 0)).toEqual([]);
  });
});

describe('passport detector: labelled numbers', () => {
  const cases: [string, string][] = [
    ['IN', 'K4721936'],
    ['US (9 digits)', '531870264'],
    ['US (next generation)', 'A53187026'],
    ['GB', '120384756'],
    ['SG', 'E2817356K'],
    ['DE', 'C4JF7R2N9'],
    ['FR', '17AF40392'],
    ['CN', 'EK2948163'],
    ['AR/ES', 'PAB402718'],
    ['NL', 'NX3K7RP42'],
    ['KR (2021)', 'M482K3905'],
  ];
  for (const [country, value] of cases) {
    it(`finds a ${country} number after "Passport number:"`, () => {
      const text = `Passport number: ${value}. Thanks.`;
      const [f, ...rest] = passports(text);
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ start: 17, end: 17 + value.length, value });
      expect(f!.confidence).toBeGreaterThanOrEqual(0.85);
    });
  }

  it('never reports a number without a label', () => {
    for (const [, value] of cases) expect(passports(`My number is ${value}.`, 0)).toEqual([]);
  });

  it('understands labels in several languages', () => {
    expect(values('Reisepass C4JF7R2N9 ausgestellt 2019')).toEqual(['C4JF7R2N9']);
    expect(values('Pass-Nr.: C4JF7R2N9')).toEqual(['C4JF7R2N9']);
    expect(values('numéro de passeport : 17AF40392')).toEqual(['17AF40392']);
    expect(values('Mi pasaporte es PAB402718')).toEqual(['PAB402718']);
    expect(values('Nomor paspor: B4827163')).toEqual(['B4827163']);
    expect(values('my travel document is A53187026')).toEqual(['A53187026']);
    expect(values('여권번호는 M482K3905입니다')).toEqual(['M482K3905']);
    expect(values('номер паспорта 45 09 123456')).toEqual(['45 09 123456']);
  });

  it('keeps the separators people write inside a number', () => {
    expect(values('Passport: A-4721936')).toEqual(['A-4721936']);
    expect(values('Passport: ZS 4000177')).toEqual(['ZS 4000177']);
    expect(values('Passport: 012 345321')).toEqual(['012 345321']);
  });

  it('does not take "No" for part of the number', () => {
    expect(values('PASSPORT NO 4721936')).toEqual(['4721936']);
  });

  it('takes a number written before the label', () => {
    expect(values('PAB402718 es mi número de pasaporte')).toEqual(['PAB402718']);
  });

  it('takes every number of a list after one label', () => {
    expect(values('Passports: K4721936 and EK2948163, A53187026')).toEqual(['K4721936', 'EK2948163', 'A53187026']);
  });

  it('takes only the first number when the next one belongs to something else', () => {
    expect(values('Passport K4721936 booked under invoice 38271645')).toEqual(['K4721936']);
  });

  it('does not take a number separated from the label by a word naming something else', () => {
    expect(passports('Passport pending; order number 38271645')).toEqual([]);
  });

  it('does not take a number from the next sentence', () => {
    expect(passports('I lost my passport. The PIN is 482716 and my code 38271645.', 0)).toEqual([]);
  });

  it.each([
    ['Passport No. "K1234567"'],
    ["Passport No. 'K1234567'"],
    ['Passport No. `K1234567`'],
    ['Passport No. (K1234567)'],
    ['Passport No. [K1234567]'],
    ['Passport No. “K1234567”'],
    ['{"content":"Passport No. \\"K1234567\\""}'],
    ['Passport number:\n"K1234567"'],
  ])('takes a number wrapped in quotes or brackets after "No.": %j', (text) => {
    const found = passports(text);
    expect(found.map((f) => f.value)).toEqual(['K1234567']);
    expect(found[0]!.start).toBe(text.indexOf('K1234567'));
  });

  it('still reads a stop followed by quoted words as a sentence break', () => {
    for (const text of [
      'Do you need my passport? No. "K1234567" is my locker code.',
      'I lost my passport. "The code is K1234567," she said.',
      'Passport renewed. "Ticket K1234567" is separate.',
      'My code is K1234567. "Passport photos must be recent," she said.',
    ]) expect(passports(text, 0), text).toEqual([]);
  });

  it('does not take a quoted word without a digit after "No."', () => {
    expect(passports('Passport No. "unknown"', 0)).toEqual([]);
    expect(passports('Is that your passport? No. "Maybe later."', 0)).toEqual([]);
  });

  it('does not take a date for a number', () => {
    expect(passports('Passport issued 20190312', 0)).toEqual([]);
    expect(passports('Passport issued 12032019', 0)).toEqual([]);
  });

  it('does not take words, short or long tokens', () => {
    expect(passports('Passport renewal: pending, number unknown', 0)).toEqual([]);
    expect(passports('Passport: 48271', 0)).toEqual([]);
    expect(passports('Passport: K47219361234', 0)).toEqual([]);
  });

  it('gives a 6–9 character value of no documented shape a confidence below the default', () => {
    expect(passports('passport photo 35x45mm')).toEqual([]);
    const [f] = passports('passport photo 35x45mm', 0.3);
    expect(f!.value).toBe('35x45mm');
    expect(f!.confidence).toBeLessThan(0.5);
  });

  it('stays fast on text crowded with labels or MRZ filler', () => {
    for (const s of ['passport '.repeat(11_000), '<'.repeat(100_000), 'pas'.repeat(33_000), ('P<UTO' + '<'.repeat(39) + '\n').repeat(2_200), 'A'.repeat(100_000)]) {
      const t0 = performance.now();
      passports(s, 0);
      expect(performance.now() - t0).toBeLessThan(300);
    }
  });
});

// --- properties -----------------------------------------------------------------------------

const WORDS = ['please', 'update', 'the', 'record', 'for', 'Ana', 'today', 'thanks', 'is', 'my', 'here', 'new', 'file', 'and', 'Lee'];
const sentence = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' '));
const chars = (alphabet: string, min: number, max = min) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ICAO 9303 check digit, written independently of the library: weights 7, 3, 1; A=10 … Z=35; < = 0. */
function checkDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const v = c === '<' ? 0 : c >= 'A' ? c.charCodeAt(0) - 55 : Number(c);
    sum += v * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

const td3 = fc.record({
  // A document number with at least one digit, padded to 9 with filler.
  number: chars(UPPER + DIGITS, 6, 9).filter((n) => /\d/.test(n)),
  state: chars(UPPER, 3),
  names: chars(UPPER + '<', 39),
  birth: chars(DIGITS, 6),
  sex: fc.constantFrom('M', 'F', '<'),
  expiry: chars(DIGITS, 6),
  optional: chars(UPPER + DIGITS + '<', 14),
}).map((z) => {
  const number = z.number.padEnd(9, '<');
  const body = number + checkDigit(number) + z.state + z.birth + checkDigit(z.birth) + z.sex + z.expiry + checkDigit(z.expiry) + z.optional + checkDigit(z.optional);
  const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return { number: z.number, line1: `P<${z.state}${z.names}`, line2: body + composite };
});

describe('passport properties', () => {
  it('a generated TD3 zone with correct check digits is found, with its document number span', () => {
    fc.assert(fc.property(sentence, td3, sentence, (before, z, after) => {
      const text = `${before}\n${z.line1}\n${z.line2}\n${after}`;
      const start = before.length + 1 + z.line1.length + 1;
      const found = passports(text);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ start, end: start + z.number.length, value: z.number });
    }));
  });

  it('a zone with one digit of its document number changed is not reported at all', () => {
    fc.assert(fc.property(sentence, td3, fc.nat(), fc.integer({ min: 0, max: 9 }), (before, z, pick, digit) => {
      const digitPositions = [...z.number].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
      const i = digitPositions[pick % digitPositions.length]!;
      fc.pre(z.line2[i] !== String(digit));
      const line2 = z.line2.slice(0, i) + String(digit) + z.line2.slice(i + 1);
      expect(passports(`${before}\n${z.line1}\n${line2}\nthanks`, 0)).toEqual([]);
    }));
  });

  it('a labelled number of a documented shape is found with its exact span', () => {
    const value = fc.oneof(
      fc.tuple(chars(UPPER, 1), chars(DIGITS, 7)).map(([a, b]) => a + b), // IN, AU, CH…
      chars(DIGITS, 9), // US, GB
      fc.tuple(chars(UPPER, 2), chars(DIGITS, 7)).map(([a, b]) => a + b), // FI, GR, JP…
      fc.tuple(chars(DIGITS, 2), chars(UPPER, 2), chars(DIGITS, 5)).map(([a, b, c]) => a + b + c), // FR
    );
    const label = fc.constantFrom('Passport number: ', 'passport no. ', 'PASSPORT # ', 'Passeport : ', 'Reisepass ');
    fc.assert(fc.property(sentence, label, value, sentence, (before, l, v, after) => {
      // An 8-digit value could read as a date, which is deliberately not reported.
      const prefix = `${before} ${l}`;
      const text = `${prefix}${v} ${after}`;
      const found = passports(text);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ start: prefix.length, end: prefix.length + v.length, value: v });
    }));
  });
});
