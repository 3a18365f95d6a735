import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LicenseError, LicenseKeyError, ed25519Sign, generateLicenseKeyPair, hasFeature, isVerifiedLicense, licenseLimit,
  parseLicensePublicKey, signLicense, verifyLicense, type LicenseKeyPair, type VerifiedLicense,
} from '../../src/crypto/index.js';
import { GatehouseTypeError } from '../../src/errors.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const b64url = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LicenseError) return e.reason;
    throw e;
  }
  return 'verified';
}

let vendor: LicenseKeyPair;
let previous: LicenseKeyPair;
let attacker: LicenseKeyPair;
let token: string;

const base = {
  id: 'lic_0001',
  org_id: 'acme',
  tier: 'enterprise' as const,
  features: ['sso', 'audit_export'],
  issued_at: '2026-01-01T00:00:00Z',
  expires_at: '2026-12-31T00:00:00Z',
  limits: { seats: 50 },
};

beforeAll(async () => {
  [vendor, previous, attacker] = await Promise.all([generateLicenseKeyPair(), generateLicenseKeyPair(), generateLicenseKeyPair()]);
  token = await signLicense(base, vendor.secretKey);
});

describe('license keys', () => {
  it('generates GHLPK1./GHLSK1. keys of exactly 32 bytes, with a key id', () => {
    expect(vendor.publicKey).toMatch(/^GHLPK1\.[A-Za-z0-9_-]{43}$/);
    expect(vendor.secretKey.expose()).toMatch(/^GHLSK1\.[A-Za-z0-9_-]{43}$/);
    expect(String(vendor.secretKey)).toBe('[REDACTED]');
    expect(parseLicensePublicKey(vendor.publicKey).keyId).toBe(vendor.keyId);
  });

  it('rejects public keys of the wrong prefix or length, and a secret key given as a public key', () => {
    expect(() => parseLicensePublicKey('GHLPK1.' + b64url(new Uint8Array(31)))).toThrow(LicenseKeyError);
    expect(() => parseLicensePublicKey('GHLPK1.' + b64url(new Uint8Array(33)))).toThrow(LicenseKeyError);
    expect(() => parseLicensePublicKey(b64url(new Uint8Array(32)))).toThrow(/starts with "GHLPK1."/);
    expect(() => parseLicensePublicKey(vendor.secretKey.expose())).toThrow(/SECRET key/);
    expect(() => parseLicensePublicKey(new Uint8Array(64))).toThrow(LicenseKeyError);
  });
});

describe('signLicense / verifyLicense', () => {
  it('writes GH1.<base64url payload>.<base64url 64-byte signature>', () => {
    const [tag, payload, sig] = token.split('.');
    expect(tag).toBe('GH1');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toEqual(base);
    expect(Buffer.from(sig!, 'base64url')).toHaveLength(64);
  });

  it('verifies and returns the license fields', async () => {
    const license = await verifyLicense(token, { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW });
    expect(license).toMatchObject({ id: 'lic_0001', orgId: 'acme', tier: 'enterprise', features: ['sso', 'audit_export'], limits: { seats: 50 }, status: 'active', keyId: vendor.keyId });
    expect(license.expiresAt.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(Object.isFrozen(license) && Object.isFrozen(license.features)).toBe(true);
  });

  it('verifies against any of several public keys (rotation)', async () => {
    const old = await signLicense(base, previous.secretKey);
    const opts = { publicKeys: [vendor.publicKey, previous.publicKey], orgId: 'acme', now: NOW };
    expect((await verifyLicense(old, opts)).keyId).toBe(previous.keyId);
    expect((await verifyLicense(token, opts)).keyId).toBe(vendor.keyId);
    expect(await reasonOf(verifyLicense(old, { ...opts, publicKeys: [vendor.publicKey] }))).toBe('bad_signature');
  });

  it('bad_signature: signed by another key, or payload swapped', async () => {
    const forged = await signLicense(base, attacker.secretKey);
    expect(await reasonOf(verifyLicense(forged, { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW }))).toBe('bad_signature');
    const upgraded = b64url(JSON.stringify({ ...base, features: [...base.features, 'unlimited'] }));
    const spliced = ['GH1', upgraded, token.split('.')[2]].join('.');
    expect(await reasonOf(verifyLicense(spliced, { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW }))).toBe('bad_signature');
  });

  it('wrong_org: a valid license for another org', async () => {
    const err = (await verifyLicense(token, { publicKeys: [vendor.publicKey], orgId: 'globex', now: NOW }).catch((e: unknown) => e)) as LicenseError;
    expect(err).toBeInstanceOf(LicenseError);
    expect(err.reason).toBe('wrong_org');
    expect(err.code).toBe('LICENSE_WRONG_ORG');
  });

  it('expired: after expires_at, unless within the grace period', async () => {
    const opts = { publicKeys: [vendor.publicKey], orgId: 'acme' };
    const justAfter = new Date(Date.parse(base.expires_at) + 1);
    expect(await reasonOf(verifyLicense(token, { ...opts, now: justAfter }))).toBe('expired');
    const inGrace = await verifyLicense(token, { ...opts, now: new Date(Date.parse(base.expires_at) + 13 * DAY), gracePeriodMs: 14 * DAY });
    expect(inGrace.status).toBe('grace');
    expect(inGrace.graceEndsAt.toISOString()).toBe('2027-01-14T00:00:00.000Z');
    expect(await reasonOf(verifyLicense(token, { ...opts, now: new Date(Date.parse(base.expires_at) + 15 * DAY), gracePeriodMs: 14 * DAY }))).toBe('expired');
    expect((await verifyLicense(token, { ...opts, now: new Date(base.expires_at) })).status).toBe('active');
  });

  it('malformed: wrong shape, prefix, base64 or signature length', async () => {
    const opts = { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW };
    const [, p, s] = token.split('.');
    const sig = Buffer.from(s!, 'base64url');
    for (const bad of [
      '', 'GH1', `GH1.${p}`, `GH2.${p}.${s}`, `gh1.${p}.${s}`, `GH1.${p}.${s}.x`, `GH1.${p}*.${s}`, `GH1..${s}`,
      `GH1.${p}.${b64url(sig.subarray(0, 63))}`, `GH1.${p}.${b64url(Buffer.concat([sig, Buffer.from([0])]))}`, 'GH1.' + 'A'.repeat(20000) + '.x',
    ]) {
      expect(await reasonOf(verifyLicense(bad, opts))).toBe('malformed');
    }
    expect(await reasonOf(verifyLicense(42 as never, opts))).toBe('malformed');
  });

  it('malformed: a correctly signed payload that fails the schema', async () => {
    const secret = Buffer.from(vendor.secretKey.expose().slice('GHLSK1.'.length), 'base64url');
    const signRaw = async (payload: string): Promise<string> => {
      const p = b64url(payload);
      const sig = await ed25519Sign(new TextEncoder().encode(`GH1.${p}`), new Uint8Array(secret));
      return `GH1.${p}.${b64url(sig)}`;
    };
    const opts = { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW };
    expect(await reasonOf(verifyLicense(await signRaw('not json'), opts))).toBe('malformed');
    expect(await reasonOf(verifyLicense(await signRaw(JSON.stringify({ ...base, tier: 'platinum' })), opts))).toBe('malformed');
    expect(await reasonOf(verifyLicense(await signRaw(JSON.stringify({ ...base, extra: true })), opts))).toBe('malformed');
    expect(await reasonOf(verifyLicense(await signRaw(JSON.stringify({ ...base, expires_at: '2025-01-01T00:00:00Z' })), opts))).toBe('malformed');
  });

  it('signLicense refuses an invalid payload, naming the field', async () => {
    await expect(signLicense({ ...base, org_id: 'bad org' }, vendor.secretKey)).rejects.toThrow(/org_id/);
    await expect(signLicense({ ...base, features: ['SSO'] }, vendor.secretKey)).rejects.toThrow(/features\[0\]/);
    await expect(signLicense({ ...base, limits: { seats: -1 } }, vendor.secretKey)).rejects.toThrow(LicenseError);
  });

  it('signLicense fills id and issued_at, and accepts Dates', async () => {
    const t = await signLicense({ org_id: 'acme', tier: 'evaluation', expires_at: new Date(NOW.getTime() + 30 * DAY) }, vendor.secretKey, { now: NOW });
    const license = await verifyLicense(t, { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW });
    expect(license.id).toMatch(/^lic_[0-9a-f]{16}$/);
    expect(license.issuedAt).toEqual(NOW);
    expect(license.features).toEqual([]);
  });

  it('refuses to verify with no public keys, or a bad one', async () => {
    await expect(verifyLicense(token, { publicKeys: [], orgId: 'acme' })).rejects.toThrow(LicenseKeyError);
    await expect(verifyLicense(token, { publicKeys: ['GHLPK1.abc'], orgId: 'acme' })).rejects.toThrow(LicenseKeyError);
  });
});

describe('feature gates', () => {
  let license: VerifiedLicense;
  beforeAll(async () => {
    license = await verifyLicense(token, { publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW });
  });

  it('read the verified license', () => {
    expect(hasFeature(license, 'sso', NOW)).toBe(true);
    expect(hasFeature(license, 'unlimited', NOW)).toBe(false);
    expect(licenseLimit(license, 'seats', NOW)).toBe(50);
    expect(licenseLimit(license, 'rpm', NOW)).toBeUndefined();
    expect(licenseLimit(license, 'toString', NOW)).toBeUndefined();
  });

  it('stop granting once the license has run out, even for a long-lived object', () => {
    const later = new Date(Date.parse(base.expires_at) + 1);
    expect(hasFeature(license, 'sso', later)).toBe(false);
    expect(licenseLimit(license, 'seats', later)).toBeUndefined();
  });

  it('refuse anything verifyLicense did not return: an unverified payload or a tampered copy', () => {
    const copy = { ...license, features: [...license.features, 'unlimited'] } as VerifiedLicense;
    expect(isVerifiedLicense(copy)).toBe(false);
    expect(() => hasFeature(copy, 'unlimited', NOW)).toThrow(GatehouseTypeError);
    expect(() => hasFeature(base as never, 'sso', NOW)).toThrow(/VerifiedLicense returned by verifyLicense/);
    expect(() => licenseLimit({} as never, 'seats', NOW)).toThrow(GatehouseTypeError);
    expect(() => {
      (license.features as string[]).push('unlimited');
    }).toThrow(TypeError);
  });
});

describe('license properties', () => {
  const opts = () => ({ publicKeys: [vendor.publicKey], orgId: 'acme', now: NOW });

  it('a license signed by any other key never verifies', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom('community', 'evaluation', 'enterprise'), async (seed, tier) => {
      fc.pre(seed.some((b) => b !== 0));
      const forged = await signLicense({ ...base, tier: tier as 'enterprise' }, seed);
      expect(await reasonOf(verifyLicense(forged, opts()))).toBe('bad_signature');
    }), { numRuns: 40 });
  });

  it('any single-bit change to a valid license key never verifies', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(), async (n) => {
      const bit = n % (token.length * 8);
      const i = bit >> 3;
      const changed = token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << (bit & 7))) + token.slice(i + 1);
      fc.pre(changed.trim() !== token);
      expect(['bad_signature', 'malformed']).toContain(await reasonOf(verifyLicense(changed, opts())));
    }), { numRuns: 150 });
  });

  it('any time after expiry plus grace is expired; any time up to it verifies', async () => {
    const expires = Date.parse(base.expires_at);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 60 * DAY }), fc.integer({ min: 1, max: 400 * DAY }), async (grace, after) => {
      expect(await reasonOf(verifyLicense(token, { ...opts(), gracePeriodMs: grace, now: new Date(expires + grace + after) }))).toBe('expired');
      expect(await reasonOf(verifyLicense(token, { ...opts(), gracePeriodMs: grace, now: new Date(expires + Math.min(grace, after)) }))).toBe('verified');
    }), { numRuns: 40 });
  });

  it('random strings are never licenses', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
      expect(['bad_signature', 'malformed']).toContain(await reasonOf(verifyLicense(s, opts())));
    }), { numRuns: 100 });
  });

  it('keys generated once are random: no repeated public key across generations', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => generateLicenseKeyPair()));
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(20);
  });
});
