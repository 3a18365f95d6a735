/**
 * A Vercel AI SDK language model (specification v2) that talks to an OpenAI-wire server such as
 * the local stub (openai-stub.ts) over HTTP: `POST /chat/completions`, with `stream: true` for
 * `doStream`. Written by hand so the examples and tests need no provider package; it supports
 * text only (no tools, files or structured output).
 *
 * @example
 * ```ts
 * const model = stubChatModel({ baseURL: stub.baseURL, modelId: 'gpt-4.1' });
 * const { text } = await generateText({ model, prompt: 'Hello' });
 * ```
 */
import type { wrapLanguageModel } from 'ai';

type LanguageModelV2 = Parameters<typeof wrapLanguageModel>[0]['model'];
type CallOptions = Parameters<LanguageModelV2['doGenerate']>[0];
type GenerateResult = Awaited<ReturnType<LanguageModelV2['doGenerate']>>;
type StreamResult = Awaited<ReturnType<LanguageModelV2['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;

export interface StubChatModelOptions {
  /** Base URL ending in `/v1`. */
  baseURL: string;
  modelId?: string;
}

/** Chat messages for the wire: each message's text parts joined. */
function wireMessages(prompt: CallOptions['prompt']): Array<{ role: string; content: string }> {
  return prompt.map((m) => ({
    role: m.role,
    content: typeof m.content === 'string' ? m.content : m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join(''),
  }));
}

async function post(options: StubChatModelOptions, call: CallOptions, stream: boolean): Promise<Response> {
  const response = await fetch(`${options.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: options.modelId ?? 'stub-model', messages: wireMessages(call.prompt), stream }),
    ...(call.abortSignal ? { signal: call.abortSignal } : {}),
  });
  if (!response.ok) throw new Error(`stub model answered ${response.status}: ${await response.text()}`);
  return response;
}

const usage = { inputTokens: 10, outputTokens: 10, totalTokens: 20 };

/** A language model backed by an OpenAI-wire server. */
export function stubChatModel(options: StubChatModelOptions): LanguageModelV2 {
  return {
    specificationVersion: 'v2',
    provider: 'openai-stub',
    modelId: options.modelId ?? 'stub-model',
    supportedUrls: {},
    async doGenerate(call): Promise<GenerateResult> {
      const body = (await (await post(options, call, false)).json()) as { choices: Array<{ message: { content: string | null } }> };
      return { content: [{ type: 'text', text: body.choices[0]?.message.content ?? '' }], finishReason: 'stop', usage, warnings: [] };
    },
    async doStream(call): Promise<StreamResult> {
      const response = await post(options, call, true);
      return { stream: response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(sseToParts()) };
    },
  };
}

/** OpenAI chat-completion SSE lines to AI SDK stream parts. */
function sseToParts(): TransformStream<string, StreamPart> {
  let buffer = '';
  let started = false;
  return new TransformStream<string, StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: [] });
    },
    transform(text, controller) {
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data === '' || data === '[DONE]') continue;
        const chunk = JSON.parse(data) as { choices: Array<{ delta: { content?: string }; finish_reason: string | null }> };
        const choice = chunk.choices[0];
        if (!choice) continue;
        const delta = choice.delta.content;
        if (typeof delta === 'string' && delta !== '') {
          if (!started) controller.enqueue({ type: 'text-start', id: '0' });
          started = true;
          controller.enqueue({ type: 'text-delta', id: '0', delta });
        }
        if (choice.finish_reason) {
          if (started) controller.enqueue({ type: 'text-end', id: '0' });
          controller.enqueue({ type: 'finish', finishReason: 'stop', usage });
        }
      }
    },
  });
}
