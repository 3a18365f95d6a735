/**
 * The response of `POST /api/v1/decide`: a Decision in the Decision Mode shape gateways
 * expect. `redact` becomes `allow` plus a `redact` obligation carrying the redacted payload;
 * `require_approval` becomes `needs_approval` plus an `approval` obligation with the approval id.
 */
import type { Decision, EvaluatedPolicy, Obligation } from '../../pdp/decision.js';
import type { MappedDecideRequest } from './decide-request.js';

/** What the gateway does: forward (after applying obligations), block, or wait for a human. */
export type HttpVerdict = 'allow' | 'deny' | 'needs_approval';

export type HttpObligation =
  | { type: 'redact'; styles: Record<string, string>; redacted_query: unknown }
  | { type: 'restore'; tokens: Record<string, string> }
  | { type: 'restore'; tokens_omitted: number }
  | { type: 'warn'; policy_id: string; message: string }
  | { type: 'log'; policy_id: string }
  | { type: 'approval'; policy_ids: string[]; approval_id: string | null; status: 'pending' | 'unavailable' }
  | { type: 'audit'; level: 'full' };

export interface DecideResponse {
  verdict: HttpVerdict;
  decision_id: string;
  reasons: { code: string; message: string; policy_id?: string; detail?: Record<string, unknown> }[];
  obligations: HttpObligation[];
  evaluated_policies: { id: string; matched: boolean; action: string }[];
  /** When the decision stops holding: the approval's expiry, or `null`: do not reuse it. */
  expires_at: string | null;
  trace_id: string | null;
}

/** The approval created for a `require_approval` decision, if any. */
export interface ApprovalTicket {
  approvalId: string;
  expiresAt?: Date | string;
}

const VERDICT: Readonly<Record<Decision['verdict'], HttpVerdict>> = {
  allow: 'allow',
  redact: 'allow',
  require_approval: 'needs_approval',
  deny: 'deny',
};

function redactedQuery(decision: Decision, form: MappedDecideRequest['queryForm']): unknown {
  if (form === 'text') return decision.redactedText;
  if (form === 'messages') return decision.redactedMessages;
  return decision.redactedToolArgs;
}

/** The options of {@link toDecideResponse} and {@link decideResponseJson}. */
export interface DecideResponseOptions {
  queryForm: MappedDecideRequest['queryForm'];
  includeRestoreTokens: boolean;
  approval: ApprovalTicket | null;
}

/**
 * Maps a decision to the Decision Mode response. The `restore` token map (original values) is
 * included only when `includeRestoreTokens` is set; otherwise only its size is reported.
 *
 * @example
 * ```ts
 * const body = toDecideResponse(decision, { queryForm: 'text', includeRestoreTokens: false, approval: null });
 * body.obligations; // [{ type: 'redact', styles: { credit_card: 'mask' }, redacted_query: 'card **** **** **** 1111' }]
 * ```
 */
export function toDecideResponse(decision: Decision, options: DecideResponseOptions): DecideResponse {
  return {
    ...responseHead(decision, options),
    evaluated_policies: decision.evaluatedPolicies.map((p) => ({ id: p.id, matched: p.matched, action: p.action })),
    ...responseTail(decision, options),
  };
}

/**
 * `JSON.stringify(toDecideResponse(decision, options))`, the same text, written without
 * copying `evaluated_policies`: each policy's not-matched entry is one frozen object per
 * compiled policy, so its JSON is made once and reused.
 *
 * @example
 * ```ts
 * res.end(decideResponseJson(decision, { queryForm: 'text', includeRestoreTokens: false, approval: null }));
 * ```
 */
export function decideResponseJson(decision: Decision, options: DecideResponseOptions): string {
  const head = JSON.stringify(responseHead(decision, options));
  const tail = JSON.stringify(responseTail(decision, options));
  return `${head.slice(0, -1)},"evaluated_policies":${evaluatedPoliciesJson(decision.evaluatedPolicies)},${tail.slice(1)}`;
}

/** JSON of frozen evaluated-policy entries, by entry. */
const entryJson = new WeakMap<EvaluatedPolicy, string>();

function evaluatedPoliciesJson(list: readonly EvaluatedPolicy[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    let json = entryJson.get(p);
    if (json === undefined) {
      json = JSON.stringify({ id: p.id, matched: p.matched, action: p.action });
      // Only a frozen entry is sure to say the same next time.
      if (Object.isFrozen(p)) entryJson.set(p, json);
    }
    out += i === 0 ? json : `,${json}`;
  }
  return `${out}]`;
}

/** The fields before `evaluated_policies`, in the response's order. */
function responseHead(decision: Decision, options: DecideResponseOptions): Pick<DecideResponse, 'verdict' | 'decision_id' | 'reasons' | 'obligations'> {
  const obligations: HttpObligation[] = [];
  for (const o of decision.obligations as Obligation[]) {
    switch (o.type) {
      case 'redact': {
        // A deny carries no redacted payload: nothing is forwarded.
        if (decision.verdict === 'deny') break;
        obligations.push({ type: 'redact', styles: { ...o.styles } as Record<string, string>, redacted_query: redactedQuery(decision, options.queryForm) ?? null });
        break;
      }
      case 'restore':
        obligations.push(options.includeRestoreTokens ? { type: 'restore', tokens: { ...o.tokens } } : { type: 'restore', tokens_omitted: Object.keys(o.tokens).length });
        break;
      case 'warn':
        obligations.push({ type: 'warn', policy_id: o.policyId, message: o.message });
        break;
      case 'log':
        obligations.push({ type: 'log', policy_id: o.policyId });
        break;
      case 'approval':
        obligations.push({
          type: 'approval',
          policy_ids: [...o.policyIds],
          approval_id: options.approval?.approvalId ?? null,
          status: options.approval ? 'pending' : 'unavailable',
        });
        break;
      case 'audit':
        obligations.push({ type: 'audit', level: o.level });
        break;
    }
  }
  if (decision.verdict === 'require_approval' && !obligations.some((o) => o.type === 'approval')) {
    obligations.push({ type: 'approval', policy_ids: [], approval_id: options.approval?.approvalId ?? null, status: options.approval ? 'pending' : 'unavailable' });
  }
  return {
    verdict: VERDICT[decision.verdict],
    decision_id: decision.decisionId,
    reasons: decision.reasons.map((r) => ({
      code: r.code,
      message: r.message,
      ...(r.policyId !== undefined ? { policy_id: r.policyId } : {}),
      ...(r.detail !== undefined ? { detail: r.detail } : {}),
    })),
    obligations,
  };
}

/** The fields after `evaluated_policies`. */
function responseTail(decision: Decision, options: DecideResponseOptions): Pick<DecideResponse, 'expires_at' | 'trace_id'> {
  const expires = options.approval?.expiresAt;
  return {
    expires_at: expires === undefined ? null : new Date(expires).toISOString(),
    trace_id: decision.traceId ?? null,
  };
}
