import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTd3Mrz, mrzCheckDigit, parseTd1Mrz, parseTd2Mrz, parseTd3Mrz } from '../../src/index.js';

// Specimens of ICAO Doc 9303, 8th edition: Part 4 (TD3 passport), Part 5 (TD1), Part 6 (TD2).
// All for the fictitious state of Utopia, holder ERIKSSON ANNA MARIA.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'] as const;
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;

/** `line` with the character at `i` replaced. */
const withChar = (line: string, i: number, c: string) => line.slice(0, i) + c + line.slice(i + 1);

describe('mrzCheckDigit', () => {
  it('computes the check digits of the ICAO 9303 Part 4 specimen', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6); // document number
    expect(mrzCheckDigit('740812')).toBe(2); // date of birth
    expect(mrzCheckDigit('120415')).toBe(9); // date of expiry
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1); // optional data
    expect(mrzCheckDigit('L898902C36' + '7408122' + '1204159ZE184226B<<<<<1')).toBe(0); // composite
  });

  it('counts the filler < as zero and the empty string as 0', () => {
    expect(mrzCheckDigit('<<<<<<<<<')).toBe(0);
    expect(mrzCheckDigit('')).toBe(0);
  });

  it('returns -1 for characters an MRZ cannot hold', () => {
    expect(mrzCheckDigit('l898902c3')).toBe(-1);
    expect(mrzCheckDigit('L898 902')).toBe(-1);
    expect(mrzCheckDigit(null as unknown as string)).toBe(-1);
  });

  it('detects every change of a single digit', () => {
    fc.assert(fc.property(
      fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<'), minLength: 1, maxLength: 20 }),
      fc.nat(), fc.integer({ min: 0, max: 9 }),
      (s, pos, digit) => {
        const i = pos % s.length;
        fc.pre(/\d/.test(s[i]!) && s[i] !== String(digit));
        expect(mrzCheckDigit(withChar(s, i, String(digit)))).not.toBe(mrzCheckDigit(s));
      },
    ));
  });
});

describe('parseTd3Mrz', () => {
  it('reads the ICAO 9303 Part 4 specimen', () => {
    expect(parseTd3Mrz(...TD3)).toEqual({
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'L898902C3',
      documentNumberSpan: [0, 9],
      documentNumberLine: 1,
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      optionalData: 'ZE184226B<<<<<',
    });
    expect(isValidTd3Mrz(...TD3)).toBe(true);
  });

  it('rejects the specimen when any check digit is wrong', () => {
    for (const i of [9, 19, 27, 42, 43]) {
      const digit = TD3[1][i]!;
      const wrong = String((Number(digit) + 1) % 10);
      expect(isValidTd3Mrz(TD3[0], withChar(TD3[1], i, wrong))).toBe(false);
    }
  });

  it('rejects a changed document number, birth date or expiry date', () => {
    expect(isValidTd3Mrz(TD3[0], withChar(TD3[1], 3, '9'))).toBe(false);
    expect(isValidTd3Mrz(TD3[0], withChar(TD3[1], 14, '5'))).toBe(false);
    expect(isValidTd3Mrz(TD3[0], withChar(TD3[1], 22, '3'))).toBe(false);
  });

  it('accepts < as the check digit of an empty optional-data field', () => {
    // Same zone with no personal number: optional data all filler; composite recomputed.
    const line2 = 'L898902C36UTO7408122F1204159<<<<<<<<<<<<<<';
    const composite = mrzCheckDigit(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 42) + '<');
    expect(isValidTd3Mrz(TD3[0], `${line2}<${composite}`)).toBe(true);
    expect(isValidTd3Mrz(TD3[0], `${line2}0${composite}`)).toBe(true);
  });

  it('rejects a wrong optional-data check digit even when the composite digit was recomputed to match', () => {
    const body = TD3[1].slice(0, 42);
    const wrongCheck = String((Number(TD3[1][42]) + 1) % 10);
    const composite = mrzCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 42) + wrongCheck);
    expect(isValidTd3Mrz(TD3[0], `${body}${wrongCheck}${composite}`)).toBe(false);
  });

  it('rejects wrong lengths, lower case, a non-P document code and a bad sex field', () => {
    expect(isValidTd3Mrz(TD3[0].slice(1), TD3[1])).toBe(false);
    expect(isValidTd3Mrz(TD3[0], TD3[1] + '<')).toBe(false);
    expect(isValidTd3Mrz(TD3[0].toLowerCase(), TD3[1])).toBe(false);
    expect(isValidTd3Mrz(withChar(TD3[0], 0, 'I'), TD3[1])).toBe(false);
    expect(isValidTd3Mrz(TD3[0], withChar(TD3[1], 20, 'Q'))).toBe(false);
    expect(isValidTd3Mrz(1 as unknown as string, TD3[1])).toBe(false);
  });
});

describe('parseTd2Mrz and parseTd1Mrz', () => {
  it('read the ICAO 9303 Part 6 TD2 specimen', () => {
    expect(parseTd2Mrz(...TD2)).toMatchObject({
      format: 'TD2', documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', documentNumberLine: 1,
      birthDate: '740812', expiryDate: '120415', optionalData: '<<<<<<<',
    });
  });

  it('read the ICAO 9303 Part 5 TD1 specimen, whose number is on line 1', () => {
    expect(parseTd1Mrz(...TD1)).toMatchObject({
      format: 'TD1', documentNumber: 'D23145890', documentNumberSpan: [5, 14], documentNumberLine: 0, nationality: 'UTO', expiryDate: '120415',
    });
  });

  it('reject the specimens with a changed character', () => {
    expect(parseTd2Mrz(TD2[0], withChar(TD2[1], 4, '9'))).toBeNull();
    expect(parseTd2Mrz(TD2[0], withChar(TD2[1], 35, '7'))).toBeNull();
    expect(parseTd1Mrz(withChar(TD1[0], 7, '9'), TD1[1], TD1[2])).toBeNull();
    expect(parseTd1Mrz(TD1[0], withChar(TD1[1], 29, '5'), TD1[2])).toBeNull();
  });

  it('read an extended document number that continues into the optional data', () => {
    // Doc 9303 Part 5: for a number longer than 9 characters the check-digit position holds
    // <, and the number goes on in the optional data, followed by its own check digit.
    const number = 'D23145890123';
    const check = mrzCheckDigit(number);
    const line1 = `I<UTO${number.slice(0, 9)}<${number.slice(9)}${check}`.padEnd(30, '<');
    const composite = mrzCheckDigit(line1.slice(5, 30) + TD1[1].slice(0, 7) + TD1[1].slice(8, 15) + TD1[1].slice(18, 29));
    const line2 = TD1[1].slice(0, 29) + composite;
    expect(parseTd1Mrz(line1, line2, TD1[2])).toMatchObject({ documentNumber: number, documentNumberSpan: [5, 18] });
  });
});
