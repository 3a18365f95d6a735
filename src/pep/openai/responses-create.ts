import { InvalidOptionError } from '../../errors.js';
import type { GatehouseCore } from '../guard/gatehouse-core.js';
import { resolveCallIdentity, withTraceparent } from '../model-calls/call-identity.js';
import { governedCall } from '../model-calls/governed-call.js';
import { governOutputTexts, type OutputGovernorOptions } from '../model-calls/governed-output.js';
import type { StreamLike } from './governed-stream.js';
import { readResponsesInput, writeResponsesInput } from './responses-input.js';
import { responseTexts, rewriteResponse } from './responses-output.js';
import { governResponseStream } from './responses-stream.js';
import type { WrapOpenAIOptions } from './wrap-options.js';

type Create = (body: Record<string, unknown>, requestOptions?: unknown) => PromiseLike<unknown>;

/**
 * `responses.create`, governed: `instructions` and `input` are checked before any request is
 * made, and the response (or its event stream) is checked after.
 */
export function governedResponsesCreate(create: Create, gatehouse: GatehouseCore, options: WrapOpenAIOptions) {
  return async function create_(body: Record<string, unknown>, requestOptions?: unknown): Promise<unknown> {
    if (body === null || typeof body !== 'object') throw new InvalidOptionError('responses.create needs a body object.');
    const context = { method: 'responses.create' as const, params: body };
    const identity = withTraceparent(await resolveCallIdentity(options, context));
    const view = readResponsesInput(body);
    const model = typeof body.model === 'string' ? body.model : undefined;
    const provider = options.provider ?? 'openai';
    const attributes = options.attributes?.(context);
    const facts = { ...(model ? { model } : {}), provider, ...(attributes ? { attributes } : {}) };
    return governedCall(gatehouse, identity, { messages: view.messages, ...facts }, async ({ safe, restore }) => {
      const sent = safe.messages === view.messages ? body : writeResponsesInput(body, view, safe.messages!);
      const result = await create(sent, requestOptions);
      const output: OutputGovernorOptions = { gatehouse, identity, facts, restore, ...(options.stream ? { stream: options.stream } : {}) };
      if (body.stream === true) return governResponseStream(result as StreamLike<Record<string, unknown>>, output);
      const response = result as { output?: unknown; output_text?: unknown };
      const texts = responseTexts(response);
      const redacted = await governOutputTexts(output, texts.length ? texts.map((t) => t.text) : ['']);
      const byKey = new Map(texts.map((t, i) => [t.key, redacted[i]!]));
      return rewriteResponse(response, (key, text) => byKey.get(key) ?? text);
    }, options);
  };
}
