import { formatIssuePath } from '../../errors.js';
import { decodeUtf8 } from '../encoding.js';
import { ed25519Verify } from './ed25519.js';
import { LicenseError, LicenseKeyError } from './license-error.js';
import { parseLicensePublicKey, type LicensePublicKey } from './license-keys.js';
import { LicensePayloadSchema } from './license-payload.js';
import { splitLicenseToken } from './license-token.js';
import { markVerified, type VerifiedLicense } from './verified-license.js';

/** Options of {@link verifyLicense}. */
export interface VerifyLicenseOptions {
  /** Every public key a license may be signed with (`GHLPK1.…` or 32 bytes); several during a rotation. */
  publicKeys: readonly (string | Uint8Array | LicensePublicKey)[];
  /** The org this deployment serves. A license for any other org is `wrong_org`. */
  orgId: string;
  /** Time to check expiry against. Default: now. */
  now?: Date;
  /** How long after `expires_at` the license still verifies, with status `grace`. Default 0. */
  gracePeriodMs?: number;
}

function toPublicKeys(keys: VerifyLicenseOptions['publicKeys']): LicensePublicKey[] {
  if (!Array.isArray(keys) || keys.length === 0) throw new LicenseKeyError('No license public keys are configured; pass at least one GHLPK1. key in publicKeys.');
  return keys.map((k) => (typeof k === 'string' || k instanceof Uint8Array ? parseLicensePublicKey(k) : parseLicensePublicKey(k.bytes)));
}

/**
 * Verifies a license key and returns the {@link VerifiedLicense} that feature gates accept.
 *
 * Checks, in order: the shape and exact lengths (`malformed`); the Ed25519 signature against
 * each configured public key (`bad_signature`); the payload schema (`malformed`); the org
 * (`wrong_org`); the expiry plus `gracePeriodMs` (`expired`). Each failure throws
 * {@link LicenseError} with that `reason`. Nothing in the payload is read before the
 * signature has been checked.
 *
 * @example
 * ```ts
 * const license = await verifyLicense(process.env.GATEHOUSE_LICENSE!, {
 *   publicKeys: ['GHLPK1.…current', 'GHLPK1.…previous'],
 *   orgId: 'acme',
 *   gracePeriodMs: 14 * 86_400_000,
 * });
 * license.status; // 'active' or 'grace'
 * ```
 */
export async function verifyLicense(token: string, options: VerifyLicenseOptions): Promise<VerifiedLicense> {
  const keys = toPublicKeys(options.publicKeys);
  const grace = options.gracePeriodMs ?? 0;
  if (!Number.isFinite(grace) || grace < 0) throw new LicenseKeyError('gracePeriodMs must be a finite number of milliseconds, 0 or more.');
  const now = options.now ?? new Date();

  const parts = splitLicenseToken(token);
  let signer: LicensePublicKey | undefined;
  for (const key of keys) {
    if (await ed25519Verify(parts.signature, parts.signingInput, key.bytes)) {
      signer = key;
      break;
    }
  }
  if (!signer) {
    throw new LicenseError('bad_signature', `The license signature does not verify against any of the ${keys.length} configured public key(s) (${keys.map((k) => k.keyId).join(', ')}).`);
  }

  const json = decodeUtf8(parts.payload);
  let raw: unknown;
  try {
    raw = json === undefined ? undefined : JSON.parse(json);
  } catch {
    raw = undefined;
  }
  if (raw === undefined) throw new LicenseError('malformed', 'The license payload is signed but is not UTF-8 JSON.');
  const parsed = LicensePayloadSchema.safeParse(raw);
  if (!parsed.success) {
    const shown = parsed.error.issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    throw new LicenseError('malformed', `The license payload is signed but invalid: ${shown.join('; ')}.`);
  }
  const payload = parsed.data;

  if (payload.org_id !== options.orgId) {
    throw new LicenseError('wrong_org', `This license is for org "${payload.org_id}", not "${options.orgId}".`);
  }
  const expiresAt = new Date(payload.expires_at);
  const graceEndsAt = new Date(expiresAt.getTime() + grace);
  if (now.getTime() > graceEndsAt.getTime()) {
    throw new LicenseError('expired', `This license expired at ${payload.expires_at}${grace > 0 ? ` and its grace period ended at ${graceEndsAt.toISOString()}` : ''}.`);
  }

  return markVerified({
    id: payload.id,
    orgId: payload.org_id,
    tier: payload.tier,
    features: [...payload.features],
    limits: { ...payload.limits },
    issuedAt: new Date(payload.issued_at),
    expiresAt,
    graceEndsAt,
    status: now.getTime() > expiresAt.getTime() ? 'grace' : 'active',
    keyId: signer.keyId,
  });
}
