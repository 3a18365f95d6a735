/**
 * The expensive half of phone detection: libphonenumber's validation against each region's
 * real number ranges (the "max" metadata). A call costs tens of microseconds, so it is
 * guarded by a per-region length check and its answers are memoised.
 */
import { Metadata, parsePhoneNumber, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';
import type { PhoneShape } from './phone-shape.js';

const metadata = metadataJson as MetadataJson;

/** Digit counts a national (no '+') number of a region can have, prefixes included. */
interface LengthRange {
  min: number;
  max: number;
}

const ANY_LENGTH: LengthRange = { min: 7, max: 15 };
const lengthRanges = new Map<string, LengthRange>();

/** Internal methods of the metadata object that its type declarations leave out. */
interface NumberingPlanInternals {
  possibleLengths(): number[];
  nationalPrefix?(): string | undefined;
  countryCallingCode?(): string;
}

/**
 * Shortest and longest national number of `region`, widened by the longer of its national
 * prefix and its calling code (people also write "0…" and "971…" without the '+').
 */
function nationalLengthRange(region: string): LengthRange {
  let range = lengthRanges.get(region);
  if (range) return range;
  range = ANY_LENGTH;
  try {
    const m = new Metadata(metadata);
    m.selectNumberingPlan(region as CountryCode);
    const plan = m.numberingPlan as unknown as NumberingPlanInternals | undefined;
    const lengths = plan?.possibleLengths();
    if (plan && lengths && lengths.length > 0) {
      const prefix = Math.max(plan.nationalPrefix?.()?.length ?? 2, plan.countryCallingCode?.().length ?? 3, 2);
      range = { min: Math.min(...lengths), max: Math.max(...lengths) + prefix };
    }
  } catch {
    // Unknown region: libphonenumber will reject its national numbers anyway.
  }
  lengthRanges.set(region, range);
  return range;
}

/** Is the region one libphonenumber has metadata for? */
function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(metadata.countries, region);
}

// Memo of recent answers: prompts repeat the same numbers, and a hit costs one Map lookup.
const MEMO_LIMIT = 2048;
const memo = new Map<string, boolean>();

/** How a valid number was written: with a country code ('+' or `00`), or in national form. */
export type PhoneNumberForm = 'international' | 'national';

/**
 * Is this candidate a valid phone number (in a range that is actually assigned) when written
 * with '+' in any country, or without it in `region`? A leading `00` is read as '+'. Returns
 * how it was written, or undefined when it is not valid.
 */
export function validatePhoneShape(shape: PhoneShape, region: string): PhoneNumberForm | undefined {
  let input: string;
  let country: CountryCode | undefined;
  const { digits } = shape;
  if (shape.international) {
    if (digits.length < 6 || digits.length > 15) return undefined;
    input = `+${digits}`;
  } else if (digits.startsWith('00') && digits.length >= 9 && digits.length <= 17 && region !== 'US' && region !== 'CA') {
    input = `+${digits.slice(2)}`; // international call prefix used by most of the world
  } else {
    if (!isKnownRegion(region)) return undefined;
    const range = nationalLengthRange(region);
    if (digits.length < Math.max(range.min, 7) || digits.length > Math.min(range.max, 15)) return undefined;
    input = digits;
    country = region as CountryCode;
  }

  const form: PhoneNumberForm = country ? 'national' : 'international';
  const key = country ? `${country}:${input}` : input;
  const known = memo.get(key);
  if (known !== undefined) return known ? form : undefined;
  let valid = false;
  try {
    const parsed = country ? parsePhoneNumber(input, country, metadata) : parsePhoneNumber(input, metadata);
    valid = parsed !== undefined && parsed.isValid();
  } catch {
    valid = false; // libphonenumber throws on some malformed input; that is simply "not valid"
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, valid);
  return valid ? form : undefined;
}
