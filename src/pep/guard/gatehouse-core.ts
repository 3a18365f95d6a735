import type { BreakerState, Decision } from '../../pdp/decision.js';
import type { PolicyEngine } from '../../pdp/create-policy-engine.js';
import type { Logger } from '../log/logger.js';
import { ApprovalDeniedError, ApprovalRequiredError, AuditRequiredError, PolicyDeniedError } from './errors.js';
import { safeInput, type GuardInput } from './safe-input.js';
import { approvalAllows, DEFAULT_APPROVAL_TIMEOUT_MS, requesterOf, runApprovalRound } from './approval-round.js';
import { checkOutput } from './output-check.js';
import { newTraceId, traceIdFromTraceparent } from './trace-context.js';

/** Who is calling: resolved by the host (or an adapter) before any decision. */
export interface Identity {
  orgId: string;
  clientId?: string;
  userId?: string;
  roles?: string[];
  /** A W3C `traceparent` header; its trace id links the input and output decisions. */
  traceparent?: string;
}

/** Where decisions are recorded. `gatehouse/audit`'s writer fits. */
export interface AuditSink {
  record(decision: Decision, options?: { input?: string | object; durationUs?: number }): Promise<void>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

/** A human-approval queue. `gatehouse`'s approval service fits. */
export interface ApprovalGateway {
  request(input: { orgId: string; decision: Decision; requestedBy?: string | null; reason?: string }): Promise<{ approvalId: string }>;
  /** The reviewer's answer. The call goes through only with `outcome: 'allow'` on an approved or overridden approval. */
  waitFor(orgId: string, approvalId: string, options: { timeoutMs: number }): Promise<{ status: string; outcome?: string | null }>;
}

/** Breaker state for decisions, and where violations are reported for automatic trips. */
export interface BreakerSource {
  snapshot(): readonly BreakerState[];
  recordViolation?(input: { orgId: string; scope: BreakerState['scope']; key: string }): Promise<unknown> | unknown;
}

/** How `guard()` reads and rewrites the callee's result for the output check. */
export interface OutputCodec<R> {
  extract(result: R): string | undefined;
  replace(result: R, text: string): R;
}

export interface GuardOptions<R> {
  /** `wait` (default): wait for a human, up to `approvalTimeoutMs`; `throw`: throw `ApprovalRequiredError` with the approval id. */
  approval?: 'wait' | 'throw';
  approvalTimeoutMs?: number;
  /** How to find the text in the result. Default: a string result, or an object's `text`. `false` skips the output check. */
  output?: OutputCodec<R> | false;
}

export interface GatehouseCoreOptions {
  engine: PolicyEngine;
  audit?: AuditSink | null;
  approvals?: ApprovalGateway | null;
  breakers?: BreakerSource | null;
  logger?: Logger;
  /** Put tokenized input values back into the model's output. Default true. */
  restoreTokens?: boolean;
  approval?: 'wait' | 'throw';
  approvalTimeoutMs?: number;
  /** Called with each decision once it is made (before it is recorded), e.g. to count verdicts. A throw is ignored. */
  onDecision?: (decision: Decision) => void;
}

/** The in-process enforcement point. */
export interface GatehouseCore {
  readonly engine: PolicyEngine;
  /** Decides and records, without calling anything. Throws `AuditRequiredError` if recording fails. */
  check(identity: Identity, request: Omit<GuardInput, 'stage'> & { stage: 'input' | 'output' | 'tool_call' | 'tool_result' }): Promise<Decision>;
  /**
   * Checks the input, calls `fn` with the safe (possibly redacted) input, checks the output,
   * and returns the (possibly redacted) output. Both decisions are recorded under one trace id.
   * `fn` also gets the input decision, e.g. to restore tokenized values in a reply it streams.
   */
  guard<I extends GuardInput, R>(identity: Identity, input: I, fn: (safe: I, decision: Decision) => Promise<R> | R, options?: GuardOptions<R>): Promise<R>;
}

const defaultCodec: OutputCodec<unknown> = {
  extract: (r) => (typeof r === 'string' ? r : r !== null && typeof r === 'object' && typeof (r as { text?: unknown }).text === 'string' ? (r as { text: string }).text : undefined),
  replace: (r, text) => (typeof r === 'string' ? text : { ...(r as object), text }),
};

/**
 * Builds the enforcement point over an engine and optional audit, approvals and breakers.
 * `createGatehouse()` wires the default store-backed ones; this is the seam for tests and for
 * hosts that bring their own.
 *
 * @example
 * ```ts
 * const gh = createGatehouseCore({ engine: createPolicyEngine({ policies }) });
 * const reply = await gh.guard({ orgId: 'acme', userId: 'u1' }, { messages }, (safe) => callModel(safe.messages));
 * ```
 */
export function createGatehouseCore(options: GatehouseCoreOptions): GatehouseCore {
  const { engine } = options;
  const audit = options.audit ?? null;
  const restoreTokens = options.restoreTokens ?? true;

  async function decideAndRecord(identity: Identity, request: Omit<GuardInput, 'stage'> & { stage: string }, traceId: string): Promise<Decision> {
    const t0 = process.hrtime.bigint();
    const breakers = options.breakers;
    const decision = engine.decide(
      {
        ...request,
        orgId: identity.orgId,
        ...(identity.clientId !== undefined ? { clientId: identity.clientId } : {}),
        ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
        ...(identity.roles !== undefined ? { roles: identity.roles } : {}),
        traceId,
      } as never,
      breakers ? { breakers: readBreakers(breakers, identity.orgId, options.logger) } : undefined,
    );
    const durationUs = Number(process.hrtime.bigint() - t0) / 1000;
    try {
      options.onDecision?.(decision);
    } catch {
      // An observer must never change the outcome of a decision.
    }
    if (decision.verdict === 'deny' && breakers?.recordViolation && decision.reasons[0]?.code !== 'circuit_open') {
      const scope = identity.clientId ? 'client' : 'org';
      try {
        await breakers.recordViolation({ orgId: identity.orgId, scope, key: identity.clientId ?? identity.orgId });
      } catch (error) {
        options.logger?.warn({ decisionId: decision.decisionId, error: (error as Error).name }, 'could not record a breaker violation');
      }
    }
    if (audit) {
      try {
        await audit.record(decision, { input: request.text ?? request.messages ?? request.tool ?? '', durationUs });
      } catch (error) {
        throw new AuditRequiredError(decision, error);
      }
    }
    return decision;
  }

  return {
    engine,
    check: (identity, request) => decideAndRecord(identity, request, traceIdFromTraceparent(identity.traceparent) ?? newTraceId()),

    async guard(identity, input, fn, guardOptions = {}) {
      const traceId = traceIdFromTraceparent(identity.traceparent) ?? newTraceId();
      const inputStage = input.stage ?? 'input';
      const before = await decideAndRecord(identity, { ...input, stage: inputStage }, traceId);
      if (before.verdict === 'deny') throw new PolicyDeniedError(before, 'input');
      if (before.verdict === 'require_approval') {
        const mode = guardOptions.approval ?? options.approval ?? 'wait';
        if (!options.approvals) throw new ApprovalRequiredError(before, null);
        const waitMs = mode === 'throw' ? null : (guardOptions.approvalTimeoutMs ?? options.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS);
        const round = await runApprovalRound(options.approvals, { orgId: identity.orgId, decision: before, requestedBy: requesterOf(identity) }, waitMs);
        if (round.step === 'opened') throw new ApprovalRequiredError(before, round.ticket.approvalId);
        if (round.step === 'wait_failed') throw round.error;
        // Approved or overridden, with outcome allow: anything else (rejected, expired, an
        // override to deny, no outcome) stops the call.
        if (!approvalAllows(round.outcome)) throw new ApprovalDeniedError(before, round.ticket.approvalId, round.outcome.status);
      }

      const result = await fn(safeInput(input, before), before);

      const codec = guardOptions.output === undefined ? (defaultCodec as OutputCodec<typeof result>) : guardOptions.output;
      if (codec === false) return result;
      const text = codec.extract(result);
      if (text === undefined) return result;
      const outputStage = inputStage === 'tool_call' ? 'tool_result' : 'output';
      const { texts: [finalText = text] } = await checkOutput(
        [text],
        (body) => decideAndRecord(identity, { stage: outputStage, ...body, ...(input.model ? { model: input.model } : {}), ...(input.provider ? { provider: input.provider } : {}), ...(input.attributes ? { attributes: input.attributes } : {}) }, traceId),
        { what: 'model output', restore: restoreTokens ? (t) => engine.restore(t, before) : undefined },
      );
      return finalText === text ? result : codec.replace(result, finalText);
    },
  };
}

/** Breaker state, or, when it cannot be read, an open breaker over the whole org: fail closed. */
function readBreakers(source: BreakerSource, orgId: string, logger: Logger | undefined): readonly BreakerState[] {
  try {
    return source.snapshot();
  } catch (error) {
    logger?.error({ orgId, error: (error as Error).name }, 'breaker state unavailable: denying');
    return [{ scope: 'org', key: orgId, reason: 'breaker state unavailable' }];
  }
}
