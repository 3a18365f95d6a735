/**
 * How tenant routes learn who is calling: an `Authorization` header in, the caller's org and
 * client out. The default is Gatehouse API keys (`Bearer gh_live_…`, or Basic `clientId:key`).
 */
import { authenticate, type AuthScheme, type TenantCaller } from '../../crypto/api-keys/authenticate.js';
import type { ApiKeyEnvironment } from '../../crypto/api-keys/api-key-format.js';
import type { ApiKeyLookup } from '../../crypto/api-keys/api-key-store.js';

/**
 * Resolves an `Authorization` header to the tenant caller, or rejects with
 * `AuthenticationError` (HTTP 401). Never resolves for an admin key.
 */
export type TenantAuthenticator = (authorization: string | undefined) => Promise<TenantCaller>;

export interface ApiKeyAuthenticatorOptions {
  /** Accept only this environment's keys (e.g. `live` in production). Default: both. */
  environment?: ApiKeyEnvironment;
  /** Default: Basic and Bearer. */
  schemes?: readonly AuthScheme[];
}

/**
 * The tenant authenticator over stored API keys: `Authorization: Bearer gh_live_…` or
 * `Authorization: Basic base64(clientId:gh_live_…)` (the client id must be the key's).
 *
 * @example
 * ```ts
 * const authenticateTenant = apiKeyAuthenticator(createCachedApiKeyLookup(createKyselyApiKeyLookup(store)));
 * const caller = await authenticateTenant(req.headers.authorization); // { orgId, clientId, … }
 * ```
 */
export function apiKeyAuthenticator(lookup: ApiKeyLookup, options: ApiKeyAuthenticatorOptions = {}): TenantAuthenticator {
  const base = {
    kind: 'tenant' as const,
    lookup,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.schemes !== undefined ? { schemes: options.schemes } : {}),
  };
  return (authorization) => authenticate(authorization, base);
}
