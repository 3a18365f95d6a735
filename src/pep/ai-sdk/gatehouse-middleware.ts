import { InvalidOptionError } from '../../errors.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { assertIdentitySource, resolveCallIdentity, withTraceparent } from '../model-calls/call-identity.js';
import { governedCall, type ApprovalOptions } from '../model-calls/governed-call.js';
import { governOutputTexts, type CallFacts, type OutputGovernorOptions, type StreamWindowOptions } from '../model-calls/governed-output.js';
import type { CallOptions, GenerateResult, LanguageModel, LanguageModelMiddleware } from './ai-sdk-types.js';
import { messagesToPrompt, promptToMessages } from './prompt-messages.js';
import { governedPartStream } from './stream-parts.js';

/** What `resolveIdentity` is given: the operation, its parameters and the model. */
export interface AiSdkCallContext {
  type: 'generate' | 'stream';
  params: CallOptions;
  model: LanguageModel;
}

interface CommonOptions extends ApprovalOptions {
  /** Put the values the input decision tokenized back into the reply. Default true. */
  restoreTokens?: boolean;
  /** Host facts for conditions (`attributes.*`), per call. */
  attributes?: (context: AiSdkCallContext) => Record<string, unknown> | undefined;
  /** The stream redactor's window (see `createStreamRedactor`). */
  stream?: StreamWindowOptions;
}

/** Options of {@link gatehouseMiddleware}: who is calling (fixed, or resolved per call), and how calls are governed. */
export type GatehouseMiddlewareOptions = CommonOptions &
  ({ identity: Identity; resolveIdentity?: undefined } | { identity?: undefined; resolveIdentity: (context: AiSdkCallContext) => Identity | Promise<Identity> });

/** What `transformParams` learned about a call, for the wrap functions that follow it. */
interface CallState {
  output: OutputGovernorOptions;
}

/**
 * A Vercel AI SDK `LanguageModelMiddleware` that governs every call of the wrapped model:
 *
 * - `transformParams`: an input decision on the prompt. `deny` throws `PolicyDeniedError` (no
 *   call is made), `require_approval` waits for (or throws) an approval, `redact` rewrites the
 *   prompt's text parts.
 * - `wrapGenerate`: the reply's text and reasoning are checked at the output stage and redacted.
 * - `wrapStream`: `text-delta` and `reasoning-delta` parts pass through the stream redactor, so a
 *   value split across deltas never appears; the output decision is recorded when the stream ends.
 *
 * Both decisions of a call are audited under one trace id.
 *
 * @example
 * ```ts
 * import { generateText, wrapLanguageModel } from 'ai';
 * import { gatehouseMiddleware } from 'gatehouse/ai-sdk';
 *
 * const model = wrapLanguageModel({ model: openai('gpt-4.1'), middleware: gatehouseMiddleware(gatehouse, { identity: { orgId: 'acme', userId: 'u1' } }) });
 * const { text } = await generateText({ model, prompt: 'Summarise the refund for card 4111 1111 1111 1111' });
 * ```
 */
export function gatehouseMiddleware(gatehouse: GatehouseCore, options: GatehouseMiddlewareOptions): LanguageModelMiddleware {
  if (gatehouse === null || typeof gatehouse !== 'object' || typeof gatehouse.guard !== 'function' || typeof gatehouse.check !== 'function') {
    throw new InvalidOptionError('gatehouseMiddleware needs a Gatehouse enforcement point (createGatehouseCore(...) or createGatehouse(...)) as its first argument.');
  }
  assertIdentitySource(options, 'gatehouseMiddleware');
  const calls = new WeakMap<object, CallState>();

  async function stateFor(params: CallOptions, model: LanguageModel, type: 'generate' | 'stream'): Promise<CallState> {
    const known = calls.get(params);
    if (known) return known;
    // Only when transformParams did not run for these params (another middleware replaced them):
    // the output is still governed, under a trace of its own.
    const identity = withTraceparent(await resolveCallIdentity(options, { type, params, model }));
    return { output: outputOptions(identity, factsOf(model, options.attributes?.({ type, params, model }))) };
  }

  function outputOptions(identity: Identity, facts: CallFacts, restore?: (text: string) => string): OutputGovernorOptions {
    return { gatehouse, identity, facts, ...(restore ? { restore } : {}), ...(options.stream ? { stream: options.stream } : {}) };
  }

  return {
    middlewareVersion: 'v2',

    async transformParams({ params, type, model }) {
      const context = { type, params, model };
      const identity = withTraceparent(await resolveCallIdentity(options, context));
      const facts = factsOf(model, options.attributes?.(context));
      const view = promptToMessages(params.prompt);
      return governedCall(gatehouse, identity, { messages: view, ...facts }, async ({ safe, restore }) => {
        const next: CallOptions = safe.messages === view ? { ...params } : { ...params, prompt: messagesToPrompt(params.prompt, view, safe.messages!) };
        calls.set(next, { output: outputOptions(identity, facts, restore) });
        return next;
      }, options);
    },

    async wrapGenerate({ doGenerate, params, model }) {
      const { output } = await stateFor(params, model, 'generate');
      const result = await doGenerate();
      return governGenerated(result, output);
    },

    async wrapStream({ doStream, params, model }) {
      const { output } = await stateFor(params, model, 'stream');
      const { stream, ...rest } = await doStream();
      return { ...rest, stream: stream.pipeThrough(governedPartStream(output)) };
    },
  };
}

function factsOf(model: LanguageModel, attributes: Record<string, unknown> | undefined): CallFacts {
  return { model: model.modelId, provider: model.provider, ...(attributes ? { attributes } : {}) };
}

/** The generated content with its text and reasoning parts redacted (one output decision over all of them). */
async function governGenerated(result: GenerateResult, output: OutputGovernorOptions): Promise<GenerateResult> {
  const slots: number[] = [];
  const texts: string[] = [];
  result.content.forEach((part, i) => {
    if ((part.type === 'text' || part.type === 'reasoning') && part.text !== '') {
      slots.push(i);
      texts.push(part.text);
    }
  });
  const redacted = await governOutputTexts(output, texts.length ? texts : ['']);
  const content = [...result.content];
  slots.forEach((i, k) => {
    content[i] = { ...(content[i] as { type: 'text'; text: string }), text: redacted[k]! };
  });
  return { ...result, content };
}
