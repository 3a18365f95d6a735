/**
 * Who is calling, and whether the request tries to act for someone else: tenant and admin
 * authentication for the routes, and the refusal (with its audit record) of a request that
 * names another org or client than its credentials.
 */
import { AuthenticationError } from '../../crypto/api-keys/api-key-errors.js';
import type { AdminCaller, TenantCaller } from '../../crypto/api-keys/authenticate.js';
import { traceIdFromTraceparent } from '../guard/trace-context.js';
import type { ResolvedHandlerOptions } from './handler-options.js';
import { IdentityMismatchError, RouteNotConfiguredError } from './http-errors.js';
import { identityMismatchDecision, mismatchedField, type NamedIdentity } from './identity-mismatch.js';
import type { RequestContext } from './request-context.js';

/** Authenticates a tenant route, or rejects (401). */
export function authenticateTenant(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<TenantCaller> {
  if (!deps.authenticate) return Promise.reject(new RouteNotConfiguredError('Tenant authentication (API keys)'));
  return deps.authenticate(ctx.req.headers.authorization);
}

/**
 * Refuses a request whose body (or query) names another org or client than the credentials,
 * after recording the attempt: a deny decision in the caller's chain, and a warn log line with
 * both orgs (the named one truncated; it is not a secret, but it is untrusted text).
 *
 * Checks synchronously and returns `undefined` when the request names only the caller's own
 * org and client, as nearly every request does, so the route need not await (a promise and a
 * turn per request); otherwise a promise that rejects with {@link IdentityMismatchError} once
 * the attempt is recorded. (Awaiting `undefined` is correct too, only slower.)
 *
 * @example
 * ```ts
 * const refused = refuseIdentityMismatch(ctx, deps, caller, namedIdentity(body));
 * if (refused !== undefined) await refused;
 * ```
 */
export function refuseIdentityMismatch(
  ctx: RequestContext,
  deps: ResolvedHandlerOptions,
  caller: TenantCaller,
  named: NamedIdentity,
  stage?: unknown,
): Promise<never> | undefined {
  const field = mismatchedField(caller, named);
  return field === null ? undefined : refuseMismatch(ctx, deps, caller, named, field, stage);
}

async function refuseMismatch(
  ctx: RequestContext,
  deps: ResolvedHandlerOptions,
  caller: TenantCaller,
  named: NamedIdentity,
  field: 'org' | 'client',
  stage: unknown,
): Promise<never> {
  deps.metrics.countIdentityMismatch();
  const traceId = traceIdFromTraceparent(headerOf(ctx, 'traceparent'));
  const decision = identityMismatchDecision(caller, field, { stage, traceId, policySetVersion: deps.policySetVersion });
  const requested = (field === 'org' ? named.orgIds : named.clientIds).find((v) => v !== (field === 'org' ? caller.orgId : caller.clientId));
  deps.logger.warn(
    {
      decisionId: decision.decisionId,
      orgId: caller.orgId,
      clientId: caller.clientId,
      keyId: caller.keyId,
      [field === 'org' ? 'requestedOrgId' : 'requestedClientId']: typeof requested === 'string' ? requested.slice(0, 128).replace(/[^\x20-\x7e]/g, '?') : `(${typeof requested})`,
    },
    `request refused: it named another ${field} than its credentials`,
  );
  if (deps.audit) {
    try {
      await deps.audit.record(decision);
    } catch (error) {
      deps.logger.error({ decisionId: decision.decisionId, error: (error as Error)?.name }, 'could not record the refused request');
    }
  }
  throw new IdentityMismatchError(field);
}

/** One request header as a string (the first, if repeated). */
export function headerOf(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Authenticates an admin route, or throws (401). With no admin keys configured, every request is refused. */
export async function authenticateAdmin(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<AdminCaller> {
  if (!deps.adminAuthenticate) throw new AuthenticationError('unknown_key', 'No admin keys are configured on this server.');
  return deps.adminAuthenticate(ctx.req.headers.authorization);
}
