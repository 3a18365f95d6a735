/**
 * `GET /api/v1/audit`: the caller's org's audit records, newest or oldest first, one page at
 * a time (keyset pagination: pass `next_cursor` back as `cursor`). Needs `audit:read`.
 *
 * API keys carry no roles of their own: the roles of an API-key caller are whatever
 * `callerRoles(caller)` says (`gatehouse serve`: the role bindings of subject `client:<clientId>`
 * in the org). With no role source, or no role granting `audit:read`, the answer is 403.
 */
import { z } from 'zod';
import type { StoredAuditRecord } from '../../audit/stored-record.js';
import { PermissionDeniedError } from '../../crypto/rbac/rbac-errors.js';
import { VERDICTS } from '../../pdp/decision.js';
import { authenticateTenant, refuseIdentityMismatch } from './caller-identity.js';
import { issuesOf } from './decide-request.js';
import type { ResolvedHandlerOptions } from './handler-options.js';
import { InvalidHttpRequestError, RouteNotConfiguredError } from './http-errors.js';
import type { RequestContext } from './request-context.js';
import { sendJson } from './send-json.js';

const Instant = z.iso.datetime({ offset: true });

export const AuditQueryParamsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(200).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  verdict: z.string().transform((v) => v.split(',')).pipe(z.array(z.enum(VERDICTS)).min(1)).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  user_id: z.string().min(1).max(1024).optional(),
  client_id: z.string().min(1).max(1024).optional(),
  /** May repeat the credentials' org; another org is a 403 (and audited). */
  org_id: z.string().optional(),
}).strict();

const hex = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'));

/** A stored record as JSON: bytes as hex, times as ISO 8601. */
export function auditRecordJson(r: StoredAuditRecord): Record<string, unknown> {
  return {
    seq: r.seq,
    decision_id: r.decisionId,
    org_id: r.orgId,
    client_id: r.clientId,
    user_id: r.userId,
    stage: r.stage,
    verdict: r.verdict,
    evaluated_policies: r.evaluatedPolicies,
    finding_counts: r.findingCounts,
    input_digest: hex(r.inputDigest),
    user_digest: hex(r.userDigest),
    redacted_text: r.redactedText,
    text_digest: hex(r.textDigest),
    created_at: r.createdAt.toISOString(),
    duration_us: r.durationUs,
    trace_id: r.traceId,
    policy_set_version: r.policySetVersion,
    prev_hash: hex(r.prevHash),
    hash: hex(r.hash),
  };
}

/** One query-string parameter per name; a repeated one is refused rather than guessed at. */
function queryParams(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [k, v] of new URLSearchParams(search)) {
    if (seen.has(k)) throw new InvalidHttpRequestError([{ path: [k], message: 'is given more than once' }], 'audit query');
    seen.add(k);
    out[k] = v;
  }
  return out;
}

/** The audit route. */
export async function handleAuditQuery(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  if (!deps.auditRecords) throw new RouteNotConfiguredError('The audit store');
  const caller = await authenticateTenant(ctx, deps);
  const raw = queryParams(ctx.search);
  const refused = refuseIdentityMismatch(ctx, deps, caller, { orgIds: raw.org_id !== undefined ? [raw.org_id] : [], clientIds: [] });
  if (refused !== undefined) await refused;
  const roles = deps.callerRoles ? await deps.callerRoles(caller) : null;
  if (roles === null || !(await deps.authorize({ orgId: caller.orgId, roles: [...roles] }, 'audit:read'))) {
    throw new PermissionDeniedError('audit:read', caller.orgId);
  }
  const parsed = AuditQueryParamsSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidHttpRequestError(issuesOf(parsed.error), 'audit query');
  const q = parsed.data;
  const page = await deps.auditRecords.query(caller.orgId, {
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    ...(q.order !== undefined ? { order: q.order } : {}),
    ...(q.verdict !== undefined ? { verdict: q.verdict } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.user_id !== undefined ? { userId: q.user_id } : {}),
    ...(q.client_id !== undefined ? { clientId: q.client_id } : {}),
  });
  sendJson(ctx.res, 200, { records: page.records.map(auditRecordJson), next_cursor: page.nextCursor });
}
