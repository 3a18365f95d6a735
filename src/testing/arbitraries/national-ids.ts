/**
 * National identifiers: India's Aadhaar and PAN, the US SSN, Singapore's NRIC, FIN and UEN,
 * and Indonesia's NIK and NPWP. Each valid value follows its issuer's published rules; each
 * near miss is a valid value with one character changed so that its check fails.
 */
import fc from 'fast-check';
import { INDONESIAN_PROVINCE_CODES } from '../../detectors/validators/nik.js';
import { SG_UEN_ENTITY_TYPES } from '../../detectors/validators/uen.js';
import { groupDigits } from './cards.js';
import { luhnDigit, sgIdLetter, uenLetter, verhoeffDigit } from './check-digits.js';
import { corruption, digits, paddedInt, shiftDigit, DIGITS, UPPER, charsFrom } from './random.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

// ---------------------------------------------------------------------------------------
// Aadhaar: 12 digits, the first 2–9, a Verhoeff check digit; never a palindrome.

function aadhaarDigits(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...'23456789'), digits(10))
    .map(([first, rest]) => first + rest + verhoeffDigit(first + rest))
    .filter((d) => d !== [...d].reverse().join(''));
}

const aadhaarForms = (d: string): fc.Arbitrary<string> =>
  fc.constantFrom('', ' ', '-').map((sep) => (sep === '' ? d : groupDigits(d, [4, 4, 4], sep)));

/** A valid Aadhaar number, compact or 4-4-4 with spaces or dashes. */
export function aadhaar(): fc.Arbitrary<string> {
  return aadhaarDigits().chain(aadhaarForms);
}

/** An Aadhaar number with one digit after the first changed: Verhoeff catches every such change. */
export function nearMissAadhaar(): fc.Arbitrary<string> {
  return fc.tuple(aadhaarDigits(), corruption).chain(([d, { pick, delta }]) => aadhaarForms(shiftDigit(d, range(1, 12), pick, delta)));
}

// ---------------------------------------------------------------------------------------
// PAN: three letters, a holder-type letter, the holder's initial, four digits (not 0000), a letter.

/** A well-formed Indian PAN. */
export function pan(): fc.Arbitrary<string> {
  return fc
    .tuple(charsFrom(UPPER, 3), fc.constantFrom(...'PCHABGJLFT'), charsFrom(UPPER, 1), paddedInt(1, 9999, 4), charsFrom(UPPER, 1))
    .map((parts) => parts.join(''));
}

// ---------------------------------------------------------------------------------------
// SSN: area 001–899 except 666, group 01–99, serial 0001–9999, not one printed in advertising.

const PUBLISHED_SSNS = new Set(['078051120', '219099999', '457555462']);

function ssnParts(): fc.Arbitrary<[string, string, string]> {
  return fc
    .tuple(paddedInt(1, 899, 3), paddedInt(1, 99, 2), paddedInt(1, 9999, 4))
    .filter(([area, group, serial]) => area !== '666' && !PUBLISHED_SSNS.has(area + group + serial));
}

/** A valid SSN. `dashed` and `spaced` forms are reported without a label; `dotted` and `bare` need one. */
export function ssn(forms: readonly ('dashed' | 'spaced' | 'dotted' | 'bare')[] = ['dashed', 'spaced', 'dotted', 'bare']): fc.Arbitrary<string> {
  const separators = { dashed: '-', spaced: ' ', dotted: '.', bare: '' };
  return fc.tuple(ssnParts(), fc.constantFrom(...forms)).map(([parts, form]) => parts.join(separators[form]));
}

// ---------------------------------------------------------------------------------------
// Singapore NRIC (S, T) and FIN (F, G, M): prefix, seven digits, check letter.

function sgId(prefixes: readonly ('S' | 'T' | 'F' | 'G' | 'M')[]): fc.Arbitrary<{ prefix: 'S' | 'T' | 'F' | 'G' | 'M'; digits: string }> {
  return fc.tuple(fc.constantFrom(...prefixes), digits(7)).map(([prefix, d]) => ({ prefix, digits: d }));
}

/** A valid NRIC (S or T prefix). */
export function nric(): fc.Arbitrary<string> {
  return sgId(['S', 'T']).map(({ prefix, digits: d }) => prefix + d + sgIdLetter(prefix, d));
}

/** A valid FIN (F, G or M prefix). */
export function fin(): fc.Arbitrary<string> {
  return sgId(['F', 'G', 'M']).map(({ prefix, digits: d }) => prefix + d + sgIdLetter(prefix, d));
}

/**
 * An NRIC or FIN with one digit changed (the weights are all prime to 11, so the letter no
 * longer matches) or with a wrong check letter.
 */
function nearMissSgId(prefixes: readonly ('S' | 'T' | 'F' | 'G' | 'M')[]): fc.Arbitrary<string> {
  return fc.tuple(sgId(prefixes), corruption, fc.boolean()).map(([{ prefix, digits: d }, { pick, delta }, changeLetter]) => {
    const letter = sgIdLetter(prefix, d);
    if (changeLetter) return prefix + d + otherLetter(letter, pick);
    return prefix + shiftDigit(d, range(0, 7), pick, delta) + letter;
  });
}

export const nearMissNric = (): fc.Arbitrary<string> => nearMissSgId(['S', 'T']);
export const nearMissFin = (): fc.Arbitrary<string> => nearMissSgId(['F', 'G', 'M']);

/** A capital letter other than `letter`. */
function otherLetter(letter: string, pick: number): string {
  const others = UPPER.replace(letter, '');
  return others[pick % others.length]!;
}

// ---------------------------------------------------------------------------------------
// Singapore UEN: business (8 digits + letter), local company (year + 5 digits + letter),
// other entities ([RST] + year + entity type + 4 digits + letter).

const ENTITY_TYPES = [...SG_UEN_ENTITY_TYPES].sort();

/** A UEN body (everything but the check letter) of the given shapes. */
function uenBody(shapes: readonly UenShape[]): fc.Arbitrary<string> {
  const thisYear = new Date().getUTCFullYear();
  return fc.constantFrom(...shapes).chain((shape) => {
    if (shape === 'business') return digits(8);
    if (shape === 'local_company') return fc.tuple(paddedInt(1900, thisYear, 4), digits(5)).map(([y, d]) => y + d);
    return fc.constantFrom('R', 'S', 'T').chain((series) =>
      fc
        .tuple(series === 'T' ? paddedInt(0, thisYear % 100, 2) : digits(2), fc.constantFrom(...ENTITY_TYPES), digits(4))
        .map(([yy, entity, d]) => series + yy + entity + d),
    );
  });
}

/** The UEN shapes that carry a check letter. */
export type UenShape = 'business' | 'local_company' | 'other';

/** A valid UEN. Only `other` is reported without a label such as "UEN". */
export function uen(shapes: readonly UenShape[] = ['business', 'local_company', 'other']): fc.Arbitrary<string> {
  return uenBody(shapes).map((body) => body + uenLetter(body));
}

/**
 * A UEN with one digit changed (not the year of a local company, so it stays plausible) or a
 * wrong check letter. Every weight is prime to 11, so a changed digit changes the letter.
 */
export function nearMissUen(shapes?: readonly UenShape[]): fc.Arbitrary<string> {
  return fc.tuple(uen(shapes), corruption, fc.boolean()).map(([value, { pick, delta }, changeLetter]) => {
    const last = value.length - 1;
    if (changeLetter) return value.slice(0, last) + otherLetter(value[last]!, pick);
    // Keep a local company's year and an other entity's series and year: they stay plausible.
    const local = value.length === 10 && /^\d/.test(value);
    const from = local ? 4 : value.length === 10 ? 3 : 0;
    const positions = range(from, last).filter((i) => /\d/.test(value[i]!));
    return shiftDigit(value, positions, pick, delta);
  });
}

// ---------------------------------------------------------------------------------------
// Indonesia: NIK (16 digits: province, regency, district, birth date (+40 for women), serial)
// and NPWP (old 15 digits with a Luhn digit in the ninth place; or 16 digits).

const PROVINCES = [...INDONESIAN_PROVINCE_CODES].sort((a, b) => a - b).map((p) => String(p));
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A valid NIK. */
export function nik(): fc.Arbitrary<string> {
  return fc
    .record({
      province: fc.constantFrom(...PROVINCES),
      regency: paddedInt(1, 99, 2),
      district: paddedInt(1, 99, 2),
      month: fc.integer({ min: 1, max: 12 }),
      dayPick: fc.nat({ max: 30 }),
      year: fc.integer({ min: 0, max: 99 }),
      female: fc.boolean(),
      serial: paddedInt(1, 9999, 4),
    })
    .map(({ province, regency, district, month, dayPick, year, female, serial }) => {
      let days = DAYS_IN_MONTH[month - 1]!;
      if (month === 2 && year % 4 !== 0) days = 28;
      const day = (dayPick % days) + 1 + (female ? 40 : 0);
      const pad = (n: number): string => String(n).padStart(2, '0');
      return province + regency + district + pad(day) + pad(month) + pad(year) + serial;
    });
}

/** A NIK whose province code is changed (one digit) to one no province has. */
export function nearMissNik(): fc.Arbitrary<string> {
  return fc.tuple(nik(), fc.nat({ max: 1_000 })).map(([value, pick]) => {
    // Every decade of codes has gaps (10, 20, … have no province), so there is always a choice.
    const unused = [...DIGITS].map((d) => value[0]! + d).filter((code) => !INDONESIAN_PROVINCE_CODES.has(Number(code)));
    return unused[pick % unused.length]! + value.slice(2);
  });
}

/** The old NPWP's 15 digits: taxpayer type and serial, a Luhn digit over those eight, office and branch. */
function npwpDigits(): fc.Arbitrary<string> {
  return fc
    .tuple(paddedInt(1, 99, 2), digits(6), digits(3), fc.constantFrom('000', '001', '002'))
    .map(([type, serial, office, branch]) => type + serial + luhnDigit(type + serial) + office + branch);
}

const dottedNpwp = (d: string): string => `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}.${d[8]}-${d.slice(9, 12)}.${d.slice(12)}`;

/** A valid NPWP: the old 15 digits (dotted or bare), or the 16-digit forms (0 + old number, or a NIK). */
export function npwp(): fc.Arbitrary<string> {
  return fc.oneof(
    npwpDigits().chain((d) => fc.constantFrom(dottedNpwp(d), d, '0' + d)),
    nik(),
  );
}

/** An old-form NPWP with one of its first nine digits changed, so that the Luhn digit fails. */
export function nearMissNpwp(): fc.Arbitrary<string> {
  return fc.tuple(npwpDigits(), corruption, fc.boolean()).map(([d, { pick, delta }, dotted]) => {
    const changed = shiftDigit(d, range(0, 9), pick, delta);
    return dotted ? dottedNpwp(changed) : changed;
  });
}

