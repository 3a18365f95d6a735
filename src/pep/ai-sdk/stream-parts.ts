import { createOutputStreamGovernor, type OutputGovernorOptions } from '../model-calls/governed-output.js';
import type { StreamPart } from './ai-sdk-types.js';

/** Delta parts whose text is governed, and the part that ends each one's text. */
const DELTA_TYPES = new Set(['text-delta', 'reasoning-delta']);
const END_TYPES = new Set(['text-end', 'reasoning-end', 'finish']);

const channelOf = (part: { type: string; id: string }) => `${part.type.startsWith('reasoning') ? 'reasoning' : 'text'}:${part.id}`;

/**
 * A TransformStream over the model's stream parts: `text-delta` and `reasoning-delta` pass
 * through a stream redactor per text id, so a value split across deltas never comes out. From
 * the first `text-end`, `reasoning-end` or `finish` part on, parts are held until the stream ends;
 * then the output decision over all text is recorded, each held text's tail is released as a
 * delta just before its end part, and the held parts follow. A stopped output errors the stream
 * with `PolicyDeniedError` (or `ApprovalRequiredError`).
 */
export function governedPartStream(options: OutputGovernorOptions): TransformStream<StreamPart, StreamPart> {
  const governor = createOutputStreamGovernor<string>(options);
  const held: StreamPart[] = [];
  return new TransformStream<StreamPart, StreamPart>({
    async transform(part, controller) {
      const p = part as { type: string; id?: string; delta?: unknown };
      if (DELTA_TYPES.has(p.type) && typeof p.delta === 'string' && typeof p.id === 'string') {
        const text = await governor.push(channelOf(p as { type: string; id: string }), p.delta);
        if (text === '') return;
        const out = { ...part, delta: text } as StreamPart;
        if (held.length > 0) held.push(out);
        else controller.enqueue(out);
        return;
      }
      if (held.length > 0 || END_TYPES.has(p.type)) held.push(part);
      else controller.enqueue(part);
    },
    async flush(controller) {
      const rest = await governor.finish();
      for (const part of held) {
        const p = part as { type: string; id?: string };
        if ((p.type === 'text-end' || p.type === 'reasoning-end') && typeof p.id === 'string') {
          const channel = channelOf(p as { type: string; id: string });
          const tail = rest.get(channel) ?? '';
          rest.delete(channel);
          if (tail !== '') controller.enqueue({ type: p.type === 'text-end' ? 'text-delta' : 'reasoning-delta', id: p.id, delta: tail } as StreamPart);
        }
        if (p.type === 'finish') {
          // Texts whose end part never came: release their tails before the finish.
          for (const [channel, tail] of rest) {
            if (tail === '') continue;
            const [kind, ...id] = channel.split(':');
            controller.enqueue({ type: kind === 'reasoning' ? 'reasoning-delta' : 'text-delta', id: id.join(':'), delta: tail } as StreamPart);
          }
          rest.clear();
        }
        controller.enqueue(part);
      }
      for (const [channel, tail] of rest) {
        if (tail === '') continue;
        const [kind, ...id] = channel.split(':');
        controller.enqueue({ type: kind === 'reasoning' ? 'reasoning-delta' : 'text-delta', id: id.join(':'), delta: tail } as StreamPart);
      }
    },
  });
}
