/**
 * One governed MCP tool call, for the server and the client wrappers alike: a `tool_call`
 * decision on the tool's name, server and arguments (allow and deny lists, SQL injection in SQL
 * arguments, PII), the call with the safe arguments, and a `tool_result` decision on what came
 * back.
 */
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { ApprovalDeniedError, ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import type { AdapterApprovals, ApprovalMode } from '../adapter-kit/adapter-approvals.js';
import { governInput } from '../adapter-kit/govern-input.js';
import { governOutputJson, governOutputText } from '../adapter-kit/govern-output.js';
import { resultPayload, type ToolResultLike } from './tool-result-text.js';

/** Where a caller puts the approval id to resume an approved call: `params._meta`. */
export const APPROVAL_ID_META = 'gatehouse/approval_id';
/** Where a refusal result says why: `result._meta`. */
export const DECISION_META = 'gatehouse/decision';

export interface ToolCallPolicyOptions {
  approvals?: AdapterApprovals | null;
  /** `respond` (default): refuse with the approval id at once; `wait`: hold the call until a reviewer acts. */
  approval?: ApprovalMode;
  approvalTimeoutMs?: number;
  /** Put tokenized argument values back into the result. Default true. */
  restoreTokens?: boolean;
  /** Check the result at the `tool_result` stage. Default true. */
  checkResult?: boolean;
}

export interface ToolCall {
  name: string;
  server?: string | undefined;
  args: unknown;
  /** An approval id the caller sent in `_meta`. */
  approvalId?: string | undefined;
}

/**
 * Runs `call` with the safe arguments when the policy allows it. Throws `PolicyDeniedError`
 * (tool call or result denied), `ApprovalRequiredError` (with the approval id),
 * `ApprovalDeniedError`, `AuditRequiredError` or `ApprovalUnavailableError`.
 *
 * @example
 * ```ts
 * const result = await governToolCall(gh, { orgId: 'acme' }, { name: 'db.query', args: { sql } }, (args) => runQuery(args), {});
 * ```
 */
export async function governToolCall<R extends ToolResultLike>(
  core: GatehouseCore, identity: Identity, call: ToolCall, run: (safeArgs: unknown) => Promise<R>, options: ToolCallPolicyOptions,
): Promise<R> {
  const tool = { name: call.name, ...(call.server !== undefined ? { server: call.server } : {}), ...(call.args !== undefined ? { args: call.args } : {}) };
  const outcome = await governInput(core, identity, { stage: 'tool_call', tool }, {
    approvals: options.approvals ?? null,
    ...(options.approval !== undefined ? { approval: options.approval } : {}),
    ...(options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {}),
    presentedApprovalId: call.approvalId,
    label: `tool ${call.server !== undefined ? `${call.server}/` : ''}${call.name}`,
  });
  switch (outcome.kind) {
    case 'denied': throw new PolicyDeniedError(outcome.decision, 'tool call');
    case 'pending_approval': throw new ApprovalRequiredError(outcome.decision, outcome.approvalId);
    case 'approval_refused': throw new ApprovalDeniedError(outcome.decision, outcome.approvalId, outcome.approvalStatus);
    case 'proceed': break;
  }
  const result = await run(outcome.safe.tool?.args);
  if (options.checkResult === false) return result;
  const payload = resultPayload(result);
  if (!payload) return result;
  // An error result is checked too: error messages echo arguments and rows.
  const outputOptions = { inputDecision: outcome.decision, stage: 'tool_result' as const, restoreTokens: options.restoreTokens ?? true };
  if (payload.kind === 'text') {
    const { text } = await governOutputText(core, identity, payload.text, outputOptions);
    return text === payload.text ? result : payload.write(text);
  }
  const { value, changed } = await governOutputJson(core, identity, payload.value, outputOptions);
  return changed ? payload.write(value) : result;
}
