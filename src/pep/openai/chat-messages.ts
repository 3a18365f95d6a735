import type { Message } from '../../pdp/request-schema.js';

/** A chat message as the SDK takes it: `content` may be missing (an assistant turn with only tool calls). */
export interface ChatMessageLike {
  role: string;
  content?: unknown;
  [key: string]: unknown;
}

/**
 * The messages as the engine reads them: role and content only (a missing content becomes
 * `null`; tool-call arguments of assistant turns are not scanned).
 */
export function toEngineMessages(messages: readonly ChatMessageLike[]): Message[] {
  return messages.map((m) => ({ role: m.role, content: (m.content ?? null) as Message['content'] }));
}

/** The caller's messages with each redacted content swapped in; untouched messages are the caller's own objects. */
export function withRedactedContent<M extends ChatMessageLike>(original: readonly M[], engineView: readonly Message[], redacted: readonly Message[]): M[] {
  return original.map((m, i) => (redacted[i] === engineView[i] || redacted[i] === undefined ? m : { ...m, content: redacted[i]!.content }));
}
