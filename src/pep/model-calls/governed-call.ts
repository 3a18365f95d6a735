import type { Decision } from '../../pdp/decision.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import type { GuardInput } from '../guard/safe-input.js';

/** Options every model adapter passes through to `guard()`. */
export interface ApprovalOptions {
  /** `wait` (default): wait for a human; `throw`: throw `ApprovalRequiredError` with the approval id. */
  approval?: 'wait' | 'throw';
  approvalTimeoutMs?: number;
}

/** What the call gets once its input passed: the safe input, and how to put tokenized values back. */
export interface CallContext<I> {
  safe: I;
  /** Puts the values the input decision tokenized back into model output (identity when none were). */
  restore: (text: string) => string;
}

/**
 * Checks the input of a model call with `guard()` (deny, approval, redaction, audit) and runs
 * `call` with the safe input. The output is left to the caller (`output: false`), because a
 * model's reply may be a stream, checked as it arrives.
 *
 * `restore` uses the input decision's token map, which `guard()` hands to the callee.
 */
export async function governedCall<I extends GuardInput, R>(
  gatehouse: GatehouseCore,
  identity: Identity,
  input: I,
  call: (context: CallContext<I>) => Promise<R>,
  options: ApprovalOptions & { restoreTokens?: boolean } = {},
): Promise<R> {
  return gatehouse.guard(
    identity,
    input,
    (safe, decision) => call({ safe, restore: options.restoreTokens === false ? same : restorerFor(gatehouse, decision) }),
    { output: false, ...(options.approval ? { approval: options.approval } : {}), ...(options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {}) },
  );
}

const same = (text: string): string => text;

function restorerFor(gatehouse: GatehouseCore, decision: Decision): (text: string) => string {
  if (!decision.obligations.some((o) => o.type === 'restore')) return same;
  return (text) => gatehouse.engine.restore(text, decision);
}
