import type { GatehouseCore } from '../guard/gatehouse-core.js';
import { resolveCallIdentity, withTraceparent } from '../model-calls/call-identity.js';
import { governedCall } from '../model-calls/governed-call.js';
import type { OutputGovernorOptions } from '../model-calls/governed-output.js';
import { governChatCompletion, type ChatCompletionLike } from './chat-completion-output.js';
import { toEngineMessages, withRedactedContent, type ChatMessageLike } from './chat-messages.js';
import { governChatStream, type ChatChunkLike } from './chat-stream.js';
import type { StreamLike } from './governed-stream.js';
import type { WrapOpenAIOptions } from './wrap-options.js';
import { InvalidOptionError } from '../../errors.js';

type Create = (body: Record<string, unknown>, requestOptions?: unknown) => PromiseLike<unknown>;

/**
 * `chat.completions.create`, governed: the messages are checked before any request is made
 * (deny throws, redaction changes what is sent), and the reply is checked after, streamed or not.
 */
export function governedChatCreate(create: Create, gatehouse: GatehouseCore, options: WrapOpenAIOptions) {
  return async function create_(body: Record<string, unknown>, requestOptions?: unknown): Promise<unknown> {
    if (body === null || typeof body !== 'object' || !Array.isArray(body.messages)) {
      throw new InvalidOptionError('chat.completions.create needs a body with a messages array.');
    }
    const context = { method: 'chat.completions.create' as const, params: body };
    const identity = withTraceparent(await resolveCallIdentity(options, context));
    const messages = body.messages as ChatMessageLike[];
    const engineMessages = toEngineMessages(messages);
    const model = typeof body.model === 'string' ? body.model : undefined;
    const provider = options.provider ?? 'openai';
    const attributes = options.attributes?.(context);
    const facts = { ...(model ? { model } : {}), provider, ...(attributes ? { attributes } : {}) };
    return governedCall(gatehouse, identity, { messages: engineMessages, ...facts }, async ({ safe, restore }) => {
      const sent = safe.messages === engineMessages ? body : { ...body, messages: withRedactedContent(messages, engineMessages, safe.messages!) };
      const result = await create(sent, requestOptions);
      const output: OutputGovernorOptions = { gatehouse, identity, facts, restore, ...(options.stream ? { stream: options.stream } : {}) };
      if (body.stream === true) return governChatStream(result as StreamLike<ChatChunkLike>, output);
      return governChatCompletion(result as ChatCompletionLike, output);
    }, options);
  };
}
