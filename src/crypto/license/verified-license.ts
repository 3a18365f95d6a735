import { GatehouseTypeError } from '../../errors.js';
import type { LicenseTier } from './license-payload.js';

declare const verified: unique symbol;

/**
 * A license whose signature, org and expiry have been checked. Only {@link verifyLicense}
 * makes one: the type is branded, and at run time feature gates also check that the object
 * came from `verifyLicense`, so an unverified payload (or a copy of a verified one with a
 * feature added) never unlocks anything.
 */
export interface VerifiedLicense {
  readonly id: string;
  readonly orgId: string;
  readonly tier: LicenseTier;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** `expiresAt` plus the grace period the verifier allowed. */
  readonly graceEndsAt: Date;
  /** `grace` when verified after `expiresAt` but within the grace period. */
  readonly status: 'active' | 'grace';
  /** Id of the public key that verified the signature. */
  readonly keyId: string;
  readonly [verified]: true;
}

const issued = new WeakSet<object>();

/** Freezes and registers a verified license. Internal: only verifyLicense calls it. */
export function markVerified(license: Omit<VerifiedLicense, typeof verified>): VerifiedLicense {
  Object.freeze(license.features);
  Object.freeze(license.limits);
  const out = Object.freeze(license) as VerifiedLicense;
  issued.add(out);
  return out;
}

/** True only for an object returned by {@link verifyLicense}. */
export function isVerifiedLicense(value: unknown): value is VerifiedLicense {
  return typeof value === 'object' && value !== null && issued.has(value);
}

function requireVerified(license: unknown, fn: string): asserts license is VerifiedLicense {
  if (!isVerifiedLicense(license)) {
    throw new GatehouseTypeError(`${fn}() needs the VerifiedLicense returned by verifyLicense(); it was given something else, such as an unverified payload.`);
  }
}

function inForce(license: VerifiedLicense, now: Date): boolean {
  return now.getTime() <= license.graceEndsAt.getTime();
}

/**
 * True when the verified license grants `feature` and has not run out (including grace) at
 * `now`. A long-running process keeps its license object; checking the time here means a
 * license verified last year stops unlocking features when it ends.
 *
 * @example
 * ```ts
 * const license = await verifyLicense(token, { publicKeys, orgId: 'acme' });
 * if (hasFeature(license, 'audit_export')) enableExport();
 * ```
 */
export function hasFeature(license: VerifiedLicense, feature: string, now: Date = new Date()): boolean {
  requireVerified(license, 'hasFeature');
  return inForce(license, now) && license.features.includes(feature);
}

/**
 * The value of a numeric limit (seats, requests per day), or `undefined` when the license
 * sets none or has run out at `now`.
 *
 * @example
 * ```ts
 * const seats = licenseLimit(license, 'seats') ?? 5;
 * ```
 */
export function licenseLimit(license: VerifiedLicense, name: string, now: Date = new Date()): number | undefined {
  requireVerified(license, 'licenseLimit');
  if (!inForce(license, now) || !Object.hasOwn(license.limits, name)) return undefined;
  return license.limits[name];
}
