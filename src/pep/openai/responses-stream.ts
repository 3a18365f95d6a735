import type { Decision } from '../../pdp/decision.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import { createOutputStreamGovernor, type OutputGovernorOptions } from '../model-calls/governed-output.js';
import { stopsStream } from '../streaming/segment-decision.js';
import { asSdkStream, type StreamLike } from './governed-stream.js';
import { rewriteItem, rewritePart, rewriteResponse, textKey } from './responses-output.js';

type Event = { type?: unknown; [k: string]: unknown };

/** Text delta events: the list (content or summary) their index points into, and their `done` event's text field. */
const DELTAS: Readonly<Record<string, { list: 'c' | 's'; index: string; done: string; field: string }>> = {
  'response.output_text.delta': { list: 'c', index: 'content_index', done: 'response.output_text.done', field: 'text' },
  'response.refusal.delta': { list: 'c', index: 'content_index', done: 'response.refusal.done', field: 'refusal' },
  'response.reasoning_text.delta': { list: 'c', index: 'content_index', done: 'response.reasoning_text.done', field: 'text' },
  'response.reasoning_summary_text.delta': { list: 's', index: 'summary_index', done: 'response.reasoning_summary_text.done', field: 'text' },
};
const DONES = new Map(Object.entries(DELTAS).map(([delta, d]) => [d.done, { ...d, delta }]));
/** Events that carry a whole part, item or response, whose texts are rewritten. */
const PART_EVENTS = new Set(['response.content_part.added', 'response.content_part.done', 'response.reasoning_summary_part.added', 'response.reasoning_summary_part.done']);
const ITEM_EVENTS = new Set(['response.output_item.added', 'response.output_item.done']);
const RESPONSE_EVENTS = new Set(['response.created', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed', 'response.queued']);

/**
 * Governs a streamed response: text deltas (output text, refusals, reasoning) pass through a
 * stream redactor per part; from the first `…done` event on, events are held until the upstream
 * ends, the output decision over all text is recorded, and the `done` events, parts, items and
 * the final response carry the redacted text. Log probabilities are dropped.
 */
export function governResponseStream<T extends Event>(upstream: StreamLike<T>, options: OutputGovernorOptions): StreamLike<T> {
  return asSdkStream(upstream, () => events(upstream, options));
}

async function* events<T extends Event>(upstream: AsyncIterable<T>, options: OutputGovernorOptions): AsyncGenerator<T> {
  const governor = createOutputStreamGovernor<string>(options);
  const raw = new Map<string, string>();
  const released = new Map<string, string>();
  const held: T[] = [];
  let finished = false;

  /** A text that was not streamed as deltas (or differs from them): redacted on its own. */
  const redactAlone = (text: string): string => {
    if (text === '') return text;
    const d: Decision = options.gatehouse.engine.decide({ orgId: options.identity.orgId, stage: 'output', text });
    if (stopsStream(d)) throw d.verdict === 'require_approval' ? new ApprovalRequiredError(d, null) : new PolicyDeniedError(d, 'model output');
    return (options.restore ?? ((t: string) => t))(d.redactedText ?? text);
  };
  const replace = (key: string, text: string): string => (finished && raw.get(key) === text ? released.get(key)! : redactAlone(text));

  try {
    for await (const event of upstream) {
      const type = String(event.type);
      const delta = DELTAS[type];
      if (delta && typeof event.delta === 'string') {
        const key = textKey(event.item_id, delta.list, Number(event[delta.index]));
        raw.set(key, (raw.get(key) ?? '') + event.delta);
        const text = await governor.push(key, event.delta);
        released.set(key, (released.get(key) ?? '') + text);
        if (text === '') continue;
        const out = { ...event, delta: text, ...(Array.isArray(event.logprobs) ? { logprobs: [] } : {}) };
        if (held.length > 0) held.push(out);
        else yield out;
        continue;
      }
      if (held.length > 0 || DONES.has(type) || type === 'response.completed' || type === 'response.incomplete') {
        held.push(event);
        continue;
      }
      yield rewrite(event, replace);
    }
    const rest = await governor.finish();
    for (const [key, text] of rest) released.set(key, (released.get(key) ?? '') + text);
    finished = true;
    for (const event of held) {
      const done = DONES.get(String(event.type));
      if (done) {
        const key = textKey(event.item_id, done.list, Number(event[done.index]));
        const tail = rest.get(key) ?? '';
        if (tail !== '') yield deltaEvent(event, done.delta, done.index, tail);
        yield { ...event, [done.field]: replace(key, String(event[done.field] ?? '')), ...(Array.isArray(event.logprobs) ? { logprobs: [] } : {}) };
        continue;
      }
      if (DELTAS[String(event.type)]) yield event;
      else yield rewrite(event, replace);
    }
  } finally {
    if (!finished) await governor.abandon().catch(() => undefined);
  }
}

/** Rewrites the texts an event carries: a part, an item or a whole response. */
function rewrite<T extends Event>(event: T, replace: (key: string, text: string) => string): T {
  const type = String(event.type);
  if (PART_EVENTS.has(type) && event.part && typeof event.part === 'object') {
    const list = type.includes('summary') ? 's' : 'c';
    const index = Number(list === 's' ? event.summary_index : event.content_index);
    return { ...event, part: rewritePart(event.part, textKey(event.item_id, list, index), replace) };
  }
  if (ITEM_EVENTS.has(type) && event.item && typeof event.item === 'object') {
    return { ...event, item: rewriteItem(event.item as Record<string, unknown>, Number(event.output_index), replace) };
  }
  if (RESPONSE_EVENTS.has(type) && event.response && typeof event.response === 'object') {
    return { ...event, response: rewriteResponse(event.response as Record<string, unknown>, replace) };
  }
  return event;
}

/** The delta event that carries a part's held-back tail, built from its `done` event (never copying its raw text). */
function deltaEvent<T extends Event>(done: T, type: string, indexField: string, delta: string): T {
  const { sequence_number, item_id, output_index } = done;
  return { type, ...(sequence_number !== undefined ? { sequence_number } : {}), item_id, output_index, [indexField]: done[indexField], delta, logprobs: [] } as unknown as T;
}
