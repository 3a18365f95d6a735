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

/**
 * Memo of recent answers: prompts repeat the same numbers, and a hit costs two Map lookups.
 * One map per region ('+' for numbers with a country code), keyed by the digits as a number
 * (see {@link PhoneShape.digitsKey}), so that a hit makes no string.
 */
const MEMO_LIMIT = 2048;
const memos = new Map<string, Map<number, boolean>>();
let memoSize = 0;

function memoFor(namespace: string): Map<number, boolean> {
  let memo = memos.get(namespace);
  if (memo === undefined) {
    memo = new Map();
    memos.set(namespace, memo);
  }
  return memo;
}

const ZERO = 48;

/** How a valid number was written: with a country code ('+' or `00`), or in national form. */
export type PhoneNumberForm = 'international' | 'national';

/**
 * Is this candidate a valid phone number (in a range that is actually assigned) when written
 * with '+' in any country, or without it in `region`? A leading `00` is read as '+'. Returns
 * how it was written, or undefined when it is not valid.
 */
export function validatePhoneShape(shape: PhoneShape, region: string): PhoneNumberForm | undefined {
  const length = shape.digitsLength;
  let skip = 0; // leading digits that are not part of the number: a `00` international prefix
  let country: CountryCode | undefined;
  if (shape.international) {
    if (length < 6 || length > 15) return undefined;
  } else if (length >= 9 && length <= 17 && shape.digitCode(0) === ZERO && shape.digitCode(1) === ZERO && region !== 'US' && region !== 'CA') {
    skip = 2; // international call prefix used by most of the world
  } else {
    if (!isKnownRegion(region)) return undefined;
    const range = nationalLengthRange(region);
    if (length < Math.max(range.min, 7) || length > Math.min(range.max, 15)) return undefined;
    country = region as CountryCode;
  }

  const form: PhoneNumberForm = country ? 'national' : 'international';
  const memo = memoFor(country ?? '+');
  const key = shape.digitsKey(skip);
  const known = memo.get(key);
  if (known !== undefined) return known ? form : undefined;
  const input = country ? shape.digits : `+${shape.digits.slice(skip)}`;
  let valid = false;
  try {
    const parsed = country ? parsePhoneNumber(input, country, metadata) : parsePhoneNumber(input, metadata);
    valid = parsed !== undefined && parsed.isValid();
  } catch {
    valid = false; // libphonenumber throws on some malformed input; that is simply "not valid"
  }
  if (memoSize >= MEMO_LIMIT) {
    memos.clear();
    memoSize = 0;
  }
  memoFor(country ?? '+').set(key, valid);
  memoSize++;
  return valid ? form : undefined;
}
