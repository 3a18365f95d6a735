/**
 * The governable part of a chat-style JSON body: a `messages` array, or a `prompt` / `input`
 * string (an `input` array of messages counts too, as in the Responses API), or the field the
 * host names. The rest of the body is passed through untouched.
 */
import type { Decision } from '../../pdp/decision.js';
import type { Message } from '../../pdp/request-schema.js';
import { ChatInputMissingError } from './adapter-errors.js';

/** Where the governed content sits in the body, and its value. */
export interface ChatInput {
  field: string;
  text?: string;
  messages?: Message[];
  /** `body.model`, when it is a string: policies can condition on it. */
  model?: string;
}

const DEFAULT_FIELDS = ['messages', 'prompt', 'input'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fromField(body: Record<string, unknown>, field: string): ChatInput | null {
  if (!Object.prototype.hasOwnProperty.call(body, field)) return null;
  const value = body[field];
  const model = typeof body.model === 'string' ? { model: body.model } : {};
  if (typeof value === 'string') return { field, text: value, ...model };
  // Each element is validated by the engine; a malformed message is an invalid_request deny.
  if (Array.isArray(value)) return { field, messages: value as Message[], ...model };
  return null;
}

/**
 * Finds the content to govern. Throws `ChatInputMissingError` (HTTP 400) when there is none,
 * so an unexpected body shape is refused rather than passed through unchecked.
 *
 * @example
 * ```ts
 * readChatInput({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
 * // { field: 'messages', messages: [...], model: 'gpt-4.1' }
 * readChatInput({ question: 'hi' }, 'question'); // { field: 'question', text: 'hi' }
 * ```
 */
export function readChatInput(body: unknown, bodyField?: string): ChatInput {
  if (!isRecord(body)) throw new ChatInputMissingError('The request body must be a JSON object with a messages array or a prompt or input string.');
  if (bodyField !== undefined) {
    const found = fromField(body, bodyField);
    if (!found) throw new ChatInputMissingError(`The request body must have "${bodyField}": a string or an array of { role, content } messages.`);
    return found;
  }
  for (const field of DEFAULT_FIELDS) {
    const found = fromField(body, field);
    if (found) return found;
  }
  throw new ChatInputMissingError('The request body has no messages array and no prompt or input string to check. Send one, or set bodyField.');
}

/**
 * The body with the governed field replaced by its redacted form; the same object when the
 * decision changed nothing. Never mutates `body`.
 */
export function withSafeChatInput<B>(body: B, input: ChatInput, decision: Decision): B {
  if (decision.verdict !== 'redact' && decision.verdict !== 'require_approval') return body;
  const safe = input.messages !== undefined ? decision.redactedMessages : decision.redactedText;
  if (safe === undefined) return body;
  return { ...(body as Record<string, unknown>), [input.field]: safe } as B;
}
