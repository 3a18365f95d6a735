import { InvalidOptionError } from '../../errors.js';
import type { GatehouseCore } from '../guard/gatehouse-core.js';
import { assertIdentitySource } from '../model-calls/call-identity.js';
import { governedChatCreate } from './chat-create.js';
import { overlay } from './client-proxy.js';
import { UngovernedMethodError } from './openai-errors.js';
import { governedResponsesCreate } from './responses-create.js';
import type { WrapOpenAIOptions } from './wrap-options.js';

type Create = (body: Record<string, unknown>, requestOptions?: unknown) => PromiseLike<unknown>;

const refuse = (method: string, instead: string) => () => () => {
  throw new UngovernedMethodError(method, instead);
};

/**
 * Wraps an `openai` client so that `chat.completions.create` and `responses.create` are governed:
 *
 * - **input**: the messages (or `instructions` and `input`) get an input decision before any
 *   HTTP request. `deny` throws `PolicyDeniedError`, `require_approval` waits for (or throws)
 *   an approval, and `redact` sends the redacted messages instead of the caller's.
 * - **output**: a reply's text is redacted; with `stream: true` every delta passes through the
 *   stream redactor, so a value split across SSE chunks never appears, and the output decision
 *   over the whole reply is recorded when the stream ends. Both decisions share one trace id.
 *
 * Every other method is the client's own. The SDK helpers that would call the model around
 * the governed `create()` (`chat.completions.parse`, `.stream`, `.runTools`, `responses.parse`,
 * `.stream`) throw `UngovernedMethodError`. The governed `create()` returns a plain promise
 * (no `.withResponse()`).
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { wrapOpenAI } from 'gatehouse/openai';
 *
 * const openai = wrapOpenAI(new OpenAI(), gatehouse, { identity: { orgId: 'acme', userId: 'u1' } });
 * const stream = await openai.chat.completions.create({ model: 'gpt-4.1', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
 * ```
 */
export function wrapOpenAI<C extends object>(client: C, gatehouse: GatehouseCore, options: WrapOpenAIOptions): C {
  if (client === null || typeof client !== 'object') throw new InvalidOptionError('wrapOpenAI needs an OpenAI client: wrapOpenAI(new OpenAI(), gatehouse, { identity }).');
  if (gatehouse === null || typeof gatehouse !== 'object' || typeof gatehouse.guard !== 'function' || typeof gatehouse.check !== 'function') {
    throw new InvalidOptionError('wrapOpenAI needs a Gatehouse enforcement point (createGatehouseCore(...) or createGatehouse(...)) as its second argument.');
  }
  assertIdentitySource(options, 'wrapOpenAI');
  return wrapClient(client, gatehouse, options);
}

function wrapClient<C extends object>(client: C, gatehouse: GatehouseCore, options: WrapOpenAIOptions): C {
  const methodOf = (target: object, name: string): Create => {
    const fn = Reflect.get(target, name, target);
    if (typeof fn !== 'function') throw new InvalidOptionError(`This client has no ${name}() to wrap: is it an openai v5+ client?`);
    return (body, requestOptions) => fn.call(target, body, requestOptions);
  };
  return overlay(client, {
    chat: (chat) => overlay(chat as object, {
      completions: (completions) => overlay(completions as object, {
        create: () => governedChatCreate(methodOf(completions as object, 'create'), gatehouse, options),
        parse: refuse('chat.completions.parse', 'chat.completions.create() and parse the JSON yourself'),
        stream: refuse('chat.completions.stream', 'chat.completions.create({ ..., stream: true })'),
        runTools: refuse('chat.completions.runTools', 'chat.completions.create() with your own tool loop'),
      }),
    }),
    responses: (responses) => overlay(responses as object, {
      create: () => governedResponsesCreate(methodOf(responses as object, 'create'), gatehouse, options),
      parse: refuse('responses.parse', 'responses.create()'),
      stream: refuse('responses.stream', 'responses.create({ ..., stream: true })'),
    }),
    withOptions: (withOptions) => (...args: unknown[]) => wrapClient((withOptions as (...a: unknown[]) => C).apply(client, args), gatehouse, options),
  });
}
