import { fromBase64Url, toBase64Url } from '../encoding.js';
import { ED25519_SIGNATURE_BYTES } from './ed25519.js';
import { LicenseError } from './license-error.js';

/** The version tag that starts every license key. */
export const LICENSE_TOKEN_PREFIX = 'GH1';
/** Longest license key accepted before any decoding. */
export const MAX_LICENSE_TOKEN_LENGTH = 16_384;

/** The parts of a license key, split and decoded but not yet verified. */
export interface LicenseTokenParts {
  /** The bytes the signature covers: ASCII of `GH1.<base64url payload>`. */
  readonly signingInput: Uint8Array;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * The bytes a license signature covers: `GH1.` and the base64url payload, as ASCII. Signing
 * the version tag with the payload means a future format cannot reuse a GH1 signature.
 */
export function licenseSigningInput(encodedPayload: string): Uint8Array {
  return new TextEncoder().encode(`${LICENSE_TOKEN_PREFIX}.${encodedPayload}`);
}

/** Joins a payload and its signature into `GH1.<base64url payload>.<base64url signature>`. */
export function formatLicenseToken(encodedPayload: string, signature: Uint8Array): string {
  return `${LICENSE_TOKEN_PREFIX}.${encodedPayload}.${toBase64Url(signature)}`;
}

function malformed(detail: string): LicenseError {
  return new LicenseError('malformed', `This is not a Gatehouse license key: ${detail}.`);
}

/**
 * Splits and decodes a license key, checking the shape and exact lengths: three
 * dot-separated parts, the `GH1` tag, canonical base64url, a non-empty payload and a
 * 64-byte signature. Throws {@link LicenseError} (`malformed`) otherwise.
 */
export function splitLicenseToken(token: unknown): LicenseTokenParts {
  if (typeof token !== 'string') throw malformed('expected a string');
  const text = token.trim();
  if (text.length > MAX_LICENSE_TOKEN_LENGTH) throw malformed(`it is longer than ${MAX_LICENSE_TOKEN_LENGTH} characters`);
  const parts = text.split('.');
  if (parts.length !== 3) throw malformed('a license key has three dot-separated parts, GH1.<payload>.<signature>');
  if (parts[0] !== LICENSE_TOKEN_PREFIX) throw malformed(`it does not start with "${LICENSE_TOKEN_PREFIX}."`);
  const payload = fromBase64Url(parts[1]!);
  if (!payload || payload.byteLength === 0) throw malformed('the payload is not canonical base64url');
  const signature = fromBase64Url(parts[2]!);
  if (!signature || signature.byteLength !== ED25519_SIGNATURE_BYTES) {
    throw malformed(`the signature is not exactly ${ED25519_SIGNATURE_BYTES} bytes of canonical base64url`);
  }
  return { signingInput: licenseSigningInput(parts[1]!), payload, signature };
}
