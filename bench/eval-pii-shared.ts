/**
 * What the PII evaluations share: mapping source entity types to Gatehouse types, the
 * sentences a person would write around a value, span matching, and the per-type tallies.
 */
import { detect, type DetectOptions, type DetectorType, type Finding } from '../src/index.js';
import { isIbanChecksumValid, isLuhnValid, isNricValid, isVerhoeffValid } from './checksums.js';

/** Source entity type (values.csv and Presidio) → the Gatehouse types that count as a hit. */
export const SOURCE_TYPES: Readonly<Record<string, readonly DetectorType[]>> = {
  CREDIT_CARD: ['credit_card'],
  IBAN: ['iban'],
  IBAN_CODE: ['iban'],
  IN_AADHAAR: ['aadhaar'],
  IN_PAN: ['pan'],
  US_SSN: ['ssn'],
  EMAIL: ['email'],
  EMAIL_ADDRESS: ['email'],
  PHONE: ['phone'],
  PHONE_MOBILE: ['phone'],
  PHONE_NUMBER: ['phone'],
  DATE: ['dob'],
  DATE_ISO8601: ['dob'],
  DATE_TIME: ['dob'],
  SG_UEN: ['uen'],
  SG_NRIC_FIN: ['nric', 'fin'],
  PASSPORT: ['passport'],
  DE_PASSPORT: ['passport'],
  ES_PASSPORT: ['passport'],
  IN_PASSPORT: ['passport'],
  IT_PASSPORT: ['passport'],
  KR_PASSPORT: ['passport'],
  UK_PASSPORT: ['passport'],
  US_PASSPORT: ['passport'],
  BOOKING_REFERENCE: ['booking_ref'],
};

/** The name a type is reported under: NRIC and FIN share one row, as they share one target. */
export function reportKey(types: readonly DetectorType[]): string {
  return types.includes('nric') || types.includes('fin') ? 'nric/fin' : types.join('+');
}

/** A value placed in a text, and where it sits. */
export interface PlacedValue {
  text: string;
  start: number;
  end: number;
}

function place(before: string, value: string, after = ''): PlacedValue {
  return { text: before + value + after, start: before.length, end: before.length + value.length };
}

/** The value in the short sentence a person would write, with its label. */
export function labelledText(key: string, value: string): PlacedValue {
  switch (key) {
    case 'credit_card': return place('My card number is ', value, '.');
    case 'iban': return place('IBAN: ', value);
    case 'aadhaar': return place('Aadhaar: ', value);
    case 'pan': return place('PAN: ', value);
    case 'ssn': return place('SSN: ', value);
    case 'email': return place('Email: ', value);
    case 'phone': return place('Phone: ', value);
    case 'dob': return place('Date of birth: ', value);
    case 'uen': return place('UEN: ', value);
    case 'passport': return place('Passport number: ', value);
    case 'booking_ref': return place('Booking reference: ', value);
    case 'nric/fin': return place(/^\s*[FGMfgm]/.test(value) ? 'FIN: ' : 'NRIC: ', value);
    default: return place(`${key}: `, value);
  }
}

/** The value with no label at all, in a neutral sentence. */
export function unlabelledText(value: string): PlacedValue {
  return place('Here you go: ', value, ' ');
}

/**
 * An independent checksum opinion for the checksum-validated types: `false` means the value
 * cannot be valid whatever a source says, so Gatehouse must not report it. `undefined`: no
 * checksum to apply here.
 */
export function checksumHolds(key: string, value: string): boolean | undefined {
  const compact = value.replace(/[\s-]/g, '');
  switch (key) {
    case 'credit_card': return /^\d{12,19}$/.test(compact) ? isLuhnValid(compact) : undefined;
    case 'iban': return /^[A-Za-z]{2}\d{2}[A-Za-z0-9]+$/.test(compact) ? isIbanChecksumValid(compact) : undefined;
    case 'aadhaar': return /^\d{12}$/.test(compact) ? isVerhoeffValid(compact) : undefined;
    // Any other prefix letter is not an NRIC/FIN at all, whatever its check letter.
    case 'nric/fin': return /^[A-Za-z]\d{7}[A-Za-z]$/.test(compact) ? isNricValid(compact) : undefined;
    default: return undefined;
  }
}

/**
 * A look-alike such as "FR76…0189😅" can contain a complete, valid value standing on its own
 * (not glued to letters or digits). Reporting that value is right, so it is tallied apart
 * from accepted look-alikes.
 */
export function isStandaloneValidValue(text: string, finding: Finding, key: string): boolean {
  const glued = /[A-Za-z0-9]/;
  return checksumHolds(key, finding.value) === true && !glued.test(text[finding.start - 1] ?? '') && !glued.test(text[finding.end] ?? '');
}

/** Runs `detect`; an exception (which should never happen) is reported as a finding-less run. */
export function safeDetect(text: string, options?: DetectOptions): { findings: Finding[]; error?: string } {
  try {
    return { findings: detect(text, options) };
  } catch (e) {
    return { findings: [], error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** The value's span without surrounding whitespace. */
export function trimmedSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

export type SpanMatch = 'exact' | 'covers' | 'partial' | 'none';

/** How well the best finding of `types` matches [start, end) (already trimmed). */
export function matchSpan(findings: readonly Finding[], types: readonly DetectorType[], start: number, end: number): SpanMatch {
  let best: SpanMatch = 'none';
  for (const f of findings) {
    if (!types.includes(f.type) || f.end <= start || f.start >= end) continue;
    if (f.start === start && f.end === end) return 'exact';
    if (f.start <= start && f.end >= end) best = 'covers';
    else if (best === 'none') best = 'partial';
  }
  return best;
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings.length === 0 ? 'no findings' : findings.map((f) => `${f.type}[${f.start},${f.end}) ${JSON.stringify(f.value)} ${f.confidence}`).join('; ');
}

/** For a miss: what a same-type finding would have been below the confidence threshold. */
export function belowThreshold(text: string, types: readonly DetectorType[], start: number, end: number, region?: string): string {
  const { findings } = safeDetect(text, { types, minConfidence: 0, region });
  const hit = findings.find((f) => f.end > start && f.start < end);
  return hit ? `at minConfidence 0: ${hit.type} ${JSON.stringify(hit.value)} conf ${hit.confidence}` : 'not found even at minConfidence 0';
}

/** Counts for one report key in one source. */
export interface TypeTally {
  /** Valid values (or expected spans) found with their type. */
  tp: number;
  /** …of which the finding's span is exactly the value. */
  exact: number;
  fn: number;
  /** Findings of the type that should not be there (look-alikes accepted, spurious spans). */
  fp: number;
  /** Invalid look-alikes offered, and how many were reported as the type anyway. */
  lookalikes: number;
  lookalikesAccepted: number;
  /** Look-alikes in which a standalone valid value was found (see isStandaloneValidValue). */
  lookalikesContainingValid: number;
  /** Values a source calls valid whose checksum fails: counted as look-alikes instead. */
  relabelled: number;
  unlabelledTotal: number;
  unlabelledTp: number;
  /** Expected spans the source itself only scores below 0.5 (pattern-only matches). */
  lowTotal: number;
  lowFoundDefault: number;
  lowFoundAny: number;
}

export function emptyTally(): TypeTally {
  return { tp: 0, exact: 0, fn: 0, fp: 0, lookalikes: 0, lookalikesAccepted: 0, lookalikesContainingValid: 0, relabelled: 0, unlabelledTotal: 0, unlabelledTp: 0, lowTotal: 0, lowFoundDefault: 0, lowFoundAny: 0 };
}

export class TallyBook {
  private readonly tallies = new Map<string, TypeTally>();
  get(key: string): TypeTally {
    let t = this.tallies.get(key);
    if (!t) this.tallies.set(key, (t = emptyTally()));
    return t;
  }
  entries(): [string, TypeTally][] {
    return [...this.tallies.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
  has(key: string): boolean {
    return this.tallies.has(key);
  }
}

export function precision(t: TypeTally): number {
  return t.tp / (t.tp + t.fp);
}
export function recall(t: TypeTally): number {
  return t.tp / (t.tp + t.fn);
}
export function f1(t: TypeTally): number {
  const p = precision(t);
  const r = recall(t);
  return (2 * p * r) / (p + r);
}
/** Share of look-alikes not reported; those containing a standalone valid value are left out. */
export function rejectionRate(t: TypeTally): number {
  return (t.lookalikes - t.lookalikesContainingValid - t.lookalikesAccepted) / (t.lookalikes - t.lookalikesContainingValid);
}
