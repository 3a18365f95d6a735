import type { Detector } from './types.js';
import { creditCardDetector } from './pii/credit-card.js';
import { ibanDetector } from './pii/iban.js';
import { aadhaarDetector } from './pii/aadhaar.js';
import { panDetector } from './pii/pan.js';
import { ssnDetector } from './pii/ssn.js';
import { emailDetector } from './pii/email.js';
import { phoneDetector } from './pii/phone.js';
import { dobDetector } from './pii/dob.js';
import { nricDetector } from './pii/nric.js';
import { uenDetector } from './pii/uen.js';
import { passportDetector } from './pii/passport.js';
import { bookingRefDetector } from './pii/booking-ref.js';
import { nikDetector } from './pii/nik.js';
import { npwpDetector } from './pii/npwp.js';
import { cloudKeyDetector } from './secrets/cloud-keys.js';
import { tokenDetector } from './secrets/tokens.js';
import { privateKeyDetector } from './secrets/private-key.js';
import { genericSecretDetector } from './secrets/generic-secret.js';

/**
 * Every built-in detector. Order matters only to break ties: when two findings overlap with
 * equal confidence, the one whose detector comes first wins, so the more specific
 * (checksum-validated, secret) detectors come before the looser ones.
 */
export const DETECTORS: readonly Detector[] = [
  privateKeyDetector,
  cloudKeyDetector,
  tokenDetector,
  creditCardDetector,
  ibanDetector,
  nricDetector,
  panDetector,
  uenDetector,
  aadhaarDetector,
  nikDetector,
  npwpDetector,
  ssnDetector,
  passportDetector,
  emailDetector,
  dobDetector,
  bookingRefDetector,
  phoneDetector,
  genericSecretDetector,
];
