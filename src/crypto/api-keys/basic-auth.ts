import { decodeUtf8, fromBase64 } from '../encoding.js';
import { Secret } from '../secret.js';
import { AuthenticationError } from './api-key-errors.js';

/** Credentials from an `Authorization: Basic` header. */
export interface BasicCredentials {
  readonly clientId: string;
  readonly secret: Secret<string>;
}

/** Longest Authorization header accepted. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

// RFC 7617: the user-id cannot contain ":" and neither part may contain control characters.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses `Authorization: Basic base64(clientId:secret)` (RFC 7617). The scheme is
 * case-insensitive; the base64 must be canonical; the text must be UTF-8 with a non-empty
 * client id before the first `:` and a non-empty secret after it. Throws
 * {@link AuthenticationError} (`missing_credentials` or `malformed_credentials`); the
 * message never quotes the header.
 *
 * @example
 * ```ts
 * const { clientId, secret } = parseBasicAuth(req.headers.authorization);
 * ```
 */
export function parseBasicAuth(header: string | null | undefined): BasicCredentials {
  if (header === undefined || header === null || header.trim() === '') {
    throw new AuthenticationError('missing_credentials', 'No Authorization header was sent.');
  }
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) {
    throw new AuthenticationError('malformed_credentials', `The Authorization header is not a string of at most ${MAX_AUTHORIZATION_LENGTH} characters.`);
  }
  const m = /^\s*([A-Za-z]+) +([A-Za-z0-9+/]+={0,2})\s*$/.exec(header);
  if (!m || m[1]!.toLowerCase() !== 'basic') {
    throw new AuthenticationError('malformed_credentials', 'The Authorization header is not "Basic " followed by base64 credentials.');
  }
  const bytes = fromBase64(m[2]!);
  const text = bytes && decodeUtf8(bytes);
  if (text === undefined || text === null || text === '') {
    throw new AuthenticationError('malformed_credentials', 'The Basic credentials are not canonical base64 of UTF-8 text.');
  }
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new AuthenticationError('malformed_credentials', 'The Basic credentials must be "clientId:secret" with both parts non-empty.');
  }
  const clientId = text.slice(0, colon);
  const secret = text.slice(colon + 1);
  if (CONTROL.test(clientId) || CONTROL.test(secret)) {
    throw new AuthenticationError('malformed_credentials', 'The Basic credentials contain control characters.');
  }
  return Object.freeze({ clientId, secret: new Secret(secret) });
}
