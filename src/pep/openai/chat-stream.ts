import { createOutputStreamGovernor, type OutputGovernorOptions } from '../model-calls/governed-output.js';
import { asSdkStream, type StreamLike } from './governed-stream.js';

interface ChunkChoice {
  index: number;
  delta?: { content?: unknown; refusal?: unknown; [k: string]: unknown };
  finish_reason?: unknown;
  logprobs?: unknown;
  [k: string]: unknown;
}

/** The parts of a `chat.completion.chunk` the wrapper reads and rewrites. */
export interface ChatChunkLike {
  choices?: ChunkChoice[];
  usage?: unknown;
  [k: string]: unknown;
}

const FIELDS = ['content', 'refusal'] as const;
type Field = (typeof FIELDS)[number];
const channelOf = (index: number, field: Field) => `${index}:${field}`;

/**
 * Governs a streamed chat completion: every choice's `content` and `refusal` deltas pass through
 * a stream redactor, so a value split across chunks never comes out whole or in part. From the
 * first chunk that finishes a choice, chunks are held until the upstream ends; then the output
 * decision over the whole reply is recorded, and the held text is released with them (or the
 * stream throws `PolicyDeniedError`). `logprobs` are dropped: they spell out the raw tokens.
 */
export function governChatStream<T extends ChatChunkLike>(upstream: StreamLike<T>, options: OutputGovernorOptions): StreamLike<T> {
  return asSdkStream(upstream, () => chunks(upstream, options));
}

async function* chunks<T extends ChatChunkLike>(upstream: AsyncIterable<T>, options: OutputGovernorOptions): AsyncGenerator<T> {
  const governor = createOutputStreamGovernor<string>(options);
  const held: T[] = [];
  let last: T | null = null;
  let finished = false;
  try {
    for await (const chunk of upstream) {
      last = chunk;
      const out = await redactChunk(chunk, governor.push);
      if (out === null) continue;
      if (held.length > 0 || (chunk.choices ?? []).some((c) => c.finish_reason != null)) held.push(out);
      else yield out;
    }
    const rest = await governor.finish();
    finished = true;
    for (const extra of placeRest(rest, held, last)) yield extra;
    for (const chunk of held) yield chunk;
  } finally {
    if (!finished) await governor.abandon().catch(() => undefined);
  }
}

/** The chunk with its deltas redacted; null when nothing is left to send. */
async function redactChunk<T extends ChatChunkLike>(chunk: T, push: (channel: string, delta: string) => Promise<string>): Promise<T | null> {
  if (!Array.isArray(chunk.choices)) return chunk;
  const choices: ChunkChoice[] = [];
  for (const choice of chunk.choices) {
    let delta = choice.delta;
    let heldAll = true;
    for (const field of FIELDS) {
      const text = delta?.[field];
      if (typeof text !== 'string' || text === '') continue;
      const released = await push(channelOf(choice.index, field), text);
      delta = { ...delta, [field]: released };
      if (released !== '') heldAll = false;
    }
    const { logprobs: _dropped, ...rest } = choice;
    const next = { ...rest, ...(choice.logprobs !== undefined ? { logprobs: null } : {}), ...(delta ? { delta } : {}) };
    const carriesMore = choice.finish_reason != null || Object.keys(delta ?? {}).some((k) => !FIELDS.includes(k as Field) && delta![k] !== undefined);
    const hadText = FIELDS.some((f) => typeof choice.delta?.[f] === 'string' && choice.delta[f] !== '');
    if (!hadText || !heldAll || carriesMore) choices.push(next);
  }
  if (choices.length === 0 && chunk.usage == null) return null;
  return { ...chunk, choices };
}

/**
 * Puts what each channel still held into the chunk that finished its choice; a choice that never
 * finished gets a chunk of its own. Returns those extra chunks, to go before the held ones.
 */
function placeRest<T extends ChatChunkLike>(rest: Map<string, string>, held: T[], last: T | null): T[] {
  const extra: T[] = [];
  for (const [channel, text] of rest) {
    if (text === '') continue;
    const [indexText, field] = channel.split(':') as [string, Field];
    const index = Number(indexText);
    const finishing = held.find((c) => c.choices?.some((ch) => ch.index === index && ch.finish_reason != null));
    const choice = finishing?.choices?.find((ch) => ch.index === index && ch.finish_reason != null);
    if (choice) {
      const previous = choice.delta?.[field];
      choice.delta = { ...choice.delta, [field]: (typeof previous === 'string' ? previous : '') + text };
    } else {
      extra.push({ ...(last ?? {}), choices: [{ index, delta: { [field]: text }, logprobs: null, finish_reason: null }], usage: null } as unknown as T);
    }
  }
  return extra;
}
