/**
 * Who is calling, for the adapters: Gatehouse API keys (Bearer or Basic), a host resolver, or
 * both (the key authenticates the org; the resolver adds the user and roles). The credentials'
 * org always wins.
 */
import { AuthenticationError, OrgMismatchError } from '../../crypto/api-keys/api-key-errors.js';
import { authenticate, type TenantCaller } from '../../crypto/api-keys/authenticate.js';
import type { ApiKeyLookup } from '../../crypto/api-keys/api-key-store.js';
import { GatehouseTypeError, InvalidOptionError } from '../../errors.js';
import type { Identity } from '../guard/gatehouse-core.js';
import { createCachedApiKeyLookup } from '../http/cached-api-key-lookup.js';

/**
 * The host's resolver. `caller` is the API-key caller when `apiKeys` is configured, else null.
 * Return null (or undefined) when there is no user: without `apiKeys` the adapter answers 401;
 * with them, the call goes on as the key's org and client. A returned identity keeps the key's
 * org (another org is refused) and client id.
 */
export type IdentityResolver<Req> = (req: Req, caller: TenantCaller | null) => Identity | null | undefined | Promise<Identity | null | undefined>;

export interface IdentitySourceOptions<Req> {
  resolveIdentity?: IdentityResolver<Req>;
  /** Stored API keys (`createMemoryApiKeyStore()`, `createKyselyApiKeyLookup(store)`): `Authorization: Bearer gh_live_…` or Basic `clientId:key`. */
  apiKeys?: ApiKeyLookup;
  /** How long a looked-up key record is reused, in ms (a revoked key stops working within this). Default 5000; 0: no cache. */
  apiKeyCacheTtlMs?: number;
}

/** How to read the two headers identity needs from the framework's request. */
export interface HeaderReader<Req> {
  authorization(req: Req): string | undefined;
  traceparent(req: Req): string | undefined;
}

/**
 * Builds `(req) => Promise<Identity>`. Rejects with `AuthenticationError` (401) when nobody is
 * identified and with `OrgMismatchError` (403) when the resolver names another org than the
 * key's. Throws `InvalidOptionError` at once when neither source is configured.
 *
 * @example
 * ```ts
 * const identify = createIdentityResolver({ apiKeys }, { authorization: (r) => r.headers.authorization, traceparent: () => undefined });
 * const who = await identify(req); // { orgId: 'acme', clientId: 'web' }
 * ```
 */
export function createIdentityResolver<Req>(options: IdentitySourceOptions<Req>, headers: HeaderReader<Req>): (req: Req) => Promise<Identity> {
  const { resolveIdentity, apiKeys } = options;
  if (resolveIdentity === undefined && apiKeys === undefined) {
    throw new InvalidOptionError('Pass resolveIdentity (a function from the request to { orgId, userId?, … }) or apiKeys (an API key lookup) so the adapter knows who is calling.');
  }
  if (resolveIdentity !== undefined && typeof resolveIdentity !== 'function') throw new InvalidOptionError('resolveIdentity must be a function (req) => Identity | null.');
  const lookup = apiKeys ? createCachedApiKeyLookup(apiKeys, { ttlMs: options.apiKeyCacheTtlMs ?? 5_000 }) : null;

  return async (req) => {
    const caller = lookup ? await authenticate(headers.authorization(req), { kind: 'tenant', lookup }) : null;
    let identity: Identity | null | undefined = caller ? { orgId: caller.orgId, clientId: caller.clientId } : null;
    if (resolveIdentity) {
      const resolved = await resolveIdentity(req, caller);
      if (resolved !== null && resolved !== undefined) {
        if (typeof resolved !== 'object' || typeof resolved.orgId !== 'string') throw new GatehouseTypeError('resolveIdentity must return { orgId: string, … } or null.');
        if (caller && resolved.orgId !== caller.orgId) throw new OrgMismatchError(caller.orgId, resolved.orgId.slice(0, 128));
        // The key's client id wins too: the resolver adds the user and roles, it cannot re-label the client.
        identity = caller ? { ...resolved, orgId: caller.orgId, clientId: caller.clientId } : resolved;
      } else if (!caller) {
        identity = null;
      }
    }
    if (!identity) throw new AuthenticationError('missing_credentials', 'The request did not identify its caller.');
    if (identity.traceparent === undefined) {
      const traceparent = headers.traceparent(req);
      if (traceparent !== undefined) identity = { ...identity, traceparent };
    }
    return identity;
  };
}
