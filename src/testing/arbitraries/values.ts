/**
 * One entry point per kind of value: {@link validValue} for every detector type, and
 * {@link nearMissValue} for the types whose validation a single changed character defeats.
 */
import fc from 'fast-check';
import { DETECTOR_TYPES, type DetectorType } from '../../detectors/types.js';
import { InvalidTestingArgumentError } from '../errors.js';
import { cardNumber, nearMissCardNumber } from './cards.js';
import { dateOfBirth, email, phone } from './contact.js';
import { iban, nearMissIban } from './ibans.js';
import {
  aadhaar, fin, nearMissAadhaar, nearMissFin, nearMissNik, nearMissNpwp, nearMissNric, nearMissUen, nik, npwp, nric, pan, ssn, uen,
} from './national-ids.js';
import {
  awsAccessKeyId, awsSecretAccessKey, genericSecret, githubToken, googleApiKey, jwt, nearMissGithubToken, privateKey, slackToken, stripeSecretKey,
} from './secrets.js';
import { bookingReference, nearMissMrz, passportNumber } from './travel.js';

const VALID: Readonly<Record<DetectorType, () => fc.Arbitrary<string>>> = {
  credit_card: () => cardNumber(),
  iban: () => iban(),
  aadhaar,
  pan,
  ssn: () => ssn(),
  email,
  phone: () => phone(),
  dob: dateOfBirth,
  nric,
  fin,
  uen: () => uen(),
  passport: passportNumber,
  booking_ref: bookingReference,
  nik,
  npwp,
  aws_access_key_id: awsAccessKeyId,
  aws_secret_access_key: awsSecretAccessKey,
  github_token: githubToken,
  slack_token: slackToken,
  stripe_secret_key: stripeSecretKey,
  google_api_key: googleApiKey,
  private_key: privateKey,
  jwt,
  generic_secret: genericSecret,
};

/**
 * Types with a near miss: values one character away from valid that their detector must
 * reject. Most carry a check digit or letter (cards: Luhn; IBAN: MOD 97-10; Aadhaar: Verhoeff;
 * NRIC, FIN and UEN: weighted check letters; passports: the MRZ's 7-3-1 digits; old NPWPs:
 * Luhn; classic GitHub tokens: CRC-32). A NIK has no check digit, so its near miss is a
 * province code that does not exist. A GitHub token with a bad checksum is still reported, but
 * at 0.4, below the default `minConfidence`.
 */
export const CHECKSUM_TYPES = ['credit_card', 'iban', 'aadhaar', 'nric', 'fin', 'uen', 'passport', 'npwp', 'nik', 'github_token'] as const;
export type ChecksumType = (typeof CHECKSUM_TYPES)[number];

const NEAR_MISS: Readonly<Record<ChecksumType, () => fc.Arbitrary<string>>> = {
  credit_card: () => nearMissCardNumber(),
  iban: () => nearMissIban(),
  aadhaar: nearMissAadhaar,
  nric: nearMissNric,
  fin: nearMissFin,
  uen: () => nearMissUen(),
  passport: nearMissMrz,
  npwp: nearMissNpwp,
  nik: nearMissNik,
  github_token: nearMissGithubToken,
};

const KNOWN: ReadonlySet<string> = new Set(DETECTOR_TYPES);

function assertDetectorType(type: string, allowed: readonly string[] = DETECTOR_TYPES): void {
  if (typeof type !== 'string' || !KNOWN.has(type) || !allowed.includes(type)) {
    throw new InvalidTestingArgumentError(`No generator for ${JSON.stringify(type)}. Use one of: ${allowed.join(', ')}.`);
  }
}

/**
 * Values that `detect()` reports as `type`, with correct check digits where the type has them,
 * written in the forms people use (cards and IBANs compact or grouped, SSNs dashed or dotted,
 * dates in eight layouts…). Some need a label nearby to be reported at the default
 * confidence (see {@link promptWith}, which adds one).
 *
 * `passport` yields passport numbers (what the detector reports); {@link promptWith} writes
 * them after a label or inside a full machine-readable zone.
 *
 * @throws InvalidTestingArgumentError when `type` is not one of `DETECTOR_TYPES`.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { validValue } from 'gatehouse/testing';
 * fc.sample(validValue('iban'), 2); // e.g. ['DE44 5001 0517 5407 3249 31', 'GB29NWBK60161331926819']
 * ```
 */
export function validValue(type: DetectorType): fc.Arbitrary<string> {
  assertDetectorType(type);
  return VALID[type]();
}

/**
 * A valid value of `type` with exactly one character changed so that its check fails
 * (see {@link CHECKSUM_TYPES} for what each type's near miss is). Written like the valid
 * values, so a detector cannot tell them apart by shape alone.
 *
 * `passport` yields a whole TD3 machine-readable zone (two lines joined by `\n`) whose
 * document number has one digit changed.
 *
 * @throws InvalidTestingArgumentError when `type` is not in {@link CHECKSUM_TYPES}.
 * @example
 * ```ts
 * fc.assert(fc.property(nearMissValue('credit_card'), (v) => detect(v, { types: ['credit_card'] }).length === 0));
 * ```
 */
export function nearMissValue(type: ChecksumType): fc.Arbitrary<string> {
  assertDetectorType(type, CHECKSUM_TYPES);
  return NEAR_MISS[type]();
}
