/** PII types, named as in the public contract. */
export const PII_TYPES = [
  'credit_card', 'iban', 'aadhaar', 'pan', 'ssn', 'email', 'phone', 'dob',
  'nric', 'fin', 'uen', 'passport', 'booking_ref', 'nik', 'npwp',
] as const;

/** Secret types. See the README's detector table for what each one matches. */
export const SECRET_TYPES = [
  'aws_access_key_id', 'aws_secret_access_key', 'github_token', 'slack_token',
  'stripe_secret_key', 'google_api_key', 'private_key', 'jwt', 'generic_secret',
] as const;

/** Every type `detect()` can report. */
export const DETECTOR_TYPES = [...PII_TYPES, ...SECRET_TYPES] as const;

export type PiiType = (typeof PII_TYPES)[number];
export type SecretType = (typeof SECRET_TYPES)[number];
export type DetectorType = (typeof DETECTOR_TYPES)[number];

/** One sensitive value found in a text. `text.slice(start, end) === value` (UTF-16 offsets). */
export interface Finding {
  type: DetectorType;
  start: number;
  end: number;
  value: string;
  /** 0..1: how sure the detector is, after validation and context words. */
  confidence: number;
}

/** What a detector reports; `detect()` fills in `value`. */
export interface Candidate {
  type: DetectorType;
  start: number;
  end: number;
  confidence: number;
}

/** Per-scan state shared by the detectors of one `detect()` call. */
export interface ScanContext {
  readonly text: string;
  /** ISO 3166-1 alpha-2 region for national phone numbers (default `US`). */
  readonly region: string;
  /**
   * Is `type` among the types this scan reports? A shared pass that serves several types uses
   * it to leave out the work for types nobody asked for.
   */
  wants(type: DetectorType): boolean;
  /**
   * The result of `pass` over this scan's text, computed the first time any detector asks and
   * then shared: detectors that look for the same kind of candidate (digit clusters, say) pay
   * for one pass over the text between them, not one each.
   */
  shared<T>(pass: ScanPass<T>): T;
}

/**
 * A candidate search that several detectors consume. It must be a pure function of the
 * context's text and region, linear in the text's length, and must never throw.
 */
export interface ScanPass<T> {
  /** Short name, for diagnostics. */
  readonly name: string;
  run(ctx: ScanContext): T;
}

/**
 * One detector: a pattern, validation, and context words. It pushes what it finds into `out`.
 * It must run in time linear in `ctx.text.length` and must never throw.
 */
export interface Detector {
  /** Short name, for diagnostics. */
  readonly name: string;
  /** The types this detector can report. `detect()` skips it when none of them is wanted. */
  readonly types: readonly DetectorType[];
  find(ctx: ScanContext, out: Candidate[]): void;
}
