import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../org-id-format.js';

/** License tiers, lowest first. */
export const LICENSE_TIERS = ['community', 'evaluation', 'enterprise'] as const;
export type LicenseTier = (typeof LICENSE_TIERS)[number];

/** A feature or limit name: lowercase letters, digits, `_`, `.`, `:` or `-`, up to 64 characters. */
export const LICENSE_NAME_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

const name = z.string().regex(LICENSE_NAME_PATTERN, 'must be 1 to 64 lowercase letters, digits, "_", ".", ":" or "-"');
const timestamp = z.iso.datetime({ message: 'must be an ISO 8601 UTC timestamp such as 2026-01-31T00:00:00Z' });

/**
 * The signed payload of a license key. Field names are snake_case because they are the
 * wire format; unknown fields are rejected so that a payload means exactly what was signed.
 */
export const LicensePayloadSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1 to 128 letters, digits, "_", ".", ":" or "-"'),
    org_id: z.string().regex(ORG_ID_PATTERN, 'must be an org id: 1 to 128 letters, digits, "_", ".", ":" or "-"'),
    tier: z.enum(LICENSE_TIERS),
    features: z.array(name).max(256).refine((f) => new Set(f).size === f.length, 'must not repeat a feature'),
    issued_at: timestamp,
    expires_at: timestamp,
    limits: z.record(name, z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)).refine((l) => Object.keys(l).length <= 256, 'must have at most 256 limits'),
  })
  .refine((p) => Date.parse(p.issued_at) <= Date.parse(p.expires_at), { message: 'expires_at must not be before issued_at', path: ['expires_at'] });

/** A license payload, as signed. */
export type LicensePayload = z.infer<typeof LicensePayloadSchema>;
