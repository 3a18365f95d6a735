/**
 * Admin routes for the circuit breakers (admin key only), when the server has a breaker
 * service: `GET /api/v1/admin/orgs/{org}/breakers` (tripped breakers),
 * `POST …/breakers/trip` and `POST …/breakers/reset`. The history records the admin key id
 * as the actor, plus the operator's name when the body gives one.
 */
import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../org-id-format.js';
import type { Actor } from '../access/actor.js';
import type { AdminCaller } from '../../crypto/api-keys/authenticate.js';
import { issuesOf } from './decide-request.js';
import { authenticateAdmin } from './caller-identity.js';
import type { BreakerAdmin, ResolvedHandlerOptions } from './handler-options.js';
import { InvalidHttpRequestError, RouteNotConfiguredError } from './http-errors.js';
import { readJsonBody } from './read-json-body.js';
import type { RequestContext } from './request-context.js';
import { sendJson } from './send-json.js';

const Scope = z.enum(['org', 'client', 'policy', 'model', 'tool']);
const Operator = z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

export const BreakerTripBodySchema = z.object({
  scope: Scope,
  key: z.string().min(1).max(256).optional(),
  reason: z.string().trim().min(1, 'must say why').max(1000),
  duration_ms: z.number().int().positive().optional(),
  expires_at: z.iso.datetime({ offset: true }).optional(),
  /** Who is operating (recorded with the admin key id). */
  operator: Operator.optional(),
}).strict();

export const BreakerResetBodySchema = z.object({
  scope: Scope,
  key: z.string().min(1).max(256).optional(),
  reason: z.string().trim().min(1, 'must say why').max(1000),
  operator: Operator.optional(),
}).strict();

function breakerAdmin(deps: ResolvedHandlerOptions): BreakerAdmin {
  const b = deps.breakers;
  if (!b || typeof b.status !== 'function' || typeof b.trip !== 'function' || typeof b.reset !== 'function') throw new RouteNotConfiguredError('The circuit-breaker service');
  return b as BreakerAdmin;
}

function orgParam(ctx: RequestContext): string {
  const org = ctx.params.org ?? '';
  if (!ORG_ID_PATTERN.test(org)) throw new InvalidHttpRequestError([{ path: ['org'], message: 'must be an org id: 1-128 characters of A-Z a-z 0-9 _ . : -' }], 'org in the path');
  return org;
}

/**
 * The breaker service checks `breaker:trip` on the actor; an admin key is a platform operator,
 * so it acts with the built-in `admin` role in the org it names.
 */
function adminActor(admin: AdminCaller, orgId: string, operator: string | undefined): Actor {
  const id = operator === undefined ? `admin-key:${admin.keyId}` : `${operator} (admin-key:${admin.keyId})`;
  return { id, orgId, roles: ['admin'] };
}

async function parsedBody<T extends z.ZodType>(ctx: RequestContext, deps: ResolvedHandlerOptions, schema: T, what: string): Promise<z.infer<T>> {
  ctx.reading = true;
  const body = await readJsonBody(ctx.req, deps.bodyLimitBytes);
  ctx.reading = false;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidHttpRequestError(issuesOf(parsed.error), what);
  return parsed.data;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** `GET /api/v1/admin/orgs/{org}/breakers`. */
export async function handleBreakerStatus(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  await authenticateAdmin(ctx, deps);
  const service = breakerAdmin(deps);
  const orgId = orgParam(ctx);
  const tripped = await service.status(orgId);
  sendJson(ctx.res, 200, {
    org_id: orgId,
    breakers: tripped.map((b) => ({ scope: b.scope, key: b.key, reason: b.reason, tripped_by: b.trippedBy, tripped_at: iso(b.trippedAt), expires_at: iso(b.expiresAt) })),
  });
}

/** `POST /api/v1/admin/orgs/{org}/breakers/trip`. */
export async function handleBreakerTrip(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  const admin = await authenticateAdmin(ctx, deps);
  const service = breakerAdmin(deps);
  const orgId = orgParam(ctx);
  const body = await parsedBody(ctx, deps, BreakerTripBodySchema, 'breaker trip');
  const state = await service.trip({
    orgId, scope: body.scope, reason: body.reason, actor: adminActor(admin, orgId, body.operator),
    ...(body.key !== undefined ? { key: body.key } : {}),
    ...(body.duration_ms !== undefined ? { durationMs: body.duration_ms } : {}),
    ...(body.expires_at !== undefined ? { expiresAt: body.expires_at } : {}),
  });
  deps.logger.warn({ orgId, scope: state.scope, key: state.key, keyId: admin.keyId }, 'circuit breaker tripped over HTTP');
  sendJson(ctx.res, 200, { org_id: orgId, scope: state.scope, key: state.key, reason: state.reason ?? null, expires_at: state.expiresAt ?? null });
}

/** `POST /api/v1/admin/orgs/{org}/breakers/reset`. */
export async function handleBreakerReset(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  const admin = await authenticateAdmin(ctx, deps);
  const service = breakerAdmin(deps);
  const orgId = orgParam(ctx);
  const body = await parsedBody(ctx, deps, BreakerResetBodySchema, 'breaker reset');
  const { wasTripped } = await service.reset({
    orgId, scope: body.scope, reason: body.reason, actor: adminActor(admin, orgId, body.operator),
    ...(body.key !== undefined ? { key: body.key } : {}),
  });
  deps.logger.warn({ orgId, scope: body.scope, keyId: admin.keyId, wasTripped }, 'circuit breaker reset over HTTP');
  sendJson(ctx.res, 200, { org_id: orgId, scope: body.scope, key: body.key ?? orgId, was_tripped: wasTripped });
}
