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
 * `restore` needs the input decision's token map, which `guard()` keeps to itself: it is
 * recomputed by the engine (pure and deterministic, so the tokens are the same) only when the
 * input was actually redacted.
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
    (safe) => call({ safe, restore: options.restoreTokens === false || safe === input ? same : restorerFor(gatehouse, identity, input) }),
    { output: false, ...(options.approval ? { approval: options.approval } : {}), ...(options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {}) },
  );
}

const same = (text: string): string => text;

function restorerFor(gatehouse: GatehouseCore, identity: Identity, input: GuardInput): (text: string) => string {
  const decision: Decision = gatehouse.engine.decide({
    ...input,
    stage: input.stage ?? 'input',
    orgId: identity.orgId,
    ...(identity.clientId !== undefined ? { clientId: identity.clientId } : {}),
    ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
    ...(identity.roles !== undefined ? { roles: identity.roles } : {}),
  } as never);
  if (!decision.obligations.some((o) => o.type === 'restore')) return same;
  return (text) => gatehouse.engine.restore(text, decision);
}
