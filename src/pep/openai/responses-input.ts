import type { Message } from '../../pdp/request-schema.js';

/** Where each engine message came from in a `responses.create` body. */
type Slot = { kind: 'instructions' } | { kind: 'input' } | { kind: 'item'; index: number; field: 'content' | 'output' };

/** A `responses.create` body as the engine reads it: one message per text-bearing input. */
export interface ResponsesInputView {
  messages: Message[];
  slots: Slot[];
}

type Item = Record<string, unknown>;

/**
 * Reads `instructions` (as a system message), `input` as a string (a user message), and input
 * items with a role and content (messages) or a string `output` (tool results). Other items
 * (function-call arguments, references, reasoning) are not scanned.
 */
export function readResponsesInput(body: Record<string, unknown>): ResponsesInputView {
  const messages: Message[] = [];
  const slots: Slot[] = [];
  if (typeof body.instructions === 'string') {
    messages.push({ role: 'system', content: body.instructions });
    slots.push({ kind: 'instructions' });
  }
  if (typeof body.input === 'string') {
    messages.push({ role: 'user', content: body.input });
    slots.push({ kind: 'input' });
  } else if (Array.isArray(body.input)) {
    body.input.forEach((raw, index) => {
      if (raw === null || typeof raw !== 'object') return;
      const item = raw as Item;
      if (typeof item.role === 'string' && (typeof item.content === 'string' || Array.isArray(item.content))) {
        messages.push({ role: item.role, content: item.content as Message['content'] });
        slots.push({ kind: 'item', index, field: 'content' });
      } else if (item.type === 'function_call_output' && typeof item.output === 'string') {
        messages.push({ role: 'tool', content: item.output });
        slots.push({ kind: 'item', index, field: 'output' });
      }
    });
  }
  return { messages, slots };
}

/** The body with the redacted messages written back where they came from. */
export function writeResponsesInput(body: Record<string, unknown>, view: ResponsesInputView, redacted: readonly Message[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const input = Array.isArray(body.input) ? [...(body.input as Item[])] : undefined;
  view.slots.forEach((slot, k) => {
    const message = redacted[k];
    if (!message || message === view.messages[k]) return;
    if (slot.kind === 'instructions') out.instructions = message.content;
    else if (slot.kind === 'input') out.input = message.content;
    else if (input) input[slot.index] = { ...input[slot.index], [slot.field]: message.content };
  });
  if (input) out.input = input;
  return out;
}
