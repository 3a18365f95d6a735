/**
 * A local stand-in for the OpenAI API, for tests and examples: node:http on 127.0.0.1, speaking
 * the wire format of `POST /v1/chat/completions` (JSON, or SSE with `stream: true`) and
 * `POST /v1/responses` (JSON, or SSE events). Replies are scripted, streamed replies are split
 * where the script says (so a card number can be cut across two chunks), and every request is
 * kept in `received`, so a test can check that no raw value reached the "model".
 *
 * @example
 * ```ts
 * const stub = await startOpenAIStub({ replies: [{ text: 'Card 4111 1111 1111 1111', splitAt: [9] }] });
 * const client = new OpenAI({ apiKey: 'test', baseURL: stub.baseURL });
 * // ... stub.received[0].body.messages
 * await stub.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply. */
export interface ScriptedReply {
  /** The reply's text. */
  text: string;
  /**
   * Offsets where a streamed reply is cut into chunks, e.g. `[9]` sends `text.slice(0, 9)` and
   * `text.slice(9)`. Default: chunks of `chunkSize` characters.
   */
  splitAt?: number[];
  /** Chunk length when `splitAt` is not given. Default 8. */
  chunkSize?: number;
}

/** A request the stub received. */
export interface ReceivedRequest {
  path: string;
  /** The JSON body, parsed. */
  body: Record<string, unknown>;
  /** The body as sent, for searching for raw values. */
  raw: string;
}

export interface OpenAIStubOptions {
  /** Replies used in order, one per request; a function is asked for each request. Default: echo the last user text. */
  replies?: ScriptedReply[] | ((request: ReceivedRequest) => ScriptedReply);
}

export interface OpenAIStub {
  /** Base URL for the OpenAI client, ending in `/v1`. */
  readonly baseURL: string;
  readonly received: ReceivedRequest[];
  /** Queues more scripted replies. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

/** Starts the stub on a free port of 127.0.0.1. */
export async function startOpenAIStub(options: OpenAIStubOptions = {}): Promise<OpenAIStub> {
  const received: ReceivedRequest[] = [];
  const queue: ScriptedReply[] = Array.isArray(options.replies) ? [...options.replies] : [];
  const pick = (request: ReceivedRequest): ScriptedReply => {
    if (typeof options.replies === 'function') return options.replies(request);
    return queue.shift() ?? { text: `You said: ${lastUserText(request.body)}` };
  };

  const server: Server = createServer((req, res) => {
    readBody(req).then((raw) => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      }
      const path = (req.url ?? '').split('?')[0]!;
      const request = { path, body, raw };
      if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/responses')) {
        return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
      }
      received.push(request);
      const reply = pick(request);
      const model = typeof body.model === 'string' ? body.model : 'stub-model';
      const chunks = splitReply(reply);
      if (path === '/v1/chat/completions') {
        if (body.stream === true) return streamChat(res, model, chunks);
        return sendJson(res, 200, chatCompletion(model, reply.text));
      }
      if (body.stream === true) return streamResponse(res, model, chunks);
      return sendJson(res, 200, response(model, reply.text));
    }, () => sendJson(res, 400, { error: { message: 'could not read the body' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    script: (...replies) => void queue.push(...replies),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => resolve(raw));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The last user message's text, from chat `messages` or responses `input`. */
function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.input === 'string') return body.input;
  const list = (Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : []) as Array<{ role?: string; content?: unknown }>;
  const last = [...list].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) return last.content.map((p: { text?: unknown }) => (typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

function splitReply(reply: ScriptedReply): string[] {
  const { text } = reply;
  if (reply.splitAt) {
    const cuts = [...new Set(reply.splitAt.filter((c) => c > 0 && c < text.length))].sort((a, b) => a - b);
    return [0, ...cuts].map((c, i, all) => text.slice(c, all[i + 1] ?? text.length));
  }
  const size = Math.max(1, reply.chunkSize ?? 8);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

let sequence = 0;
const id = (prefix: string) => `${prefix}_stub${++sequence}`;
const now = () => Math.floor(Date.now() / 1000);
const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function chatCompletion(model: string, text: string) {
  return {
    id: id('chatcmpl'), object: 'chat.completion', created: now(), model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage,
  };
}

function sse(res: ServerResponse): (data: unknown, event?: string) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return (data, event) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

function streamChat(res: ServerResponse, model: string, chunks: string[]): void {
  const send = sse(res);
  const base = { id: id('chatcmpl'), object: 'chat.completion.chunk', created: now(), model };
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
  for (const content of chunks) send({ ...base, choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }] });
  send({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] });
  send('[DONE]');
  res.end();
}

function messageItem(itemId: string, text: string, status: string) {
  return { type: 'message', id: itemId, status, role: 'assistant', content: text === '' && status !== 'completed' ? [] : [{ type: 'output_text', text, annotations: [] }] };
}

function response(model: string, text: string, responseId = id('resp'), itemId = id('msg')) {
  return {
    id: responseId, object: 'response', created_at: now(), status: 'completed', model,
    output: [messageItem(itemId, text, 'completed')],
    usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20 },
  };
}

function streamResponse(res: ServerResponse, model: string, chunks: string[]): void {
  const send = sse(res);
  const responseId = id('resp');
  const itemId = id('msg');
  const text = chunks.join('');
  let n = 0;
  const event = (type: string, fields: Record<string, unknown>) => send({ type, sequence_number: n++, ...fields }, type);
  event('response.created', { response: { ...response(model, '', responseId, itemId), status: 'in_progress', output: [] } });
  event('response.output_item.added', { output_index: 0, item: messageItem(itemId, '', 'in_progress') });
  event('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
  for (const delta of chunks) event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] });
  event('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] });
  event('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
  event('response.output_item.done', { output_index: 0, item: messageItem(itemId, text, 'completed') });
  event('response.completed', { response: response(model, text, responseId, itemId) });
  res.end();
}
