/**
 * The audit trail of a request that named another org (or client) than its credentials': a
 * `deny` decision in the caller's own chain, with the pseudo-policy `gatehouse:org_mismatch`
 * (or `gatehouse:client_mismatch`) as the deciding entry, so it shows in the audit query and
 * the exported evidence. The org it named is logged, not stored: it is another tenant's name.
 */
import type { Decision } from '../../pdp/decision.js';
import { STAGES, type Stage } from '../../pdp/policy-schema.js';
import { uuidv7 } from '../../pdp/uuidv7.js';
import type { TenantCaller } from '../../crypto/api-keys/authenticate.js';

/** The policy id of the audit record of an org mismatch. */
export const ORG_MISMATCH_POLICY_ID = 'gatehouse:org_mismatch';
/** The policy id of the audit record of a client mismatch. */
export const CLIENT_MISMATCH_POLICY_ID = 'gatehouse:client_mismatch';

/** The org and client ids a request named (in its body or query), as received: untrusted. */
export interface NamedIdentity {
  readonly orgIds: readonly unknown[];
  readonly clientIds: readonly unknown[];
}

/**
 * Which id a request named differently from its credentials: `org` when any named org is not
 * the caller's, else `client` when any named client is not the caller's, else `null` (it named
 * only its own, or nothing). Synchronous, so a route can skip the refusal's async path.
 *
 * @example
 * ```ts
 * mismatchedField({ orgId: 'acme', clientId: 'gw', keyId: 'k', kind: 'tenant', environment: 'live' }, { orgIds: ['acme'], clientIds: ['other'] }); // 'client'
 * ```
 */
export function mismatchedField(caller: TenantCaller, named: NamedIdentity): 'org' | 'client' | null {
  for (const o of named.orgIds) if (o !== caller.orgId) return 'org';
  for (const c of named.clientIds) if (c !== caller.clientId) return 'client';
  return null;
}

/**
 * The deny decision recorded for a mismatching request. Carries no request content: only the
 * caller (from the credentials), the stage if the body had a valid one, and the trace id.
 *
 * @example
 * ```ts
 * await audit.record(identityMismatchDecision(caller, 'org', { stage: body.stage, traceId, policySetVersion: engine.version }));
 * ```
 */
export function identityMismatchDecision(
  caller: TenantCaller,
  field: 'org' | 'client',
  context: { stage?: unknown; traceId?: string | null; policySetVersion: string; userId?: unknown },
): Decision {
  const policyId = field === 'org' ? ORG_MISMATCH_POLICY_ID : CLIENT_MISMATCH_POLICY_ID;
  const stage = (STAGES as readonly unknown[]).includes(context.stage) ? (context.stage as Stage) : null;
  const now = Date.now();
  return {
    decisionId: uuidv7(now),
    verdict: 'deny',
    reasons: [{
      code: 'org_mismatch',
      policyId,
      message: field === 'org' ? 'the request named an org other than its credentials\' org' : 'the request named a client other than its credentials\' client',
      detail: { mismatch: field },
    }],
    evaluatedPolicies: [{ id: policyId, matched: true, action: 'block' }],
    findings: [],
    obligations: [],
    timestamp: new Date(now).toISOString(),
    stage,
    identity: { orgId: caller.orgId, clientId: caller.clientId, userId: null },
    policySetVersion: context.policySetVersion,
    ...(context.traceId ? { traceId: context.traceId } : {}),
  };
}
