import { Secret } from '../secret.js';
import { AuthenticationError } from './api-key-errors.js';
import type { ApiKeyEnvironment, ApiKeyKind } from './api-key-format.js';
import type { ApiKeyLookup } from './api-key-store.js';
import { MAX_AUTHORIZATION_LENGTH, parseBasicAuth } from './basic-auth.js';
import { verifyApiKey } from './verify-api-key.js';

/** A Decision Mode caller: a tenant key resolved to its org and client. */
export interface TenantCaller {
  readonly kind: 'tenant';
  readonly orgId: string;
  readonly clientId: string;
  readonly keyId: string;
  readonly environment: ApiKeyEnvironment;
}

/** A platform operator holding an admin key: no org, cross-tenant operations only. */
export interface AdminCaller {
  readonly kind: 'admin';
  readonly clientId: string;
  readonly keyId: string;
}

/** Authorization schemes `authenticate` accepts. */
export type AuthScheme = 'basic' | 'bearer';

/** Options of {@link authenticate}. */
export interface AuthenticateOptions<K extends ApiKeyKind> {
  /** `tenant` for Decision Mode routes, `admin` for cross-tenant routes. Never both. */
  kind: K;
  lookup: ApiKeyLookup;
  /** Accept only this environment's tenant keys. Default: live and test. */
  environment?: ApiKeyEnvironment;
  /** Default: both. `Basic base64(clientId:key)` checks the client id too; `Bearer <key>` does not. */
  schemes?: readonly AuthScheme[];
  now?: Date;
}

function readHeader(header: string | null | undefined, schemes: readonly AuthScheme[]): { key: Secret<string>; clientId?: string } {
  if (header === undefined || header === null || header.trim() === '') {
    throw new AuthenticationError('missing_credentials', 'No Authorization header was sent.');
  }
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) {
    throw new AuthenticationError('malformed_credentials', 'The Authorization header is too long or not a string.');
  }
  const scheme = /^\s*([A-Za-z]+) /.exec(header)?.[1]?.toLowerCase();
  if (scheme === 'basic' && schemes.includes('basic')) {
    const { clientId, secret } = parseBasicAuth(header);
    return { key: secret, clientId };
  }
  if (scheme === 'bearer' && schemes.includes('bearer')) {
    const token = header.trim().slice('bearer'.length).trim();
    if (token === '') throw new AuthenticationError('malformed_credentials', 'The Bearer token is empty.');
    return { key: new Secret(token) };
  }
  throw new AuthenticationError('malformed_credentials', `The Authorization scheme must be ${schemes.map((s) => (s === 'basic' ? 'Basic' : 'Bearer')).join(' or ')}.`);
}

/**
 * Authenticates an `Authorization` header with an API key of the given kind and resolves it
 * to the caller. Tenant routes pass `kind: 'tenant'` and get `{ orgId, clientId }`; admin
 * routes pass `kind: 'admin'`. A key of the other kind is refused (`wrong_key_kind`) before
 * any lookup. Throws {@link AuthenticationError} (HTTP 401) for every failure.
 *
 * @example
 * ```ts
 * const caller = await authenticate(req.headers.authorization, { kind: 'tenant', lookup: apiKeys });
 * const orgId = resolveRequestOrg(caller, req.body.org_id); // the key's org always wins
 * ```
 */
export async function authenticate(header: string | null | undefined, options: AuthenticateOptions<'tenant'>): Promise<TenantCaller>;
export async function authenticate(header: string | null | undefined, options: AuthenticateOptions<'admin'>): Promise<AdminCaller>;
export async function authenticate(header: string | null | undefined, options: AuthenticateOptions<ApiKeyKind>): Promise<TenantCaller | AdminCaller> {
  const { key, clientId } = readHeader(header, options.schemes ?? ['basic', 'bearer']);
  const verified = await verifyApiKey(key, {
    kind: options.kind,
    lookup: options.lookup,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  if (verified.kind === 'admin') return Object.freeze({ kind: 'admin', clientId: verified.clientId, keyId: verified.keyId });
  return Object.freeze({ kind: 'tenant', orgId: verified.orgId!, clientId: verified.clientId, keyId: verified.keyId, environment: verified.environment ?? 'live' });
}
