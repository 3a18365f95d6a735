import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';

const refs = (text: string, minConfidence?: number) =>
  detect(text, minConfidence === undefined ? { types: ['booking_ref'] } : { types: ['booking_ref'], minConfidence });
const values = (text: string, minConfidence?: number) => refs(text, minConfidence).map((f) => f.value);

/**
 * A bar-coded boarding pass in the layout of IATA Resolution 792 (BCBP), mandatory items only:
 * format code M, number of legs, passenger name (20), e-ticket indicator, then per leg the PNR
 * (7), from and to airports, carrier (3), flight number (5), Julian date (3), compartment,
 * seat (4), check-in sequence number (5), passenger status and the size of the leg's
 * conditional items (2 hex digits, 00 here).
 */
function boardingPass(name: string, legs: { pnr: string; from: string; to: string; carrier: string; flight: string }[]): string {
  let s = `M${legs.length}${name.padEnd(20)}E`;
  for (const leg of legs) {
    s += `${leg.pnr.padEnd(7)}${leg.from}${leg.to}${leg.carrier.padEnd(3)}${leg.flight.padStart(4, '0')} 123Y014C0042 100`;
  }
  return s;
}

describe('booking_ref detector: boarding passes', () => {
  it('reports the PNR of a boarding pass string without a label', () => {
    const pass = boardingPass('TAN/WEI MING', [{ pnr: 'X7K2QP', from: 'SIN', to: 'LHR', carrier: 'SQ', flight: '322' }]);
    const text = `scanned: ${pass}`;
    const [f, ...rest] = refs(text);
    expect(rest).toEqual([]);
    const start = text.indexOf('X7K2QP');
    expect(f).toMatchObject({ type: 'booking_ref', start, end: start + 6, value: 'X7K2QP' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reports the PNR of every leg of a multi-leg pass', () => {
    const pass = boardingPass('SHARMA/PRIYA', [
      { pnr: 'QW4RT7', from: 'BOM', to: 'DXB', carrier: 'EK', flight: '501' },
      { pnr: 'ZP9LM2', from: 'DXB', to: 'JFK', carrier: 'EK', flight: '201' },
    ]);
    expect(values(pass)).toEqual(['QW4RT7', 'ZP9LM2']);
  });

  it('follows the conditional-items size to find the next leg', () => {
    const leg1 = boardingPass('LIM/ANA', [{ pnr: 'ABQ7TZ', from: 'CGK', to: 'SIN', carrier: 'GA', flight: '824' }]).replace(/00$/, '05');
    // Five characters of conditional items (">5XYZ"), then leg 2.
    const pass = `${leg1.replace(/^M1/, 'M2')}>5XYZP4NK8L SINNRTSQ 0638 124Y033A0011 100`;
    expect(values(pass)).toEqual(['ABQ7TZ', 'P4NK8L']);
  });

  it('does not report a string that breaks the layout', () => {
    const pass = boardingPass('TAN/WEI MING', [{ pnr: 'X7K2QP', from: 'SIN', to: 'LHR', carrier: 'SQ', flight: '322' }]);
    expect(refs(pass.replace('SINLHR', 'SIN LH'), 0)).toEqual([]); // airport codes must be letters
    expect(refs(pass.replace(' 123Y', ' 12AY'), 0)).toEqual([]); // Julian date must be digits
    expect(refs(`X${pass}`, 0)).toEqual([]); // glued to a longer token
  });
});

describe('booking_ref detector: labelled references', () => {
  it('finds a six-character reference after common labels', () => {
    for (const label of ['Booking reference:', 'booking ref', 'PNR', 'Record locator:', 'confirmation code', 'Confirmation number:', 'Reservation code', 'Buchungscode:', 'localizador', 'kode booking']) {
      const text = `${label} X7K2QP`;
      expect(refs(text)).toEqual([
        expect.objectContaining({ start: label.length + 1, end: label.length + 7, value: 'X7K2QP' }),
      ]);
    }
  });

  it('gives all-letter references a little less confidence than mixed ones', () => {
    const [letters] = refs('PNR: QWRTZP');
    const [mixed] = refs('PNR: QW4TZP');
    expect(letters!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(mixed!.confidence).toBeGreaterThan(letters!.confidence);
  });

  it('never reports a reference without a label', () => {
    expect(refs('Use code X7K2QP at checkout', 0)).toEqual([]);
  });

  it('does not report common words written in capitals', () => {
    expect(refs('BOOKING REFERENCE: PLEASE CHECK THANKS', 0)).toEqual([]);
    expect(refs('Booking ref: STATUS UPDATE', 0)).toEqual([]);
  });

  it('does not report all digits or all lower-case words', () => {
    expect(refs('confirmation number 482716', 0)).toEqual([]);
    expect(refs('booking reference please', 0)).toEqual([]);
  });

  it('accepts a lower-case reference that mixes letters and digits', () => {
    expect(values('my pnr is x7k2qp')).toEqual(['x7k2qp']);
  });

  it('takes a list of references, but not a flight number that follows', () => {
    expect(values('PNRs: X7K2QP and ZP9LM2')).toEqual(['X7K2QP', 'ZP9LM2']);
    expect(values('PNR X7K2QP, flight SQ0322 tomorrow')).toEqual(['X7K2QP']);
  });

  it('does not take a value that a word such as "flight" or "seat" names', () => {
    expect(refs('Booking reference pending, flight BA0117 tomorrow')).toEqual([]);
  });

  it('does not take a value across a sentence break or glued to other tokens', () => {
    expect(refs('I need my booking ref. The voucher X7K2QP expired.', 0)).toEqual([]);
    expect(refs('PNR X7K2QP-2 and ZX/A7K2QP', 0).map((f) => f.value)).toEqual([]);
  });

  it('stays fast on text crowded with labels', () => {
    for (const s of ['PNR A1 '.repeat(14_000), 'booking '.repeat(12_500), 'M1'.repeat(50_000), 'M1AAAAAAAAAAAAAAAAAAAAE'.repeat(4_000)]) {
      const t0 = performance.now();
      refs(s, 0);
      expect(performance.now() - t0).toBeLessThan(300);
    }
  });
});

const WORDS = ['please', 'update', 'the', 'trip', 'for', 'Ana', 'today', 'thanks', 'is', 'my', 'here', 'new', 'and', 'Lee'];
const sentence = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' '));
const chars = (alphabet: string, n: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: n, maxLength: n });
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = UPPER + '0123456789';
// A record locator with at least one letter and one digit (all-letter ones can collide with the stoplist).
const locator = chars(ALNUM, 6).filter((s) => /[A-Z]/.test(s) && /\d/.test(s));

describe('booking_ref properties', () => {
  it('a generated boarding pass has each PNR found with its exact span', () => {
    const leg = fc.record({ pnr: locator, from: chars(UPPER, 3), to: chars(UPPER, 3), carrier: chars(UPPER, 2), flight: fc.integer({ min: 1, max: 9999 }).map(String) });
    const name = fc.tuple(chars(UPPER, 4), chars(UPPER, 5)).map(([a, b]) => `${a}/${b}`);
    fc.assert(fc.property(sentence, name, fc.array(leg, { minLength: 1, maxLength: 4 }), (before, n, legs) => {
      const pass = boardingPass(n, legs);
      const text = `${before} ${pass}`;
      const found = refs(text);
      const offset = before.length + 1;
      expect(found.map((f) => [f.start, f.value])).toEqual(legs.map((l, i) => [offset + 23 + i * 37, l.pnr]));
    }));
  });

  it('a generated reference after a label in random text is found with its exact span', () => {
    const label = fc.constantFrom('Booking reference: ', 'PNR ', 'record locator ', 'confirmation code: ');
    fc.assert(fc.property(sentence, label, locator, sentence, (before, l, v, after) => {
      const prefix = `${before} ${l}`;
      const found = refs(`${prefix}${v} ${after}`);
      expect(found).toEqual([expect.objectContaining({ start: prefix.length, end: prefix.length + 6, value: v })]);
    }));
  });
});
