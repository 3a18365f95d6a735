import { randomBytes } from 'node:crypto';
import { formatIssuePath } from '../../errors.js';
import { encodeUtf8, toBase64Url, toHex } from '../encoding.js';
import type { Secret } from '../secret.js';
import { ed25519Sign } from './ed25519.js';
import { LicenseError } from './license-error.js';
import { parseLicenseSecretKey } from './license-keys.js';
import { LicensePayloadSchema, type LicensePayload, type LicenseTier } from './license-payload.js';
import { formatLicenseToken, licenseSigningInput } from './license-token.js';

/** What to put in a license. Dates may be `Date`s; `id` and `issued_at` have defaults. */
export interface LicenseInput {
  /** Default: `lic_` + 16 random hex characters. */
  id?: string;
  org_id: string;
  tier: LicenseTier;
  features?: string[];
  /** Default: now. */
  issued_at?: Date | string;
  expires_at: Date | string;
  limits?: Record<string, number>;
}

function isoSeconds(value: Date | string): string {
  if (typeof value === 'string') return value;
  // Whole seconds keep keys short; sub-second expiry precision means nothing here.
  return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Validates a payload against {@link LicensePayloadSchema}, with the defaults applied.
 * Throws {@link LicenseError} (`malformed`) naming the first bad fields.
 */
export function buildLicensePayload(input: LicenseInput, now: Date = new Date()): LicensePayload {
  const candidate = {
    id: input.id ?? `lic_${toHex(randomBytes(8))}`,
    org_id: input.org_id,
    tier: input.tier,
    features: input.features ?? [],
    issued_at: isoSeconds(input.issued_at ?? now),
    expires_at: isoSeconds(input.expires_at),
    limits: input.limits ?? {},
  };
  const parsed = LicensePayloadSchema.safeParse(candidate);
  if (!parsed.success) {
    const shown = parsed.error.issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    throw new LicenseError('malformed', `Invalid license payload: ${shown.join('; ')}.`);
  }
  return parsed.data;
}

/**
 * Signs a license with the vendor's Ed25519 key and returns
 * `GH1.<base64url(payload JSON)>.<base64url(signature)>`.
 *
 * @example
 * ```ts
 * const token = await signLicense(
 *   { org_id: 'acme', tier: 'enterprise', features: ['sso', 'audit_export'], expires_at: '2027-01-01T00:00:00Z', limits: { seats: 50 } },
 *   process.env.GATEHOUSE_LICENSE_SECRET_KEY!,
 * );
 * ```
 */
export async function signLicense(input: LicenseInput, secretKey: string | Uint8Array | Secret, options: { now?: Date } = {}): Promise<string> {
  const payload = buildLicensePayload(input, options.now);
  const encodedPayload = toBase64Url(encodeUtf8(JSON.stringify(payload)));
  const seed = parseLicenseSecretKey(secretKey);
  try {
    const signature = await ed25519Sign(licenseSigningInput(encodedPayload), seed);
    return formatLicenseToken(encodedPayload, signature);
  } finally {
    seed.fill(0);
  }
}
