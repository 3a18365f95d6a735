import { GatehouseError } from '../../errors.js';

/** Why a license did not verify. */
export type LicenseFailureReason = 'expired' | 'bad_signature' | 'wrong_org' | 'malformed';

const CODES = {
  expired: 'LICENSE_EXPIRED',
  bad_signature: 'LICENSE_BAD_SIGNATURE',
  wrong_org: 'LICENSE_WRONG_ORG',
  malformed: 'LICENSE_MALFORMED',
} as const satisfies Record<LicenseFailureReason, string>;

/**
 * A license key did not verify. `reason` is one of `expired`, `bad_signature`, `wrong_org`
 * or `malformed`; `code` is the same as `LICENSE_EXPIRED`, `LICENSE_BAD_SIGNATURE`,
 * `LICENSE_WRONG_ORG` or `LICENSE_MALFORMED`.
 *
 * @example
 * ```ts
 * try { await verifyLicense(token, { publicKeys, orgId }) }
 * catch (e) { if (e instanceof LicenseError && e.reason === 'expired') showRenewalBanner() }
 * ```
 */
export class LicenseError extends GatehouseError {
  declare readonly code: (typeof CODES)[LicenseFailureReason];
  readonly reason: LicenseFailureReason;
  constructor(reason: LicenseFailureReason, message: string) {
    super(CODES[reason], message);
    this.reason = reason;
  }
}

/**
 * A license signing or verification key is unusable (wrong prefix, wrong length, not
 * base64url), or none was configured. A configuration error, distinct from a bad license.
 * The message never contains the key.
 */
export class LicenseKeyError extends GatehouseError {
  constructor(message: string) {
    super('LICENSE_KEY_INVALID', message);
  }
}
