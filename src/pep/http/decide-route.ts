/**
 * `POST /api/v1/decide`: authenticate the tenant, read the body, refuse (and audit) a body
 * that names another org or client, decide through the enforcement core (which records the
 * decision), open an approval for `require_approval`, answer in the Decision Mode shape.
 */
import type { Identity } from '../guard/gatehouse-core.js';
import { mapDecideBody, namedIdentity } from './decide-request.js';
import { decideResponseJson, type ApprovalTicket } from './decide-response.js';
import type { ResolvedHandlerOptions } from './handler-options.js';
import { authenticateTenant, headerOf, refuseIdentityMismatch } from './caller-identity.js';
import { HttpRequestError, InvalidHttpRequestError } from './http-errors.js';
import { readJsonBody } from './read-json-body.js';
import type { RequestContext } from './request-context.js';
import { sendJsonText } from './send-json.js';

/** The decide route. */
export async function handleDecide(ctx: RequestContext, deps: ResolvedHandlerOptions): Promise<void> {
  const caller = await authenticateTenant(ctx, deps);
  ctx.reading = true;
  const body = await readJsonBody(ctx.req, deps.bodyLimitBytes);
  ctx.reading = false;
  const named = namedIdentity(body);
  // Most bodies name no other org or client: no refusal to await (a promise and a turn per request).
  const refused = refuseIdentityMismatch(ctx, deps, caller, named, (body as { stage?: unknown } | null)?.stage);
  if (refused !== undefined) await refused;
  const mapped = mapDecideBody(body);

  const traceparent = headerOf(ctx, 'traceparent');
  const identity: Identity = {
    orgId: caller.orgId,
    clientId: caller.clientId,
    ...(mapped.userId !== undefined ? { userId: mapped.userId } : {}),
    ...(mapped.roles !== undefined ? { roles: mapped.roles } : {}),
    ...(traceparent !== undefined ? { traceparent } : {}),
  };
  const decision = await deps.core.check(identity, mapped.request);
  if (decision.reasons[0]?.code === 'invalid_request' && decision.issues) {
    throw new InvalidHttpRequestError(decision.issues, 'decide request');
  }

  let approval: ApprovalTicket | null = null;
  if (decision.verdict === 'require_approval' && deps.approvals) {
    try {
      approval = await deps.approvals.request({ orgId: caller.orgId, decision, requestedBy: mapped.userId ?? caller.clientId });
    } catch (error) {
      deps.logger.error({ decisionId: decision.decisionId, error: (error as Error)?.name }, 'could not create the approval request');
      throw new HttpRequestError(503, 'APPROVAL_UNAVAILABLE', `The decision (${decision.decisionId}) needs approval, but the approval request could not be created. Retry later.`, { headers: { 'retry-after': '1' } });
    }
  }

  sendJsonText(ctx.res, 200, decideResponseJson(decision, { queryForm: mapped.queryForm, includeRestoreTokens: mapped.includeRestoreTokens, approval }));
  deps.metrics.observeDecision(decision.verdict, Number(process.hrtime.bigint() - ctx.started) / 1e9);
}
