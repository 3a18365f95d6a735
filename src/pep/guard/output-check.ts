/**
 * The output check every enforcement path shares (`guard()`, the adapters' output step, the
 * model-call wrappers): one recorded decision over the output, which either withholds it or
 * releases it redacted, with the values the input decision tokenized put back.
 */
import type { Decision } from '../../pdp/decision.js';
import type { Message } from '../../pdp/request-schema.js';
import { ApprovalRequiredError, PolicyDeniedError } from './errors.js';

/** What an output decision is asked about: the text itself, or one assistant message per text. */
export type OutputBody = { text: string } | { messages: Message[] };

/** One output decision over several texts (choices, content parts), or over the one text. */
export function outputBody(texts: readonly string[]): OutputBody {
  return texts.length === 1 ? { text: texts[0]! } : { messages: texts.map((content) => ({ role: 'assistant', content })) };
}

/**
 * The error an output decision withholds the output with, or `null` when the output may go.
 * `what` names the output in the denial message (`model output`, `tool result`).
 */
export function outputStopError(decision: Decision, what: string): PolicyDeniedError | ApprovalRequiredError | null {
  if (decision.verdict === 'deny') return new PolicyDeniedError(decision, what);
  // An output cannot wait for a human in the middle of a response: it is withheld.
  if (decision.verdict === 'require_approval') return new ApprovalRequiredError(decision, null);
  return null;
}

/** Throws {@link outputStopError} when the decision withholds the output. */
export function enforceOutputDecision(decision: Decision, what: string): void {
  const stop = outputStopError(decision, what);
  if (stop) throw stop;
}

/** The texts as the decision released them: redacted where it redacted, else as they were. */
function releasedTexts(decision: Decision, texts: readonly string[]): string[] {
  if (texts.length === 1) return [decision.redactedText ?? texts[0]!];
  return texts.map((t, i) => {
    const content = decision.redactedMessages?.[i]?.content;
    return typeof content === 'string' ? content : t;
  });
}

export interface OutputCheckOptions {
  /** Names the output in a denial message. */
  what: string;
  /** Puts tokenized input values back into each released text; leave out to keep them tokenized. */
  restore?: ((text: string) => string) | undefined;
}

/**
 * Decides `texts` through `decide` (which makes and records the decision, adding the stage,
 * identity and call facts to the body), throws `PolicyDeniedError` or `ApprovalRequiredError`
 * when the decision withholds them, and resolves with the texts to send: redacted, then restored.
 *
 * @example
 * ```ts
 * const { texts: [reply] } = await checkOutput([text], (body) => core.check(identity, { stage: 'output', ...body }), { what: 'output' });
 * ```
 */
export async function checkOutput(
  texts: readonly string[],
  decide: (body: OutputBody) => Promise<Decision>,
  options: OutputCheckOptions,
): Promise<{ texts: string[]; decision: Decision }> {
  const decision = await decide(outputBody(texts));
  enforceOutputDecision(decision, options.what);
  const released = releasedTexts(decision, texts);
  return { texts: options.restore ? released.map(options.restore) : released, decision };
}
