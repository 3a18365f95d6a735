/**
 * The output half: checks what the handler, model or tool produced, redacts it, and puts back
 * the values the input decision tokenized. The output decision shares the input's trace id.
 */
import { randomBytes } from 'node:crypto';
import type { Decision } from '../../pdp/decision.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { GatehouseTypeError } from '../../errors.js';
import { checkOutput, enforceOutputDecision } from '../guard/output-check.js';

export interface GovernOutputOptions {
  /** The input decision: its trace id links the two, its `restore` obligation un-tokenizes. */
  inputDecision?: Decision | null;
  stage?: 'output' | 'tool_result';
  /** Put tokenized input values back. Default true. */
  restoreTokens?: boolean;
  model?: string;
}

/** The identity with a `traceparent` that carries the input decision's trace id. */
function linked(identity: Identity, decision: Decision | null | undefined): Identity {
  const traceId = decision?.traceId;
  if (!traceId || !/^[0-9a-f]{32}$/.test(traceId)) return identity;
  return { ...identity, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

function outputName(stage: 'output' | 'tool_result'): string {
  return stage === 'tool_result' ? 'tool result' : 'output';
}

/**
 * Checks `text` at the output stage. Resolves with the text to send (redacted, then restored)
 * and the decision; rejects with `PolicyDeniedError` or `ApprovalRequiredError` when the text
 * must not be sent, and with `AuditRequiredError` when the decision cannot be recorded.
 *
 * @example
 * ```ts
 * const { text } = await governOutputText(core, identity, modelReply, { inputDecision });
 * ```
 */
export async function governOutputText(core: GatehouseCore, identity: Identity, text: string, options: GovernOutputOptions = {}): Promise<{ text: string; decision: Decision }> {
  const stage = options.stage ?? 'output';
  const inputDecision = options.restoreTokens !== false ? options.inputDecision : null;
  const { texts: [out = text], decision } = await checkOutput(
    [text],
    (body) => core.check(linked(identity, options.inputDecision), { stage, ...body, ...(options.model ? { model: options.model } : {}) }),
    { what: outputName(stage), restore: inputDecision ? (t) => core.engine.restore(t, inputDecision) : undefined },
  );
  return { text: out, decision };
}

/** Every string leaf of a JSON value, rewritten by `fn`. */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}

/**
 * Checks a JSON value as one JSON text (redacted leaf by leaf, keys acting as labels) and
 * returns the redacted value, with tokenized input values restored leaf by leaf. `changed`
 * is false when nothing was rewritten (the caller can keep its original bytes).
 *
 * @example
 * ```ts
 * const { value } = await governOutputJson(core, identity, { reply: 'card 4111 1111 1111 1111' });
 * value.reply; // 'card **** **** **** 1111'
 * ```
 */
export async function governOutputJson<T>(core: GatehouseCore, identity: Identity, value: T, options: GovernOutputOptions = {}): Promise<{ value: T; decision: Decision; changed: boolean }> {
  const text = JSON.stringify(value);
  if (text === undefined) throw new GatehouseTypeError('governOutputJson needs a JSON value (an object, array, string, number, boolean or null).');
  const stage = options.stage ?? 'output';
  const after = await core.check(linked(identity, options.inputDecision), { stage, text, ...(options.model ? { model: options.model } : {}) });
  enforceOutputDecision(after, outputName(stage));
  let out: unknown = after.redactedText !== undefined && after.redactedText !== text ? JSON.parse(after.redactedText) : value;
  let changed = out !== value;
  const restoring = options.restoreTokens !== false && options.inputDecision?.obligations.some((o) => o.type === 'restore');
  if (restoring) {
    const before = JSON.stringify(out);
    out = mapStrings(out, (s) => core.engine.restore(s, options.inputDecision!));
    changed ||= JSON.stringify(out) !== before;
  }
  return { value: out as T, decision: after, changed };
}
