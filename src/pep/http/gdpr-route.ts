/**
 * `POST /api/v1/gdpr/delete` (admin key only): erases a data subject from one org's tables.
 * Queued audit records are flushed first, so none of the subject's lands after the erasure.
 */
import { z } from 'zod';
import { ORG_ID_PATTERN } from '../../org-id-format.js';
import { issuesOf } from './decide-request.js';
import type { ResolvedHandlerOptions } from './handler-options.js';
import { InvalidHttpRequestError, RouteNotConfiguredError } from './http-errors.js';
import { readJsonBody } from './read-json-body.js';
import type { RequestContext } from './request-context.js';
import { sendJson } from './send-json.js';
import { authenticateAdmin } from './caller-identity.js';

export const GdprDeleteBodySchema = z.object({
  org_id: z.string().regex(ORG_ID_PATTERN, 'must be an org id: 1-128 characters of A-Z a-z 0-9 _ . : -'),
  user_id: z.string().min(1).max(1024).refine((v) => !v.includes('\0'), 'must not contain NUL'),
  /** A ticket or request id, kept with the erasure's own audit record. */
  request_ref: z.string().min(1).max(1024).refine((v) => !v.includes('\0'), 'must not contain NUL').optional(),
}).strict();

/** The GDPR erasure route. */
export async function handleGdprDelete(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  const admin = await authenticateAdmin(ctx, deps);
  if (!deps.auditRecords) throw new RouteNotConfiguredError('The audit store');
  ctx.reading = true;
  const body = await readJsonBody(ctx.req, deps.bodyLimitBytes);
  ctx.reading = false;
  const parsed = GdprDeleteBodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidHttpRequestError(issuesOf(parsed.error), 'erasure request');
  const { org_id: orgId, user_id: userId, request_ref: requestRef } = parsed.data;
  await deps.audit?.flush?.();
  const result = await deps.auditRecords.erase(orgId, { userId, ...(requestRef !== undefined ? { requestRef } : {}) });
  deps.logger.warn({ orgId, keyId: admin.keyId, erasureSeq: result.erasureSeq }, 'data subject erased');
  sendJson(ctx.res, 200, { org_id: result.orgId, user_digest: result.userDigest, rows: result.rows, erasure_seq: result.erasureSeq });
}
